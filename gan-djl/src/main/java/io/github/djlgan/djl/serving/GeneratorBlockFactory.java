package io.github.djlgan.djl.serving;

import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.BlockFactory;

import io.github.djlgan.api.config.TrainingConfig;
import io.github.djlgan.djl.model.GanModels;
import io.github.djlgan.djl.run.GanSetup;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Rebuilds a generator network from the configuration in its model directory, for DJL's model
 * loader, which then reads the parameters into it. {@link GeneratorModel#criteria} hands DJL an
 * object of this class, so that DJL loads no class the directory names; the directory's {@code
 * serving.properties} names it too, for DJL's defaults. Either way a directory whose {@code
 * serving.properties} names anything else is refused ({@link
 * GeneratorModel#checkServingProperties}).
 */
public class GeneratorBlockFactory implements BlockFactory {

    private static final long serialVersionUID = 1L;

    /** Creates the factory; DJL instantiates it by name. */
    public GeneratorBlockFactory() {}

    @Override
    public Block newBlock(Model model, Path modelPath, Map<String, ?> arguments)
            throws IOException {
        try {
            GeneratorModel.checkServingProperties(modelPath);
            TrainingConfig config = GeneratorModel.config(modelPath);
            Block block = GanSetup.generatorBlock(config, model.getNDManager().getEngine());
            // Shapes first; the loader then overwrites the parameters with the saved ones.
            block.initialize(
                    model.getNDManager(),
                    DataType.FLOAT32,
                    GanModels.inputShapes(
                            GanSetup.latentShape(config), config.model().classes(), 1));
            return block;
        } catch (IOException | RuntimeException e) {
            // DJL's loader made the model for this block and drops it when this throws.
            model.close();
            throw e;
        }
    }
}
