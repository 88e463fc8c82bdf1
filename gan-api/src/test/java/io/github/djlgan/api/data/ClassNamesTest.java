package io.github.djlgan.api.data;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import io.github.djlgan.api.InvalidInputException;
import io.github.djlgan.api.config.TrainingConfig;

import org.testng.annotations.DataProvider;
import org.testng.annotations.Test;

import java.util.List;

/** A class is asked for by name or by number; anything else is one line listing the classes. */
public class ClassNamesTest {

    private static final ClassNames FASHION =
            ClassNames.of(ImageCollection.FASHION_MNIST.classNames(), 10);

    @Test
    public void aNameAndItsNumberAskForTheSameLabel() {
        for (int label = 0; label < 10; label++) {
            String name = ImageCollection.FASHION_MNIST.classNames().get(label);
            assertEquals(FASHION.label(name), label, name);
            assertEquals(FASHION.label(Integer.toString(label)), label);
            assertEquals(FASHION.name(label), name);
        }
        assertEquals(FASHION.label("ankle boot"), 9, "case is ignored where one name matches");
        assertEquals(FASHION.label("T-shirt/top"), 0);
    }

    @Test
    public void aNameWinsOverANumber() {
        // Class folders named 1, 2 and 5: "2" is the folder named 2 (label 1); "0" is label 0.
        ClassNames folders = ClassNames.of(List.of("1", "2", "5"), 3);
        assertEquals(folders.label("2"), 1);
        assertEquals(folders.label("5"), 2);
        assertEquals(folders.label("0"), 0);
        InvalidInputException three = expectThrows(InvalidInputException.class,
                () -> folders.label("3"));
        assertEquals(three.getMessage(),
                "\"3\" is not a class; the classes are 0 \"1\", 1 \"2\", 2 \"5\"");
    }

    @DataProvider
    public Object[][] notClasses() {
        return new Object[][] {{"Sandals"}, {"10"}, {"-1"}, {""}, {"99999999999999999999"}};
    }

    @Test(dataProvider = "notClasses")
    public void anythingElseIsOneLineListingTheClasses(String asked) {
        InvalidInputException error =
                expectThrows(InvalidInputException.class, () -> FASHION.label(asked));
        assertEquals(error.getMessage(), "\"" + asked + "\" is not a class; the classes are"
                + " 0 \"T-shirt/top\", 1 \"Trouser\", 2 \"Pullover\", 3 \"Dress\", 4 \"Coat\","
                + " 5 \"Sandal\", 6 \"Shirt\", 7 \"Sneaker\", 8 \"Bag\", 9 \"Ankle boot\"");
        assertFalse(error.getMessage().contains("\n"));
    }

    @Test
    public void unnamedClassesGoByNumber() {
        ClassNames numbers = ClassNames.of(List.of(), 4);
        assertFalse(numbers.named());
        assertEquals(numbers.names(), List.of("0", "1", "2", "3"));
        assertEquals(numbers.label("3"), 3);
        InvalidInputException error =
                expectThrows(InvalidInputException.class, () -> numbers.label("cats"));
        assertEquals(error.getMessage(), "\"cats\" is not a class; the classes are 0 to 3");
        assertEquals(expectThrows(InvalidInputException.class, () -> numbers.label(4L))
                .getMessage(), "\"4\" is not a class; the classes are 0 to 3");
        InvalidInputException unconditional = expectThrows(InvalidInputException.class,
                () -> ClassNames.of(List.of(), 0).label("1"));
        assertTrue(unconditional.getMessage().contains("not conditional"),
                unconditional.getMessage());
    }

    @Test
    public void longListsAreCut() {
        List<String> many = java.util.stream.IntStream.range(0, 50)
                .mapToObj(i -> "class" + i).toList();
        String message = expectThrows(InvalidInputException.class,
                () -> ClassNames.of(many, 50).label("dog")).getMessage();
        assertTrue(message.endsWith("19 \"class19\", ... (50 classes)"), message);
    }

    @DataProvider
    public Object[][] badNames() {
        return new Object[][] {
            {List.of("a", "b"), 3, "must name each of the 3 classes once, got 2 names"},
            {List.of("a", "b"), 0, "got 2 names for an unconditional generator"},
            {List.of("a", ""), 2, "classNames[1] must not be empty"},
            {List.of("a", "b\nc"), 2, "classNames[1] must not hold a line break"},
            {List.of("a", "a"), 2, "classNames[1] repeats the name \"a\""},
        };
    }

    @Test(dataProvider = "badNames")
    public void badNamesAreRefusedByName(List<String> names, int classes, String message) {
        InvalidInputException error =
                expectThrows(InvalidInputException.class, () -> ClassNames.of(names, classes));
        assertTrue(error.getMessage().contains(message), error.getMessage());
    }

    /** config.json records the names in the model group; a file without them still loads. */
    @Test
    public void configJsonKeepsTheNamesAndLoadsWithoutThem() {
        TrainingConfig config =
                TrainingConfig.builder()
                        .optData(d -> d.optDataset("fashion-mnist"))
                        .optModel(m -> m.optConditional(true)
                                .optClassNames(ImageCollection.FASHION_MNIST.classNames()))
                        .optSeed(1)
                        .build();
        String json = config.toJson();
        assertTrue(json.contains("\"classNames\": [\n      \"T-shirt/top\","), json);
        TrainingConfig read = TrainingConfig.fromJson(json);
        assertEquals(read, config);
        assertEquals(read.model().labels().label("Bag"), 8);

        TrainingConfig withoutNames = TrainingConfig.fromJson(
                json.replaceAll("(?s),\\s*\"classNames\": \\[.*?\\]", ""));
        assertEquals(withoutNames.model().classNames(), List.of());
        assertEquals(withoutNames.model().labels().label("8"), 8);

        String wrongCount = json.replace("\"Ankle boot\"", "\"Ankle boot\", \"Hat\"");
        InvalidInputException error = expectThrows(InvalidInputException.class,
                () -> TrainingConfig.fromJson(wrongCount));
        assertTrue(error.getMessage().contains("10 classes once, got 11"), error.getMessage());
        InvalidInputException notStrings = expectThrows(InvalidInputException.class,
                () -> TrainingConfig.fromJson(json.replace("\"Bag\"", "8")));
        assertTrue(notStrings.getMessage().contains("model.classNames"), notStrings.getMessage());
    }
}
