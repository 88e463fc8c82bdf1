package io.github.djlgan.cli;

import io.github.djlgan.api.config.ConfigDefault;
import io.github.djlgan.api.config.ConfigDefaults;
import io.github.djlgan.api.config.OptimizerConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.ListResourceBundle;
import java.util.function.Function;

/**
 * The texts of {@code gan train --help} that state defaults, each generated from {@link
 * ConfigDefaults}, the same settings the configuration builders resolve: a default in the help is
 * the default a run gets. Options refer to them as {@code ${bundle:default.NAME}}; {@code
 * resume.allowed} names the options a resumed run may change.
 */
public final class TrainHelp extends ListResourceBundle {

    @Override
    protected Object[][] getContents() {
        List<Object[]> entries = new ArrayList<>();
        for (ConfigDefault<?> setting : ConfigDefaults.all()) {
            if (setting != ConfigDefaults.OPTIMIZER) {
                entries.add(new Object[] {"default." + setting.name(), setting.describe()});
            }
        }
        optimizer(entries, "optimizer", OptimizerConfig::kind);
        optimizer(entries, "learningRate", OptimizerConfig::learningRate);
        optimizer(entries, "beta1", OptimizerConfig::beta1);
        optimizer(entries, "beta2", OptimizerConfig::beta2);
        optimizer(entries, "momentum", OptimizerConfig::momentum);
        optimizer(entries, "schedule", OptimizerConfig::schedule);
        entries.add(new Object[] {"resume.allowed", String.join(", ", TrainCommand.resumable())});
        return entries.toArray(Object[][]::new);
    }

    private static void optimizer(
            List<Object[]> entries, String name, Function<OptimizerConfig, ?> part) {
        entries.add(new Object[] {"default." + name, ConfigDefaults.OPTIMIZER.describe(part)});
    }
}
