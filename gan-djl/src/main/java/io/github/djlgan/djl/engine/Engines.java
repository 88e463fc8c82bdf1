package io.github.djlgan.djl.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;

import io.github.djlgan.api.InvalidInputException;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Chooses the engine and the device at run time, by name. No engine class is named here: engines
 * are found through DJL's {@code ServiceLoader} of engine providers, so whichever engine jars are
 * on the class path are available.
 */
public final class Engines {

    /**
     * The DJL engines that can train (compute gradients and update parameters). Others that may be
     * on the class path, such as DJL's RPC or ONNX Runtime engines, only run inference.
     */
    private static final Set<String> TRAINING_ENGINES = Set.of("PyTorch", "MXNet", "TensorFlow");

    private Engines() {}

    /**
     * Returns the names of the engines on the class path that can train.
     *
     * @return the names, sorted
     */
    public static Set<String> available() {
        Set<String> names = new TreeSet<>(Engine.getAllEngines());
        names.retainAll(TRAINING_ENGINES);
        return names;
    }

    /**
     * Returns DJL's spelling of an engine name given in any case ({@code pytorch} becomes {@code
     * PyTorch}).
     *
     * @param requested the name as the user wrote it
     * @return the engine's name as DJL knows it
     * @throws InvalidInputException naming the engines available if none matches
     */
    public static String canonicalName(String requested) {
        for (String name : available()) {
            if (name.equalsIgnoreCase(requested)) {
                return name;
            }
        }
        throw new InvalidInputException(
                "Unknown engine '"
                        + requested
                        + "'; available engines: "
                        + String.join(", ", available()));
    }

    /**
     * Loads an engine by name and makes it DJL's default engine ({@code ai.djl.default_engine}).
     *
     * <p>The default matters: DJL's lambda blocks (the activations) infer their output shapes by
     * running on arrays of the input's full shape, batch included, in a manager of the default
     * engine. Left at DJL's own default (MXNet when it is on the class path), every PyTorch run
     * loaded MXNet too, and a batch too large for memory failed inside MXNet.
     *
     * @param requested the name in any case
     * @return the engine
     * @throws InvalidInputException if no such engine is on the class path
     */
    public static Engine load(String requested) {
        String name = canonicalName(requested);
        System.setProperty(DEFAULT_ENGINE_PROPERTY, name);
        return Engine.getEngine(name);
    }

    /** DJL's system property naming the engine of {@code NDManager.newBaseManager()}. */
    private static final String DEFAULT_ENGINE_PROPERTY = "ai.djl.default_engine";

    /**
     * Resolves a device for an engine: {@code cpu}, {@code gpu} (the first GPU), {@code gpu:N}, or
     * {@code auto} (the first GPU if the engine sees one, else the CPU).
     *
     * @param engine the engine that will run on the device
     * @param spec the device as the user wrote it
     * @return the device
     * @throws InvalidInputException if the spec is malformed or names a GPU the engine cannot see
     */
    public static Device device(Engine engine, String spec) {
        String normalized = spec.trim().toLowerCase(Locale.ROOT);
        if ("cpu".equals(normalized)) {
            return Device.cpu();
        }
        int gpus = engine.getGpuCount();
        if ("auto".equals(normalized)) {
            return gpus > 0 ? Device.gpu(0) : Device.cpu();
        }
        int index;
        if ("gpu".equals(normalized)) {
            index = 0;
        } else if (normalized.startsWith("gpu:")) {
            try {
                index = Integer.parseInt(normalized.substring(4));
            } catch (NumberFormatException e) {
                throw badDevice(spec, e);
            }
        } else {
            throw badDevice(spec, null);
        }
        if (index < 0 || index >= gpus) {
            throw new InvalidInputException(
                    "Device '"
                            + spec
                            + "' was requested, but the "
                            + engine.getEngineName()
                            + " engine sees "
                            + (gpus == 0 ? "no GPU" : gpus + " GPU(s): gpu:0 to gpu:" + (gpus - 1))
                            + ". Use --device cpu, or see README.md, 'GPUs', for the CUDA build of"
                            + " the engine.");
        }
        return Device.gpu(index);
    }

    private static InvalidInputException badDevice(String spec, Throwable cause) {
        return new InvalidInputException(
                "Unknown device '" + spec + "'; use cpu, gpu, gpu:N or auto", cause);
    }
}
