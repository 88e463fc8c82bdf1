package io.github.djlgan.djl.serving;

import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.BlockFactory;

import io.github.djlgan.api.config.TrainingConfig;
import io.github.djlgan.djl.model.GanModels;
import io.github.djlgan.djl.model.ParameterFiles;
import io.github.djlgan.djl.run.GanSetup;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Rebuilds a generator network from the configuration in its model directory, for DJL's model
 * loader, which then reads the parameters into it. {@link GeneratorModel#criteria} hands DJL an
 * object of this class, so that DJL loads no class the directory names; the directory's {@code
 * serving.properties} names it too, for DJL's defaults. Either way a directory whose {@code
 * serving.properties} names anything else is refused ({@link
 * GeneratorModel#checkServingProperties}), and so is one whose parameter files are not exactly
 * this generator's ({@link ParameterFiles#verifyModel}), before DJL reads them.
 *
 * <p>Refusals are {@link io.github.djlgan.api.InvalidInputException}s, one line naming the file,
 * thrown out of {@code Criteria.loadModel()}. Not DJL's {@code MalformedModelException}: the
 * factory is the one hook DJL calls before it reads the parameter file, and its {@code newBlock}
 * may throw only {@code IOException} or unchecked exceptions; the toolkit's own type is what the
 * other refusals of a model directory throw, and what its command line reports as bad input.
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
            // DJL's loader trusts every length and shape the parameter file declares: check
            // each file it may pick (any epoch, under the model's or the directory's name).
            try (DirectoryStream<Path> files = Files.newDirectoryStream(modelPath, "*.params")) {
                for (Path file : files) {
                    ParameterFiles.verifyModel(
                            block, model.getNDManager(), file, GeneratorModel.NAME);
                }
            }
            return block;
        } catch (IOException | RuntimeException e) {
            // DJL's loader made the model for this block and drops it when this throws.
            model.close();
            throw e;
        }
    }
}
