package io.github.djlgan.djl.run;

import io.github.djlgan.api.InvalidInputException;
import io.github.djlgan.api.config.TrainingConfig;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises a failure to set memory aside, in Java or in an engine, and says which of the run's
 * sizes asked for too much, as one line.
 *
 * <p>An allocation fails in one of three ways: Java's {@link OutOfMemoryError} (host arrays, such
 * as a synthetic batch drawn on the host); PyTorch's allocator, whose {@code
 * ai.djl.engine.EngineException} reads "DefaultCPUAllocator: can't allocate memory: you tried to
 * allocate N bytes" (CUDA: "CUDA out of memory"); or MXNet's, "Failed to allocate CPU Memory", or
 * its refusal of a tensor of more than 2^31 elements ("Size of tensor you are trying to allocate
 * is larger than 2^31 elements", MXNet 1.9 being built without 64-bit tensor sizes). The engine
 * is not asked which failure it was: DJL gives only the message, so the message is matched.
 */
final class AllocationFailure {

    /** What the engines' allocation errors say, lower-cased. */
    private static final List<String> ENGINE_MESSAGES =
            List.of(
                    "can't allocate memory", // PyTorch's DefaultCPUAllocator
                    "cuda out of memory", // PyTorch on a GPU
                    "failed to allocate cpu memory", // MXNet's CPU storage
                    "larger than 2^31 elements", // MXNet without USE_INT64_TENSOR_SIZE
                    "std::bad_alloc"); // either engine's C++ allocator

    /** PyTorch names the bytes it was asked for. */
    private static final Pattern BYTES = Pattern.compile("allocate (\\d+) bytes");

    /** MXNet names the elements it was asked for against its limit: "(6400000000 vs. 2147483647)". */
    private static final Pattern ELEMENTS = Pattern.compile("\\((\\d+) vs\\. \\d+\\)");

    private AllocationFailure() {}

    /**
     * Describes an allocation failure as the one line a user gets.
     *
     * @param config the run's settings, whose sizes the line names
     * @param failure anything that ended the run
     * @return the refusal to throw instead, or empty if {@code failure} is not an allocation failure
     */
    static Optional<InvalidInputException> describe(TrainingConfig config, Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            String asked = asked(cause);
            if (asked != null) {
                return Optional.of(new InvalidInputException(line(config, asked), failure));
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return Optional.empty();
    }

    /**
     * Throws a failure again, as the one line of {@link #describe} if it is an allocation failure.
     *
     * @param config the run's settings, whose sizes the line names
     * @param failure what ended the run: an {@link IOException}, unchecked exception or error
     * @return never; declared so that callers can write {@code throw rethrow(...)}
     * @throws IOException the failure, if it is one
     */
    static RuntimeException rethrow(TrainingConfig config, Throwable failure) throws IOException {
        Optional<InvalidInputException> tooLarge = describe(config, failure);
        if (tooLarge.isPresent()) {
            throw tooLarge.get();
        } else if (failure instanceof IOException io) {
            throw io;
        } else if (failure instanceof Error error) {
            throw error;
        }
        throw (RuntimeException) failure;
    }

    /** What could not be allocated, or null if this is no allocation failure. */
    private static String asked(Throwable cause) {
        if (cause instanceof OutOfMemoryError) {
            return "Java could not allocate it: " + cause.getMessage();
        }
        String message = cause.getMessage();
        if (message == null) {
            return null;
        }
        String lower = message.toLowerCase(Locale.ROOT);
        if (ENGINE_MESSAGES.stream().noneMatch(lower::contains)) {
            return null;
        }
        Matcher bytes = BYTES.matcher(message);
        if (bytes.find()) {
            return String.format(Locale.ROOT, "the engine could not allocate %.1f GiB",
                    Long.parseLong(bytes.group(1)) / (double) (1L << 30));
        }
        Matcher elements = ELEMENTS.matcher(message);
        if (elements.find()) {
            return "the engine cannot hold an array of " + elements.group(1) + " values";
        }
        return "the engine could not allocate it";
    }

    private static String line(TrainingConfig config, String asked) {
        int batch = config.data().batchSize();
        int width = config.model().hiddenWidth();
        if (config.data().datasetSpec().isImage()) {
            int side = config.data().imageSize();
            return "batch size " + batch + " of " + side + "x" + side + " images with width "
                    + width + " is too large for memory (" + asked + "); lower --batch-size,"
                    + " --image-size or --hidden-width";
        }
        return "batch size " + batch + " with hidden width " + width + " is too large for memory ("
                + asked + "); lower --batch-size or --hidden-width";
    }
}
