package io.github.djlgan.cli;

import io.github.djlgan.api.InvalidInputException;
import io.github.djlgan.djl.engine.Engines;
import io.github.djlgan.djl.theory.TheoryCheck;
import io.github.djlgan.djl.theory.TheoryReport;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code gan theory}: the paper's Proposition 1 and Theorem 1 computed on an engine, with its
 * Figure 1.
 */
@Command(
        name = "theory",
        mixinStandardHelpOptions = true,
        description = {
            "Checks the paper's theory numerically (about a minute on CPU).",
            "Proposition 1: D trained against a fixed Gaussian G, compared with"
                    + " D* = p_data / (p_data + p_g).",
            "Theorem 1: the 1D GAN of Figure 1 trained while JSD(p_data || p_g), V(G, D),"
                    + " C(G) = -log 4 + 2 JSD and the mean D outputs are measured.",
            "Writes DIR/theory.json and DIR/figure1.png."
        })
final class TheoryCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--engine", description = "Engine. Default: PyTorch.")
    String engine = "PyTorch";

    @Option(names = "--device", description = "Device. Default: cpu.")
    String device = "cpu";

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder. Default: theory.")
    Path out = Path.of("theory");

    @Option(names = "--seed", description = "Seed. Default: 1.")
    long seed = 1;

    @Option(names = "--d-steps",
            description = "Proposition 1: discriminator updates. Default: 3000.")
    int discriminatorSteps = TheoryCheck.Settings.defaults("", 0).discriminatorSteps();

    @Option(names = "--steps", description = "Theorem 1: GAN training steps. Default: 4000.")
    long steps = TheoryCheck.Settings.defaults("", 0).ganSteps();

    @Override
    public Integer call() throws IOException {
        if (discriminatorSteps < 1) {
            throw new InvalidInputException("--d-steps must be positive, got " + discriminatorSteps);
        }
        if (steps < 20) {
            throw new InvalidInputException("--steps must be at least 20, got " + steps);
        }
        TheoryReport report =
                TheoryCheck.run(
                        new TheoryCheck.Settings(
                                Engines.canonicalName(engine), device, seed, discriminatorSteps,
                                steps),
                        out);
        spec.commandLine().getOut().println(report.describe());
        spec.commandLine().getOut().println(
                "wrote " + out.resolve(TheoryCheck.REPORT) + " and "
                        + out.resolve(TheoryCheck.FIGURE));
        return GanCli.OK;
    }
}
