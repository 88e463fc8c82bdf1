package io.github.djlgan.djl.train;

import static org.testng.Assert.assertEquals;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;

import io.github.djlgan.djl.TestEngines;

import org.testng.annotations.Test;

import java.io.IOException;

public class GeneratorEmaTest {

    private static void set(Parameter parameter, float... values) {
        NDArray array = parameter.getArray();
        array.muli(0).addi(array.getManager().create(values, array.getShape()));
    }

    /**
     * With beta = 0.75: the average starts at w0 = {1, 2}; after w1 = {5, 6} it is 0.75 w0 + 0.25
     * w1 = {2, 3}; after w2 = {-2, 3} it is 0.75 {2, 3} + 0.25 {-2, 3} = {1, 3}. The bias (0, then
     * 4) averages to 1, then 0.75 + 1 = 1.75.
     */
    @Test(dataProvider = "engines", dataProviderClass = TestEngines.class)
    public void averageFollowsTheRecurrenceAndSwapsInAndOut(String engine) throws IOException {
        try (Model model = Model.newInstance("generator", engine)) {
            Linear layer = Linear.builder().setUnits(1).build();
            model.setBlock(layer);
            layer.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 2));
            Parameter weight = layer.getParameters().get("weight");
            Parameter bias = layer.getParameters().get("bias");
            set(weight, 1, 2);
            set(bias, 0);
            try (GeneratorEma average = new GeneratorEma(model, 0.75)) {
                set(weight, 5, 6);
                set(bias, 4);
                average.update();
                set(weight, -2, 3);
                average.update();
                float[][] inside =
                        average.withAverage(
                                () ->
                                        new float[][] {
                                            weight.getArray().toFloatArray(),
                                            bias.getArray().toFloatArray()
                                        });
                assertEquals(inside[0], new float[] {1, 3}, 1e-6f);
                assertEquals(inside[1], new float[] {1.75f}, 1e-6f);
                // the trained weights are back
                assertEquals(weight.getArray().toFloatArray(), new float[] {-2, 3});
                assertEquals(bias.getArray().toFloatArray(), new float[] {4});
            }
        }
    }
}
