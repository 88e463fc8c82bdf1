package io.github.djlgan.djl.checkpoint;

import ai.djl.Device;
import ai.djl.nn.Parameter;

import io.github.djlgan.api.config.TrainingConfig;
import io.github.djlgan.djl.model.GanModels;
import io.github.djlgan.djl.run.GanSetup;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Compares the networks of two runs' newest checkpoints, for resume and crash tests. */
public final class CheckpointComparison {

    private CheckpointComparison() {}

    /**
     * Returns the newest undamaged checkpoint of a run.
     *
     * @param run the run directory
     * @return the checkpoint
     * @throws IOException if reading fails
     */
    public static Checkpoint latest(Path run) throws IOException {
        return new CheckpointStore(run.resolve("checkpoints"), 1).latest().orElseThrow();
    }

    /**
     * Loads both runs' newest checkpoints into networks of a configuration and returns the largest
     * absolute difference between corresponding parameters of G and D.
     *
     * @param config the settings both runs share
     * @param first one run directory
     * @param second the other
     * @return max |first - second| over every parameter value
     * @throws IOException if reading fails
     */
    public static double maxParameterDifference(TrainingConfig config, Path first, Path second)
            throws IOException {
        try (GanModels one = GanSetup.models(config, Device.cpu());
                GanModels two = GanSetup.models(config, Device.cpu())) {
            one.loadParameters(latest(first).directory());
            two.loadParameters(latest(second).directory());
            List<Parameter> left = parameters(one);
            List<Parameter> right = parameters(two);
            double max = 0;
            for (int p = 0; p < left.size(); p++) {
                float[] x = left.get(p).getArray().toFloatArray();
                float[] y = right.get(p).getArray().toFloatArray();
                for (int i = 0; i < x.length; i++) {
                    max = Math.max(max, Math.abs(x[i] - y[i]));
                }
            }
            return max;
        }
    }

    private static List<Parameter> parameters(GanModels models) {
        List<Parameter> all =
                new ArrayList<>(models.generator().getBlock().getParameters().values());
        all.addAll(models.discriminator().getBlock().getParameters().values());
        return all;
    }
}
