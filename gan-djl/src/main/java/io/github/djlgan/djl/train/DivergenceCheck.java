package io.github.djlgan.djl.train;

import ai.djl.Model;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;

import io.github.djlgan.djl.model.GanModels;

import java.util.List;

/**
 * Tells whether training has diverged: whether any loss or parameter is NaN or infinite. Called
 * at the log interval and before a checkpoint is written, never per step: it reads values back
 * from the engine.
 */
final class DivergenceCheck {

    private final GanModels models;

    /**
     * Creates the check.
     *
     * @param models the networks whose parameters are checked
     */
    DivergenceCheck(GanModels models) {
        this.models = models;
    }

    /**
     * Tells whether every value is finite.
     *
     * @param values loss sums or averages
     * @return whether none is NaN or infinite
     */
    static boolean finite(float... values) {
        for (float value : values) {
            if (!Float.isFinite(value)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Sums every parameter of G and D on the engine and reads the sums back once: NaN and
     * infinity propagate into the sums.
     *
     * @return whether every parameter is finite
     */
    boolean parametersFinite() {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDList sums = new NDList();
            for (Model model : List.of(models.generator(), models.discriminator())) {
                for (Parameter parameter : model.getBlock().getParameters().values()) {
                    sums.add(parameter.getArray().sum().reshape(1));
                }
            }
            return finite(NDArrays.concat(sums).toFloatArray());
        }
    }
}
