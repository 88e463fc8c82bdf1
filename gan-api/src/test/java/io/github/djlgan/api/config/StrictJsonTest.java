package io.github.djlgan.api.config;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import com.google.gson.JsonObject;

import io.github.djlgan.api.InvalidInputException;

import org.testng.annotations.DataProvider;
import org.testng.annotations.Test;

public class StrictJsonTest {

    @Test
    public void readsValidJson() {
        JsonObject json =
                StrictJson.parseObject(
                        "{\"a\": 1, \"b\": [true, null, \"x\"], \"c\": {\"d\": 1.0E-8}, \"e\": -3}",
                        "f.json");
        assertEquals(json.get("a").getAsInt(), 1);
        assertEquals(json.getAsJsonArray("b").size(), 3);
        assertEquals(json.getAsJsonObject("c").get("d").getAsDouble(), 1e-8);
        assertEquals(json.get("e").getAsLong(), -3L);
    }

    /** A key given twice is refused with the key and its line, not taken from its last copy. */
    @Test
    public void refusesADuplicatedKey() {
        InvalidInputException refused =
                expectThrows(
                        InvalidInputException.class,
                        () -> StrictJson.parse("{\n  \"steps\": 10,\n  \"steps\": 20\n}", "c.json"));
        assertTrue(refused.getMessage().startsWith("c.json gives the key 'steps' twice"),
                refused.getMessage());
        assertTrue(refused.getMessage().contains("line 3"), refused.getMessage());
        expectThrows(
                InvalidInputException.class,
                () -> StrictJson.parse("{\"o\": {\"k\": 1, \"k\": 1}}", "c.json"));
    }

    @DataProvider
    public Object[][] notJson() {
        return new Object[][] {
            {"{\n  // a comment\n  \"a\": 1\n}", "line 2"},
            {"{\n  /* block */ \"a\": 1\n}", "line 2"},
            {"{'a': 1}", "line 1"},
            {"{a: 1}", "line 1"},
            {"{\"a\": 1,}", "line 1"},
            {"{\"a\": NaN}", "line 1"},
            {"{\"a\": 1} {\"b\": 2}", "more than one value"},
            {"{\"a\": ", "ends early"},
            {"[".repeat(100) + "]".repeat(100), "deeper than"},
        };
    }

    @Test(dataProvider = "notJson")
    public void refusesWhatIsNotJson(String text, String expected) {
        InvalidInputException refused =
                expectThrows(InvalidInputException.class, () -> StrictJson.parse(text, "c.json"));
        assertTrue(refused.getMessage().startsWith("c.json "), refused.getMessage());
        assertTrue(refused.getMessage().contains(expected), refused.getMessage());
        assertEquals(refused.getMessage().lines().count(), 1L, refused.getMessage());
    }

    @Test
    public void refusesANonObjectWhereAnObjectIsNeeded() {
        expectThrows(InvalidInputException.class, () -> StrictJson.parseObject("[1]", "c.json"));
    }
}
