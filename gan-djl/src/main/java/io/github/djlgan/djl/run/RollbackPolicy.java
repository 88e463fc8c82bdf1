package io.github.djlgan.djl.run;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import io.github.djlgan.api.InvalidInputException;
import io.github.djlgan.api.config.DivergenceAction;
import io.github.djlgan.api.config.StrictJson;
import io.github.djlgan.api.config.TrainingConfig;
import io.github.djlgan.djl.checkpoint.Checkpoint;
import io.github.djlgan.djl.io.AtomicFiles;
import io.github.djlgan.djl.train.TrainingDivergedException;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a run does when training diverges ({@link DivergenceAction}): stop, keeping the last good
 * checkpoint, or roll back to it with the learning rates times {@code rollbackFactor}, at most
 * {@code maxRollbacks} times over the whole run.
 *
 * <p>The count of rollbacks so far is part of every checkpoint ({@value #RUN_STATE}), so that a
 * resumed run keeps counting. A checkpoint's optimisers already carry the factors of the rollbacks
 * before it, so going on from one scales the learning rates only by the rollbacks since.
 */
final class RollbackPolicy {

    /** The checkpoint part recording the run's rollbacks so far. */
    static final String RUN_STATE = "run.json";

    private static final Logger LOGGER = LogManager.getLogger(RollbackPolicy.class);

    private final TrainingConfig config;
    private int rollbacks;
    private float factor = 1f;

    /**
     * Starts counting for a run.
     *
     * @param config the run's divergence settings
     * @param from the checkpoint the run starts from, or null
     * @throws IOException if the checkpoint's count cannot be read
     */
    RollbackPolicy(TrainingConfig config, Checkpoint from) throws IOException {
        this.config = config;
        this.rollbacks = from == null ? 0 : readRollbacks(from);
    }

    /**
     * Decides after a divergence: throws if the run must stop, else counts a rollback and sets
     * the learning-rate factor to go on with.
     *
     * @param diverged what was seen
     * @param good the newest checkpoint (written before the divergence), or null
     * @return the checkpoint to go on from, null for the start
     * @throws TrainingDivergedException if the run stops: no rollback configured, or none left
     * @throws IOException if the checkpoint's count cannot be read
     */
    Checkpoint onDivergence(TrainingDivergedException diverged, Checkpoint good)
            throws IOException {
        boolean rollback = config.reliability().onDivergence() == DivergenceAction.ROLLBACK;
        if (!rollback || rollbacks >= config.reliability().maxRollbacks()) {
            // Advice that fits the settings: a run that rolls back already has that option.
            throw new TrainingDivergedException(
                    diverged.stats(),
                    (rollback
                                    ? "After " + rollbacks + " rollbacks: lower the learning"
                                            + " rates, or allow more with --max-rollbacks. "
                                    : "Lower the learning rates, or pass --on-divergence"
                                            + " rollback. ")
                            + (good == null
                                    ? "There is no checkpoint yet."
                                    : "The last good checkpoint, " + good.directory()
                                            + ", is kept."));
        }
        rollbacks++;
        factor =
                (float)
                        Math.pow(
                                config.reliability().rollbackFactor(),
                                rollbacks - (good == null ? 0 : readRollbacks(good)));
        LOGGER.warn(
                "{} Rollback {} of {}: going on from {} with the learning rates times {}",
                diverged.getMessage(),
                rollbacks,
                config.reliability().maxRollbacks(),
                good == null ? "the start" : good.directory().getFileName(),
                Math.pow(config.reliability().rollbackFactor(), rollbacks));
        return good;
    }

    /**
     * Returns the factor to multiply the starting checkpoint's learning rates by.
     *
     * @return 1 until a rollback, then the factor for the rollbacks since that checkpoint
     */
    float learningRateFactor() {
        return factor;
    }

    /**
     * Returns the checkpoint part {@value #RUN_STATE} recording the rollbacks so far, taken now.
     *
     * @return the writer
     */
    AtomicFiles.Writer checkpointPart() {
        JsonObject json = new JsonObject();
        json.addProperty("rollbacks", rollbacks);
        byte[] bytes = (json + System.lineSeparator()).getBytes(StandardCharsets.UTF_8);
        return out -> out.write(bytes);
    }

    /**
     * Reads the rollbacks so far as strict JSON, like every file read back: a count, at least 0.
     *
     * @param checkpoint a verified checkpoint
     * @return the count, 0 if the checkpoint has none
     * @throws IOException if reading fails
     * @throws InvalidInputException if {@value #RUN_STATE} is not a whole number of at least 0
     */
    static int readRollbacks(Checkpoint checkpoint) throws IOException {
        if (!checkpoint.hasPart(RUN_STATE)) {
            return 0;
        }
        Path file = checkpoint.part(RUN_STATE);
        JsonObject json =
                StrictJson.parseObject(Files.readString(file, StandardCharsets.UTF_8),
                        file.toString());
        JsonElement count = json.get("rollbacks");
        if (count == null || !count.isJsonPrimitive() || !count.getAsJsonPrimitive().isNumber()
                || !count.getAsString().matches("\\d{1,9}")) {
            throw new InvalidInputException(
                    file + ": rollbacks must be a whole number of at least 0, got " + count);
        }
        return Integer.parseInt(count.getAsString());
    }
}
