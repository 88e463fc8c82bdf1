package io.github.djlgan.cli;

import io.github.djlgan.api.config.ArchitectureKind;
import io.github.djlgan.api.config.ConfigDefault;
import io.github.djlgan.api.config.ConfigDefaults;
import io.github.djlgan.api.config.LossKind;
import io.github.djlgan.api.config.OptimizerConfig;
import io.github.djlgan.api.config.OptimizerKind;
import io.github.djlgan.api.config.PenaltyKind;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code gan defaults}: every setting a run would get from {@link ConfigDefaults} for a dataset,
 * architecture, loss and penalty, each with the one-line reason (and measurement) it was chosen
 * for. The values are the ones {@code gan train} resolves, from the same settings.
 */
@Command(
        name = "defaults",
        mixinStandardHelpOptions = true,
        description = {
            "Lists the defaults a gan train run gets, each with why it is the default.",
            "Example: gan defaults --dataset grid25"
        })
final class DefaultsCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--dataset", description = "As gan train's --dataset. Default: ring8.")
    String dataset;

    @Option(names = "--arch", description = "As gan train's --arch.")
    String architecture;

    @Option(names = "--loss", description = "As gan train's --loss.")
    String loss;

    @Option(names = "--penalty", paramLabel = "KIND", description = "As gan train's --penalty.")
    String penalty;

    private static final Set<ConfigDefault<?>> PENALTY_SETTINGS =
            Set.of(ConfigDefaults.PENALTY_WEIGHT, ConfigDefaults.PENALTY_ESTIMATOR);

    @Override
    public Integer call() {
        ArchitectureKind arch = architecture == null ? null : ArchitectureKind.fromId(architecture);
        LossKind chosenLoss = loss == null ? null : LossKind.fromId(loss);
        ConfigDefaults.Basis basis =
                penalty == null
                        ? ConfigDefaults.Basis.withDefaultPenalty(dataset, arch, chosenLoss)
                        : ConfigDefaults.Basis.of(dataset, arch, chosenLoss,
                                StabilizerOptions.NO_PENALTY.equals(penalty) ? null
                                        : PenaltyKind.fromId(penalty));
        PrintWriter out = spec.commandLine().getOut();
        out.printf("Defaults for dataset %s, architecture %s, loss %s, penalty %s%s:%n",
                basis.dataset().id(), basis.architecture().id(), basis.loss().id(),
                ConfigDefault.format(basis.penalty()),
                penalty == null ? " (" + ConfigDefaults.PENALTY.resolve(basis).reason() + ")"
                        : "");
        for (ConfigDefault<?> setting : ConfigDefaults.all()) {
            if (setting == ConfigDefaults.DATASET || setting == ConfigDefaults.PENALTY
                    || (basis.penalty() == null && PENALTY_SETTINGS.contains(setting))) {
                continue; // stated above, or not used without a penalty
            }
            ConfigDefaults.Default<?> chosen = setting.resolve(basis);
            out.printf("  %-20s %-28s %s%n", setting.name(), format(chosen.value()),
                    chosen.reason());
        }
        return GanCli.OK;
    }

    /** A value as gan train's flags spell it; an optimiser as its kind, rates and schedule. */
    private static String format(Object value) {
        if (value instanceof OptimizerConfig optimizer) {
            StringBuilder text = new StringBuilder(optimizer.kind().id())
                    .append(' ').append(ConfigDefault.format(optimizer.learningRate()));
            if (optimizer.kind() == OptimizerKind.ADAM) {
                text.append(" b1 ").append(ConfigDefault.format(optimizer.beta1()))
                        .append(" b2 ").append(ConfigDefault.format(optimizer.beta2()));
            }
            return text.append(' ').append(optimizer.schedule().id()).toString();
        }
        return ConfigDefault.format(value);
    }
}
