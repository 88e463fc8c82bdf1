package io.github.djlgan.djl.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;

import io.github.djlgan.api.InvalidInputException;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

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

    /** The device spec that picks a GPU when the engine sees one, else the CPU. */
    public static final String AUTO = "auto";

    private static final Logger LOGGER = LogManager.getLogger(Engines.class);

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
     * {@code auto} (the first GPU if the engine sees one, else the CPU). What {@code auto} chose,
     * and why, is logged at INFO (so a run's {@code train.log} says it).
     *
     * <p>This is the one place where the toolkit names a device: everything else takes the device
     * it is given (a build rule, {@code DevicePlacementRuleTest} in gan-cli, keeps it so; see
     * docs/engines.md, "Device placement").
     *
     * @param engine the engine that will run on the device
     * @param spec the device as the user wrote it
     * @return the device
     * @throws InvalidInputException if the spec is malformed or names a GPU the engine cannot see
     */
    public static Device device(Engine engine, String spec) {
        return device(spec, engine.getEngineName(), engine.getGpuCount());
    }

    /**
     * Resolves a device spec against the number of GPUs an engine sees; {@link #device(Engine,
     * String)} with the count given, so that every branch can be tested on a machine without a GPU.
     *
     * @param spec {@code cpu}, {@code gpu}, {@code gpu:N} or {@code auto}, any case
     * @param engineName the engine's name, for the messages
     * @param gpus the GPUs the engine sees, 0 or more
     * @return {@code Device.cpu()} or {@code Device.gpu(N)}
     * @throws InvalidInputException if the spec is malformed or names a GPU outside 0 to gpus - 1
     */
    static Device device(String spec, String engineName, int gpus) {
        String normalized = spec.trim().toLowerCase(Locale.ROOT);
        if ("cpu".equals(normalized)) {
            return Device.cpu();
        }
        if (AUTO.equals(normalized)) {
            Device chosen = gpus > 0 ? Device.gpu(0) : Device.cpu();
            LOGGER.info("Device auto: the {} engine sees {}; using {}", engineName, gpus(gpus), chosen);
            return chosen;
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
                            + engineName
                            + " engine sees "
                            + (gpus == 0 ? "no GPU" : gpus + " GPU(s): gpu:0 to gpu:" + (gpus - 1))
                            + ". Use --device cpu (or auto), or see docs/engines.md, 'GPUs', for"
                            + " the CUDA build of the engine.");
        }
        return Device.gpu(index);
    }

    /**
     * Names the device a run uses for its log: as DJL names it, and with {@code auto} what the
     * choice was made from, for example {@code cpu() (--device auto: the PyTorch engine sees no
     * GPU)}.
     *
     * @param engine the engine the run computes on
     * @param device the device {@link #device(Engine, String)} returned
     * @param spec the device as the settings ask for it
     * @return the description
     */
    public static String describe(Engine engine, Device device, String spec) {
        if (!AUTO.equalsIgnoreCase(spec.trim())) {
            return device.toString();
        }
        return device + " (--device auto: the " + engine.getEngineName() + " engine sees "
                + gpus(engine.getGpuCount()) + ")";
    }

    private static String gpus(int count) {
        return count == 0 ? "no GPU" : count + " GPU(s)";
    }

    private static InvalidInputException badDevice(String spec, Throwable cause) {
        return new InvalidInputException(
                "Unknown device '" + spec + "'; use cpu, gpu, gpu:N or auto", cause);
    }
}
