package io.github.djlgan.djl.engine;

import ai.djl.engine.Engine;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.util.List;

/**
 * The one registry of engine quirks: every place where this project knows that DJL's engines
 * differ and works around it. Model code never asks which engine it runs on (an architecture test
 * forbids it); whoever creates the networks asks this registry for the engine they are created on
 * and passes the answer in, as {@link #convolutionChannelMultiple} is passed to the DCGAN
 * generator's transposed convolutions.
 *
 * <p>Most quirks are worked around the same way on every engine, so that no engine test is
 * needed at all; they are listed here with the test that keeps the workaround honest.
 */
public final class EngineQuirks {

    private static final Logger LOGGER = LogManager.getLogger(EngineQuirks.class);

    /** The variable that caps oneDNN's instruction set, read by libtorch when it loads. */
    private static final String ONEDNN_ISA = "ONEDNN_MAX_CPU_ISA";

    /**
     * The version DJL 0.36's MXNet engine reports for the mxnet-native-mkl 1.9.1 library it loads
     * ({@code Engine.getVersion()} says 1.9.0), the lower bound of the MXNet quirks.
     */
    private static final String MXNET_REPORTED_VERSION = "1.9.0";

    /**
     * PyTorch's convolution gives wrong or NaN input gradients for some output channel counts;
     * {@link io.github.djlgan.djl.model.ConvTranspose2d} rounds its convolution's output channels
     * up to a multiple of 16 there. Decided per engine: MXNet must not get it. The cause is
     * libtorch's oneDNN kernels in 16- and 8-channel blocked layouts, which also got convolutions
     * with 26 or 40 input channels wrong; the test build sets {@code ONEDNN_MAX_CPU_ISA=SSE41},
     * under which oneDNN keeps plain layouts and all were right (PyTorchConvolutionTest). The
     * launcher does not (4-5 times slower at 64x64); {@link #refuseKnownCrashes} warns about a
     * DCGAN width off a multiple of 16 without it. The rounding stays for G's last layer.
     */
    public static final EngineQuirk CONVOLUTION_OUTPUT_CHANNELS =
            new EngineQuirk(
                    "convolution-output-channels",
                    "PyTorch",
                    "2.7.1",
                    null,
                    "On an AVX-512 CPU, DJL's PyTorch 2.7.1 engine returned wrong or NaN input"
                            + " gradients for a 2x2 convolution with 4, 8 or 12 output channels,"
                            + " and correct ones with 16 or 64.",
                    "ConvTranspose2d computes its transposed convolution with such a convolution;"
                            + " on this engine it computes a multiple of 16 output channels from"
                            + " repeated filters and never reads the extra ones. MXNet 1.9.1's MKL"
                            + " build crashed the JVM (SIGFPE) on the rounded-up convolution, and"
                            + " its gradients were right without it, so it is not rounded there."
                            + " No later PyTorch is known to be free of it.",
                    "io.github.djlgan.djl.model.DcganNetworksTest#transposedConvolutionBackwardMatchesFiniteDifferences");

    /**
     * PyTorch accumulates gradients across backward passes until an update clears them; MXNet
     * overwrites them.
     */
    public static final EngineQuirk GRADIENTS_ACCUMULATE =
            new EngineQuirk(
                    "gradients-accumulate",
                    "PyTorch",
                    "2.7.1",
                    null,
                    "A backward pass adds to the gradients left by the one before; MXNet's"
                            + " overwrites them.",
                    "The generator update's backward pass would leave gradients on D that the next"
                            + " D update adds to its own. On every engine the loop passes D's learning"
                            + " parameters detached in the generator update, so none gets a"
                            + " gradient.",
                    "io.github.djlgan.djl.train.EngineParityTest#enginesAgreeForThreeIterations");

    /** MXNet runs batch norm in training mode only while a gradient collector records. */
    public static final EngineQuirk BATCH_NORM_TRAINS_WHILE_RECORDING =
            new EngineQuirk(
                    "batch-norm-trains-while-recording",
                    "MXNet",
                    MXNET_REPORTED_VERSION,
                    null,
                    "Batch norm uses its running statistics, not the batch's, outside a gradient"
                            + " collector even when called with training = true.",
                    "The discriminator update computes G(z) inside D's collector (detached), so"
                            + " that G's batch norm normalises by the batch on every engine.",
                    "io.github.djlgan.djl.train.EngineParityTest#dcganAgreesForAnIteration");

    /** PyTorch's {@code NDArray.clip(Number, Number)} leaks two scalar arrays per call. */
    public static final EngineQuirk CLIP_LEAKS_SCALARS =
            new EngineQuirk(
                    "clip-leaks-scalars",
                    "PyTorch",
                    "2.7.1",
                    null,
                    "NDArray.clip(Number, Number) leaves two scalar arrays in the clipped array's"
                            + " manager on every call.",
                    "Weight clipping would grow the model's memory every D update;"
                            + " WeightClipping clips with minimum and maximum against bounds it"
                            + " keeps, on every engine.",
                    "io.github.djlgan.djl.train.StabilizedTrainingTest#everyStabiliserTogetherKeepsClippedWeightsAndLeaksNothing");

    /** MXNet's MKL build kills the JVM on DCGAN with a few small feature-map counts. */
    public static final EngineQuirk SMALL_DCGAN_CRASHES =
            new EngineQuirk(
                    "small-dcgan-crashes",
                    "MXNet",
                    MXNET_REPORTED_VERSION,
                    null,
                    "MXNet 1.9.1's MKL build kills the JVM (SIGFPE inside libmxnet, an hs_err"
                            + " file) on DCGAN with 4, 8 or 12 base feature maps (--hidden-width);"
                            + " 10, 14, 16 and the default 64 work.",
                    "Such a run is refused before the engine computes anything, with one line"
                            + " naming the widths that work, and a resumed run's config.json is"
                            + " not changed by a refused resume.",
                    "io.github.djlgan.djl.run.ResumePreflightTest#aWidthThatCrashesTheEngineIsRefused");

    /** DCGAN base feature-map counts that {@link #SMALL_DCGAN_CRASHES} was seen with. */
    private static final java.util.Set<Integer> CRASHING_DCGAN_WIDTHS = java.util.Set.of(4, 8, 12);

    private static final List<EngineQuirk> ALL =
            List.of(
                    CONVOLUTION_OUTPUT_CHANNELS,
                    GRADIENTS_ACCUMULATE,
                    BATCH_NORM_TRAINS_WHILE_RECORDING,
                    CLIP_LEAKS_SCALARS,
                    SMALL_DCGAN_CRASHES);

    /** The multiple of 16 output channels of {@link #CONVOLUTION_OUTPUT_CHANNELS}. */
    private static final int CHANNEL_BLOCK = 16;

    private EngineQuirks() {}

    /**
     * Returns every known quirk.
     *
     * @return the quirks
     */
    public static List<EngineQuirk> all() {
        return ALL;
    }

    /**
     * Tells whether an engine has a quirk.
     *
     * @param quirk the quirk
     * @param engine the engine
     * @return whether the engine's name and version are the quirk's
     */
    public static boolean applies(EngineQuirk quirk, Engine engine) {
        return quirk.appliesTo(engine.getEngineName(), engine.getVersion());
    }

    /**
     * Returns the multiple of output channels that a convolution computing a transposed one must
     * be rounded up to on an engine ({@link #CONVOLUTION_OUTPUT_CHANNELS}).
     *
     * @param engine the engine the networks are created on
     * @return 16 where the quirk applies, else 1 (no rounding)
     */
    public static int convolutionChannelMultiple(Engine engine) {
        return applies(CONVOLUTION_OUTPUT_CHANNELS, engine) ? CHANNEL_BLOCK : 1;
    }

    /**
     * Like {@link #convolutionChannelMultiple(Engine)}, for an engine named in a configuration.
     *
     * @param engineName the engine's name
     * @return 16 where the quirk applies, else 1
     * @throws io.github.djlgan.api.InvalidInputException if the engine cannot be loaded
     */
    public static int convolutionChannelMultiple(String engineName) {
        return convolutionChannelMultiple(Engines.load(engineName));
    }

    /**
     * Refuses the networks known to crash an engine ({@link #SMALL_DCGAN_CRASHES}), before the
     * engine computes anything with them, and warns about a PyTorch DCGAN width that libtorch's
     * oneDNN may compute wrongly ({@link #CONVOLUTION_OUTPUT_CHANNELS}) unless {@code
     * ONEDNN_MAX_CPU_ISA} is set.
     *
     * @param engine the engine the networks would be created on
     * @param architecture the architecture
     * @param hiddenWidth DCGAN's base number of feature maps, or an MLP's width
     * @throws io.github.djlgan.api.InvalidInputException if this engine is known to crash on them
     */
    public static void refuseKnownCrashes(
            Engine engine, io.github.djlgan.api.config.ArchitectureKind architecture,
            int hiddenWidth) {
        if (architecture == io.github.djlgan.api.config.ArchitectureKind.DCGAN
                && CRASHING_DCGAN_WIDTHS.contains(hiddenWidth)
                && applies(SMALL_DCGAN_CRASHES, engine)) {
            throw new io.github.djlgan.api.InvalidInputException(
                    engine.getEngineName() + " " + engine.getVersion() + " crashes (SIGFPE) on"
                            + " DCGAN with --hidden-width " + hiddenWidth + "; use 10, 14, 16 or"
                            + " more, or --engine pytorch");
        }
        if (architecture == io.github.djlgan.api.config.ArchitectureKind.DCGAN
                && hiddenWidth % CHANNEL_BLOCK != 0
                && applies(CONVOLUTION_OUTPUT_CHANNELS, engine)
                && System.getenv(ONEDNN_ISA) == null) {
            LOGGER.warn("DCGAN with --hidden-width {} on {}: libtorch's oneDNN convolutions gave"
                    + " wrong gradients, sometimes NaN, for channel counts off a multiple of {}"
                    + " on AVX2 and AVX-512 CPUs; use a width that is a multiple of {}, or set {}="
                    + "SSE41 (right, several times slower; docs/engines.md)", hiddenWidth,
                    engine.getEngineName(), CHANNEL_BLOCK, CHANNEL_BLOCK, ONEDNN_ISA);
        }
    }

}
