package io.github.djlgan.cli;

import io.github.djlgan.api.InvalidInputException;
import io.github.djlgan.api.config.TrainingConfig;
import io.github.djlgan.api.data.ClassNames;
import io.github.djlgan.djl.run.GanSetup;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;

/**
 * The classes of a run's conditional generator, for the commands that draw, export or serve a
 * class, and the one way they read a class that a person asks for.
 */
final class RunClasses {

    private RunClasses() {}

    /**
     * Names the classes of a run: the names its config.json recorded; for a run from before names
     * were recorded, its dataset's (an IDX collection's standard names, or an image folder's class
     * folders where there are as many as the run has classes); else the labels' numbers.
     *
     * @param config the run's settings
     * @param err where to say why an older run's classes go by number
     * @return the classes; none for an unconditional run
     */
    static ClassNames of(TrainingConfig config, PrintWriter err) {
        int classes = config.model().classes();
        if (classes == 0 || !config.model().classNames().isEmpty()
                || !config.data().datasetSpec().isImage()) {
            return config.model().labels();
        }
        try {
            List<String> names = GanSetup.imageClassNames(config);
            return ClassNames.of(names.size() == classes ? names : List.of(), classes);
        } catch (IOException | InvalidInputException e) {
            err.println("gan: the classes are named by number: " + e.getMessage());
            return config.model().labels();
        }
    }

    /**
     * Reads the class a command option asks for.
     *
     * @param classes the generator's classes
     * @param asked a class name or a label number
     * @param option the option's name, for the message
     * @return the label
     * @throws InvalidInputException if the generator is not conditional, or {@code asked} is not
     *     one of its classes; one line listing them
     */
    static int label(ClassNames classes, String asked, String option) {
        if (classes.size() == 0) {
            throw new InvalidInputException(
                    option + " needs a conditional run (trained with --conditional)");
        }
        try {
            return classes.label(asked);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(option + " " + e.getMessage(), e);
        }
    }
}
