package io.github.djlgan.djl.export;

import static io.github.djlgan.djl.export.OnnxGraph.floatAttribute;
import static io.github.djlgan.djl.export.OnnxGraph.intAttribute;
import static io.github.djlgan.djl.export.OnnxGraph.intsAttribute;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;

import com.google.gson.Gson;

import io.github.djlgan.api.InvalidInputException;
import io.github.djlgan.api.config.TrainingConfig;
import io.github.djlgan.api.data.PixelRange;
import io.github.djlgan.djl.export.proto.OnnxProto.ModelProto;
import io.github.djlgan.djl.export.proto.OnnxProto.OperatorSetIdProto;
import io.github.djlgan.djl.export.proto.OnnxProto.StringStringEntryProto;
import io.github.djlgan.djl.export.proto.OnnxProto.TensorProto;
import io.github.djlgan.djl.model.GanModels;
import io.github.djlgan.djl.model.LabelJoin;
import io.github.djlgan.djl.model.ConvTranspose2d;
import io.github.djlgan.djl.run.GanSetup;
import io.github.djlgan.djl.serving.GeneratorInput;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a trained generator as an ONNX model (ONNX IR version {@value #IR_VERSION}, default
 * operator set {@value #OPSET}), from the parameters of its DJL block and the run's configuration.
 *
 * <p>Inputs: {@value #LATENT_INPUT}, float {@code [batch, latentDim]} with a dynamic batch, and for
 * a conditional generator {@value #LABEL_INPUT}, int64 {@code [batch]}, classes from 0. Output:
 * {@value #IMAGE_OUTPUT}, float {@code [batch, channels, size, size]} in the architecture's pixel
 * range ([-1, 1] for DCGAN's tanh, [0, 1] for paper-mlp's sigmoid), or {@value #SAMPLE_OUTPUT},
 * float {@code [batch, dimensions]} for the built-in distributions.
 *
 * <p>The layers map one to one: {@code Linear} to {@code Gemm} ({@code transB = 1}, DJL keeps
 * weights as {@code (out, in)}); {@code BatchNorm} to {@code BatchNormalization} on its running
 * statistics (inference; epsilon {@value #BATCH_NORM_EPSILON}, DJL's default, which every
 * generator here uses); ReLU, tanh, sigmoid; reshapes to {@code Reshape}; {@link ConvTranspose2d} to a
 * textbook {@code ConvTranspose} (kernel 4, stride 2, padding 1) whose kernel is gathered from the
 * four 2x2 phase kernels ({@link #transposedKernel}); {@link LabelJoin} to {@code Gather} of an
 * identity matrix (the one-hot code) and {@code Concat} with z (Mirza and Osindero 2014).
 *
 * <p>The model's {@code metadata_props} say how to read it: {@value #META_ARCHITECTURE}, {@value
 * #META_LATENT_DIM}, {@value #META_NOISE} (the prior z is drawn from), {@value #META_OUTPUT},
 * {@value #META_PIXEL_RANGE} ({@code "low,high"}, images only) and {@value #META_CLASS_NAMES} (a
 * JSON array, conditional generators only).
 *
 * @see <a href="https://onnx.ai/onnx/operators/">ONNX operators</a>
 * @see <a href="https://arxiv.org/abs/1603.07285">Dumoulin and Visin 2016, transposed
 *     convolution arithmetic</a>
 */
public final class GeneratorOnnx {

    /** The default-domain operator set the model is written against. */
    public static final long OPSET = 17;

    /** The ONNX IR version of the model (8: ONNX 1.10 to 1.12, the IR of opset 17). */
    public static final long IR_VERSION = 8;

    /** The name of the latent input z. */
    public static final String LATENT_INPUT = GeneratorInput.LATENT_NAME;

    /** The name of the class input of a conditional generator. */
    public static final String LABEL_INPUT = GeneratorInput.LABEL_NAME;

    /** The name of the output of an image generator. */
    public static final String IMAGE_OUTPUT = "image";

    /** The name of the output of a generator of points. */
    public static final String SAMPLE_OUTPUT = "sample";

    /** Metadata key: the architecture's name ({@code mlp}, {@code dcgan}, {@code paper-mlp}). */
    public static final String META_ARCHITECTURE = "gan.architecture";

    /** Metadata key: the size of z. */
    public static final String META_LATENT_DIM = "gan.latent_dim";

    /** Metadata key: the prior of z ({@code gaussian} or {@code uniform}). */
    public static final String META_NOISE = "gan.noise";

    /** Metadata key: the output's name, {@value #IMAGE_OUTPUT} or {@value #SAMPLE_OUTPUT}. */
    public static final String META_OUTPUT = "gan.output";

    /** Metadata key: the pixel range of an image generator, {@code "low,high"}. */
    public static final String META_PIXEL_RANGE = "gan.pixel_range";

    /** Metadata key: the class names of a conditional generator, a JSON array, label 0 first. */
    public static final String META_CLASS_NAMES = "gan.class_names";

    /** The epsilon of every batch norm of the generators, DJL's {@code BatchNorm} default. */
    static final float BATCH_NORM_EPSILON = 1e-5f;

    private static final String PRODUCER = "djl-gan";

    private final OnnxGraph graph = new OnnxGraph("generator");
    private int layer;

    private GeneratorOnnx() {}

    /**
     * Converts a generator to an ONNX model.
     *
     * @param models the models; G's parameters as they should be exported (load an averaged G
     *     first where the run kept one)
     * @param config the configuration the models were built from
     * @param classNames the names of a conditional generator's classes, label 0 first; empty for
     *     an unconditional one, or to name the classes by their numbers
     * @return the model
     * @throws InvalidInputException if G holds a layer this exporter does not know, or the class
     *     names do not match the classes
     */
    public static ModelProto toOnnx(GanModels models, TrainingConfig config, List<String> classNames) {
        if (!classNames.isEmpty() && classNames.size() != config.model().classes()) {
            throw new InvalidInputException(
                    classNames.size() + " class names for " + config.model().classes() + " classes");
        }
        GeneratorOnnx export = new GeneratorOnnx();
        boolean images = config.data().datasetSpec().isImage();
        Shape sample = GanSetup.sampleShape(config);
        String output = images ? IMAGE_OUTPUT : SAMPLE_OUTPUT;
        export.graph.addInput(
                OnnxGraph.batchTensor(LATENT_INPUT, TensorProto.DataType.FLOAT, config.model().latentDim()));
        Block generator = models.generator().getBlock();
        String value = LATENT_INPUT;
        if (generator instanceof LabelJoin join) {
            export.graph.addInput(OnnxGraph.batchTensor(LABEL_INPUT, TensorProto.DataType.INT64));
            value = export.joinLabel(value, join.classes());
            generator = join.getChildren().get(0).getValue();
        }
        value = export.emit(generator, value, new Shape(-1).addAll(sample));
        export.graph.namedNode("Identity", List.of(value), output);
        export.graph.addOutput(
                OnnxGraph.batchTensor(output, TensorProto.DataType.FLOAT, sample.getShape()));

        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(META_ARCHITECTURE, config.model().architecture().id());
        metadata.put(META_LATENT_DIM, Integer.toString(config.model().latentDim()));
        metadata.put(META_NOISE, config.model().noise().toString());
        metadata.put(META_OUTPUT, output);
        if (images) {
            PixelRange range = config.model().architecture().pixelRange();
            metadata.put(
                    META_PIXEL_RANGE,
                    String.format(Locale.ROOT, "%s,%s", range.low(), range.high()));
        }
        if (config.model().classes() > 0) {
            List<String> names =
                    classNames.isEmpty()
                            ? java.util.stream.IntStream.range(0, config.model().classes())
                                    .mapToObj(Integer::toString)
                                    .toList()
                            : classNames;
            metadata.put(META_CLASS_NAMES, new Gson().toJson(names));
        }
        ModelProto.Builder model =
                ModelProto.newBuilder()
                        .setIrVersion(IR_VERSION)
                        .addOpsetImport(
                                OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                        .setProducerName(PRODUCER)
                        .setDocString(
                                "GAN generator ("
                                        + config.model().architecture().id()
                                        + ", "
                                        + config.data().dataset()
                                        + ")")
                        .setGraph(export.graph.build());
        metadata.forEach(
                (key, text) ->
                        model.addMetadataProps(
                                StringStringEntryProto.newBuilder().setKey(key).setValue(text)));
        return model.build();
    }

    /** z, label -> concat(z, one-hot(label)): row {@code label} of an identity matrix. */
    private String joinLabel(String latent, int classes) {
        float[] identity = new float[classes * classes];
        for (int i = 0; i < classes; i++) {
            identity[i * classes + i] = 1f;
        }
        String eye = graph.floats("label_code", identity, classes, classes);
        String code = graph.node("Gather", List.of(eye, LABEL_INPUT), intAttribute("axis", 0));
        return graph.node("Concat", List.of(latent, code), intAttribute("axis", 1));
    }

    /**
     * Emits a block's operators.
     *
     * @param block the block
     * @param input the name of its input value
     * @param outputShape its output's shape, batch as -1 (read by reshapes)
     * @return the name of its output value
     */
    private String emit(Block block, String input, Shape outputShape) {
        if (block instanceof SequentialBlock sequence) {
            List<Block> children = sequence.getChildren().values();
            String value = input;
            for (int i = 0; i < children.size(); i++) {
                Shape after =
                        i + 1 < children.size()
                                ? batchFree(children.get(i + 1).getInputShapes()[0])
                                : outputShape;
                value = emit(children.get(i), value, after);
            }
            return value;
        }
        String role = "layer" + layer++;
        if (block instanceof Linear) {
            Parameter weight = block.getParameters().get("weight");
            Parameter bias = block.getParameters().get("bias");
            List<String> inputs =
                    bias == null
                            ? List.of(input, constant(role + ".weight", weight))
                            : List.of(
                                    input,
                                    constant(role + ".weight", weight),
                                    constant(role + ".bias", bias));
            return graph.node("Gemm", inputs, intAttribute("transB", 1));
        }
        if (block instanceof BatchNorm) {
            return graph.node(
                    "BatchNormalization",
                    List.of(
                            input,
                            constant(role + ".gamma", block.getParameters().get("gamma")),
                            constant(role + ".beta", block.getParameters().get("beta")),
                            constant(role + ".running_mean", block.getParameters().get("runningMean")),
                            constant(role + ".running_var", block.getParameters().get("runningVar"))),
                    floatAttribute("epsilon", BATCH_NORM_EPSILON));
        }
        if (block instanceof ConvTranspose2d) {
            return transposedConvolution(block, input, role);
        }
        if (block instanceof LambdaBlock lambda) {
            return lambda(lambda.getName(), input, outputShape, role);
        }
        throw new InvalidInputException(
                "Cannot export a generator layer of type " + block.getClass().getSimpleName());
    }

    private String lambda(String name, String input, Shape outputShape, String role) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "relu" -> graph.node("Relu", List.of(input));
            case "tanh" -> graph.node("Tanh", List.of(input));
            case "sigmoid" -> graph.node("Sigmoid", List.of(input));
            case "reshape", "toimage" ->
                    graph.node(
                            "Reshape",
                            List.of(input, graph.longs(role + ".shape", outputShape.getShape())));
            default ->
                    throw new InvalidInputException(
                            "Cannot export a generator layer '" + name + "'");
        };
    }

    private String transposedConvolution(Block block, String input, String role) {
        Parameter weight = block.getParameters().get("weight");
        Parameter bias = block.getParameters().get("bias");
        long[] phaseShape = weight.getArray().getShape().getShape();
        int filters = Math.toIntExact(phaseShape[0] / 4);
        int channels = Math.toIntExact(phaseShape[1]);
        float[] kernel = transposedKernel(weight.getArray().toFloatArray(), channels, filters);
        String kernelName = graph.floats(role + ".weight", kernel, channels, filters, 4, 4);
        List<String> inputs =
                bias == null
                        ? List.of(input, kernelName)
                        : List.of(input, kernelName, constant(role + ".bias", bias));
        return graph.node(
                "ConvTranspose",
                inputs,
                intsAttribute("kernel_shape", 4, 4),
                intsAttribute("strides", 2, 2),
                intsAttribute("pads", 1, 1, 1, 1));
    }

    /**
     * Gathers the textbook kernel of a stride-2, padding-1, 4x4 transposed convolution from {@link
     * ConvTranspose2d}'s phase kernels. {@code ConvTranspose2d} computes output pixel {@code (2m + a, 2n + b)}
     * with its filter {@code (2a + b) F + f}, whose tap {@code (i, j)} of a 2x2 window is the
     * textbook tap {@code K[c, f, 3 - a - 2i, 3 - b - 2j]}. Each of the 16 taps {@code (p, q)}
     * belongs to exactly one phase: {@code a = (3 - p) mod 2, i = (3 - p) div 2}, and likewise
     * {@code b, j} from {@code q}.
     *
     * @param phases the phase kernels, {@code (4F, C, 2, 2)} row-major
     * @param channels C, the input channels
     * @param filters F, the output channels
     * @return the textbook kernel {@code K}, {@code (C, F, 4, 4)} row-major, ONNX's {@code
     *     ConvTranspose} weight layout
     */
    static float[] transposedKernel(float[] phases, int channels, int filters) {
        float[] kernel = new float[channels * filters * 16];
        for (int c = 0; c < channels; c++) {
            for (int f = 0; f < filters; f++) {
                for (int p = 0; p < 4; p++) {
                    for (int q = 0; q < 4; q++) {
                        int a = (3 - p) % 2;
                        int i = (3 - p) / 2;
                        int b = (3 - q) % 2;
                        int j = (3 - q) / 2;
                        int phase = (2 * a + b) * filters + f;
                        kernel[((c * filters + f) * 4 + p) * 4 + q] =
                                phases[((phase * channels + c) * 2 + i) * 2 + j];
                    }
                }
            }
        }
        return kernel;
    }

    private String constant(String role, Parameter parameter) {
        return graph.floats(
                role, parameter.getArray().toFloatArray(), parameter.getArray().getShape().getShape());
    }

    private static Shape batchFree(Shape shape) {
        return new Shape(-1).addAll(shape.slice(1));
    }
}
