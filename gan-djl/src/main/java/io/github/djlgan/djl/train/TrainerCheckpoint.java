package io.github.djlgan.djl.train;

import ai.djl.Model;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import io.github.djlgan.api.InvalidInputException;
import io.github.djlgan.api.config.OptimizerConfig;
import io.github.djlgan.api.config.StrictJson;
import io.github.djlgan.djl.checkpoint.Checkpoint;
import io.github.djlgan.djl.io.AtomicFiles;
import io.github.djlgan.djl.model.GanModels;
import io.github.djlgan.djl.optimizer.StatefulOptimizer;

import java.io.BufferedInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of a checkpoint that hold a {@link GanTrainer}'s state, and how they are read back:
 * both networks' parameters ({@link GanModels#GENERATOR_FILE}, {@link
 * GanModels#DISCRIMINATOR_FILE}), both optimisers' state ({@link #GENERATOR_OPTIMIZER}, {@link
 * #DISCRIMINATOR_OPTIMIZER}) and the counters ({@link #TRAINER_STATE}): the step, how many real
 * and noise batches were drawn, and the stabilisers' own counters, from which every host-side
 * random stream is re-derived on resume.
 *
 * <p>{@value #TRAINER_STATE} is a flat JSON object of integers, for example {@code {"step":1000,
 * "realBatches":1000, "noiseBatches":2000, "instanceNoiseRows":1536000}}, written and read with
 * Gson.
 */
public final class TrainerCheckpoint {

    /** The checkpoint part holding the generator optimiser's state. */
    public static final String GENERATOR_OPTIMIZER = "generator.optimizer";
    /** The checkpoint part holding the discriminator optimiser's state. */
    public static final String DISCRIMINATOR_OPTIMIZER = "discriminator.optimizer";
    /**
     * The largest counter accepted: 2^40 (a trillion batches or rows), far beyond any run and
     * small enough that re-deriving a stream is refused before it is attempted.
     */
    static final long MAX_COUNTER = 1L << 40;

    /** The checkpoint part holding the step counter and the data streams' positions. */
    public static final String TRAINER_STATE = "trainer.json";

    /** The counter of generator updates made. */
    static final String STEP = "step";
    /** The counter of real minibatches drawn. */
    static final String REAL_BATCHES = "realBatches";
    /** The counter of noise batches drawn. */
    static final String NOISE_BATCHES = "noiseBatches";

    private static final List<String> REQUIRED = List.of(STEP, REAL_BATCHES, NOISE_BATCHES);
    private static final Gson GSON = new Gson();

    private TrainerCheckpoint() {}

    /**
     * Returns how to write a trainer's whole state as checkpoint parts. The counters are taken
     * now; parameters and optimiser state when the writers run.
     *
     * @param models G and D
     * @param generatorOptimizer G's optimiser
     * @param discriminatorOptimizer D's optimiser
     * @param counters the loop's and the stabilisers' counters, in the order to write them
     * @return the parts by file name, in a fixed order
     */
    static Map<String, AtomicFiles.Writer> parts(
            GanModels models,
            StatefulOptimizer generatorOptimizer,
            StatefulOptimizer discriminatorOptimizer,
            Map<String, Long> counters) {
        Map<String, AtomicFiles.Writer> parts = new LinkedHashMap<>();
        parts.put(GanModels.GENERATOR_FILE, out -> saveParameters(models.generator(), out));
        parts.put(GanModels.DISCRIMINATOR_FILE, out -> saveParameters(models.discriminator(), out));
        parts.put(
                GENERATOR_OPTIMIZER,
                out -> saveOptimizer(generatorOptimizer, models.generator(), out));
        parts.put(
                DISCRIMINATOR_OPTIMIZER,
                out -> saveOptimizer(discriminatorOptimizer, models.discriminator(), out));
        JsonObject state = new JsonObject();
        counters.forEach(state::addProperty);
        byte[] json = (GSON.toJson(state) + System.lineSeparator()).getBytes(StandardCharsets.UTF_8);
        parts.put(TRAINER_STATE, out -> out.write(json));
        return parts;
    }

    /**
     * Reads a checkpoint's counters.
     *
     * @param checkpoint a verified checkpoint
     * @return the counters by name, in file order; {@link #STEP}, {@link #REAL_BATCHES} and {@link
     *     #NOISE_BATCHES} are always present
     * @throws IOException if reading fails
     * @throws InvalidInputException if {@value #TRAINER_STATE} is not a JSON object of integers
     *     holding those three
     */
    static Map<String, Long> readCounters(Checkpoint checkpoint) throws IOException {
        String text = Files.readString(checkpoint.part(TRAINER_STATE), StandardCharsets.UTF_8);
        Map<String, Long> counters = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, JsonElement> entry :
                    StrictJson.parseObject(text, checkpoint.part(TRAINER_STATE).toString())
                            .entrySet()) {
                counters.put(entry.getKey(), entry.getValue().getAsLong());
            }
        } catch (RuntimeException e) {
            throw unreadable(checkpoint, e);
        }
        if (!counters.keySet().containsAll(REQUIRED)) {
            throw unreadable(checkpoint, null);
        }
        // Counters edited by hand are refused, not trained on (a huge count of batches to skip
        // hung the resume; step -1000 trained on into folders never pruned).
        if (counters.get(STEP) != checkpoint.step()) {
            throw new InvalidInputException(
                    "Checkpoint " + checkpoint.directory() + ": " + TRAINER_STATE + " says step "
                            + counters.get(STEP) + ", its manifest " + checkpoint.step());
        }
        for (Map.Entry<String, Long> counter : counters.entrySet()) {
            if (counter.getValue() < 0 || counter.getValue() > MAX_COUNTER) {
                throw new InvalidInputException(
                        "Checkpoint " + checkpoint.directory() + ": " + TRAINER_STATE + "'s "
                                + counter.getKey() + " is " + counter.getValue()
                                + ", outside [0, " + MAX_COUNTER + "]");
            }
        }
        return counters;
    }

    private static InvalidInputException unreadable(Checkpoint checkpoint, RuntimeException e) {
        return new InvalidInputException(
                "Checkpoint " + checkpoint.directory() + " has an unreadable " + TRAINER_STATE
                        + " (it needs the integers " + REQUIRED + ")",
                e);
    }

    /**
     * Loads both optimisers' state from a checkpoint.
     *
     * @param models the models the optimisers update
     * @param generatorOptimizer G's optimiser
     * @param discriminatorOptimizer D's optimiser
     * @param checkpoint a verified checkpoint
     * @throws IOException if reading fails
     * @throws InvalidInputException if a part does not fit these networks or optimisers
     */
    static void loadOptimizers(
            GanModels models,
            StatefulOptimizer generatorOptimizer,
            StatefulOptimizer discriminatorOptimizer,
            Checkpoint checkpoint)
            throws IOException {
        loadOptimizer(generatorOptimizer, models.generator(), checkpoint, GENERATOR_OPTIMIZER);
        loadOptimizer(
                discriminatorOptimizer,
                models.discriminator(),
                checkpoint,
                DISCRIMINATOR_OPTIMIZER);
    }

    /**
     * Checks, reading only, that a checkpoint's trainer parts fit these models and optimiser
     * settings as {@link GanTrainer#restore} will read them: the counters ({@link #readCounters})
     * and both optimisers' states (every count, name and length they declare, against the bytes
     * present and the parameters' data types and shapes). A resume calls it before anything in
     * the run directory changes.
     *
     * @param models the models, of the checkpoint's structure
     * @param generator G's optimiser settings
     * @param discriminator D's optimiser settings
     * @param checkpoint a verified checkpoint
     * @throws IOException if reading fails
     * @throws InvalidInputException with one line naming the file, if a part is damaged or does
     *     not fit these networks or optimisers
     */
    public static void verify(
            GanModels models,
            OptimizerConfig generator,
            OptimizerConfig discriminator,
            Checkpoint checkpoint)
            throws IOException {
        readCounters(checkpoint);
        verifyOptimizer(generator, models.generator(), checkpoint, GENERATOR_OPTIMIZER);
        verifyOptimizer(
                discriminator, models.discriminator(), checkpoint, DISCRIMINATOR_OPTIMIZER);
    }

    private static void saveParameters(Model model, OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        model.getBlock().saveParameters(data);
        data.flush();
    }

    private static void saveOptimizer(
            StatefulOptimizer optimizer, Model model, OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        optimizer.saveState(model.getBlock(), data);
        data.flush();
    }

    private static void loadOptimizer(
            StatefulOptimizer optimizer, Model model, Checkpoint checkpoint, String part)
            throws IOException {
        readOptimizer(
                checkpoint, part, (in, size) -> optimizer.loadState(model.getBlock(), in, size));
    }

    private static void verifyOptimizer(
            OptimizerConfig config, Model model, Checkpoint checkpoint, String part)
            throws IOException {
        // The saved form depends on the optimiser's kind alone, not on its schedule's length.
        try (StatefulOptimizer optimizer = Optimizers.of(config, 1)) {
            readOptimizer(
                    checkpoint,
                    part,
                    (in, size) -> optimizer.verifyState(model.getBlock(), in, size));
        }
    }

    /** Reads an optimiser part; a refusal names the file. */
    private static void readOptimizer(Checkpoint checkpoint, String part, StateReader reader)
            throws IOException {
        Path file = checkpoint.part(part);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            reader.read(in, Files.size(file));
        } catch (InvalidInputException e) {
            throw new InvalidInputException(
                    "Cannot resume from " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads an optimiser state of a known length. */
    @FunctionalInterface
    private interface StateReader {
        void read(InputStream in, long size) throws IOException;
    }
}
