package io.github.djlgan.djl.theory;

import ai.djl.ndarray.NDList;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;

import io.github.djlgan.djl.model.MlpNetworks;

/**
 * The project's MLPs wrapped in a fixed affine change of scale, so that they work in standard
 * units whatever the data's location. An MLP's ReLU kinks start at x = 0 (biases start at zero);
 * on data around x = 4 every unit is then linear over the data, and the biases must first travel
 * to the data before D can bend. Standardising the input (and de-standardising G's output) is the
 * usual remedy: D sees {@code (x - centre) / scale}, G emits {@code centre + scale * y}.
 */
final class ScaledNetworks {

    private ScaledNetworks() {}

    /**
     * D on standardised input.
     *
     * @param centre the data's centre
     * @param scale the data's scale, positive
     * @param width the units of D's two hidden layers
     * @return the block
     */
    static SequentialBlock discriminator(double centre, double scale, int width) {
        float c = (float) centre;
        float s = (float) scale;
        return new SequentialBlock()
                .add(new LambdaBlock(x -> new NDList(x.singletonOrThrow().sub(c).div(s)),
                        "standardise"))
                .add(MlpNetworks.discriminator(width, 2));
    }

    /**
     * G whose output is de-standardised.
     *
     * @param centre the data's centre
     * @param scale the data's scale, positive
     * @param width the units of G's two hidden layers
     * @param dimension the dimension of a sample
     * @return the block
     */
    static SequentialBlock generator(double centre, double scale, int width, int dimension) {
        float c = (float) centre;
        float s = (float) scale;
        return new SequentialBlock()
                .add(MlpNetworks.generator(width, 2, dimension))
                .add(new LambdaBlock(y -> new NDList(y.singletonOrThrow().mul(s).add(c)),
                        "destandardise"));
    }
}
