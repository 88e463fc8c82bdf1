package io.github.djlgan.engine.mxnet;

import ai.djl.engine.EngineException;
import ai.djl.mxnet.engine.MxNDArray;
import ai.djl.mxnet.engine.MxNDManager;
import ai.djl.mxnet.jna.LibUtils;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

import io.github.djlgan.djl.penalty.InputGradients;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Input gradients on DJL's MXNet engine, through MXNet's {@code MXAutogradBackwardEx} with explicit
 * variables and {@code create_graph = 1}: what Gluon's {@code autograd.grad(heads, variables,
 * create_graph=True)} calls. With variables named, MXNet returns their gradients as new arrays and
 * writes no parameter's gradient buffer, so nothing leaks into the update.
 *
 * <p>DJL's {@code JnaUtils.autogradBackwardExecute} wraps the same function but drops the returned
 * gradients, so this class binds the two C functions it needs itself, in the library DJL loaded.
 *
 * <p>MXNet 1.9 differentiates the backward pass of some operators only. Where one in D has no
 * second-order gradient, MXNet refuses when the penalty's gradient is computed ("Operator
 * _backward_X is non-differentiable"); {@link #explain} names the layer. Measured (the engine
 * tests' LayerSupportTest): fully connected layers, also spectrally normalised, are
 * differentiated twice and agree with PyTorch; LeakyReLU, ReLU/tanh/sigmoid ({@code Activation}),
 * batch norm, layer norm, convolution and reshape (so maxout, packing and flattening) are refused,
 * as are LeakyReLU written as {@code maximum(x, 0.2x)} or {@code 0.6x + 0.4|x|} ({@code
 * _mul_scalar}). The elementwise {@code NDArray.tanh} is accepted but its second-order gradient
 * disagrees with PyTorch's; no network of the project uses it. A perceptron discriminator (the 2D
 * data's MLP) never reaches this class's refusal: {@code GradientPenalties} then writes its input
 * gradient in closed form, with first-order operations only.
 */
public final class MxInputGradients implements InputGradients {

    private static final Pattern NON_DIFFERENTIABLE =
            Pattern.compile("Operator _backward_(\\w+) is non-differentiable");

    /** The layers of this project by the MXNet operator their backward pass runs. */
    private static final Map<String, String> LAYERS =
            Map.of(
                    "FullyConnected", "linear (fully connected)",
                    "Convolution", "convolution",
                    "Deconvolution", "transposed convolution",
                    "LeakyReLU", "LeakyReLU",
                    "Activation", "activation (ReLU, tanh or sigmoid)",
                    "BatchNorm", "batch norm",
                    "LayerNorm", "layer norm",
                    "reshape", "reshape (in maxout, packing or flattening)",
                    "max", "maxout (max over pieces)");

    /** The two C functions of libmxnet this class calls. */
    interface Autograd extends Library {

        int MXAutogradBackwardEx(
                int numOutput,
                Pointer[] outputHandles,
                Pointer[] outputGradHandles,
                int numVariables,
                Pointer[] variableHandles,
                int retainGraph,
                int createGraph,
                int isTrain,
                PointerByReference gradHandles,
                PointerByReference gradStorageTypes);

        String MXGetLastError();
    }

    /** Loaded on first use, after DJL has loaded (and if need be extracted) the library. */
    private static final class Holder {
        static final Autograd LIB =
                Native.load(
                        LibUtils.getLibName(),
                        Autograd.class,
                        Map.of(Library.OPTION_OPEN_FLAGS, 1)); // RTLD_LAZY, as DJL opens it
    }

    /** Creates the implementation; {@link java.util.ServiceLoader} calls this. */
    public MxInputGradients() {}

    @Override
    public String engineName() {
        return "MXNet";
    }

    @Override
    public NDArray gradient(NDArray outputs, NDArray input, List<Parameter> parameters) {
        PointerByReference gradients = new PointerByReference();
        PointerByReference storageTypes = new PointerByReference();
        int status =
                Holder.LIB.MXAutogradBackwardEx(
                        1,
                        new Pointer[] {((MxNDArray) outputs).getHandle()},
                        null, // head gradient: ones
                        1,
                        new Pointer[] {((MxNDArray) input).getHandle()},
                        1, // keep the forward graph for the collector's backward pass
                        1, // record the backward pass, so it can be differentiated
                        1, // training mode, as the forward pass ran
                        gradients,
                        storageTypes);
        if (status != 0) {
            throw new EngineException(Holder.LIB.MXGetLastError());
        }
        Pointer handle = gradients.getValue().getPointer(0);
        return ((MxNDManager) input.getManager()).create(handle);
    }

    @Override
    public String explain(RuntimeException failure) {
        String message = String.valueOf(failure.getMessage());
        Matcher matcher = NON_DIFFERENTIABLE.matcher(message);
        if (!matcher.find()) {
            return "MXNet could not compute a second-order gradient: " + message.lines().findFirst().orElse("");
        }
        String operator = matcher.group(1);
        return "MXNet 1.9 has no second-order gradient for the "
                + LAYERS.getOrDefault(operator, "operator " + operator)
                + " layer (operator _backward_"
                + operator
                + ") in this discriminator, so it cannot compute the gradient penalty exactly"
                + " (it differentiates only fully connected layers twice, and only a perceptron"
                + " discriminator of linear and ReLU or LeakyReLU layers, the 2D data's, has the"
                + " input gradient in closed form); use --engine PyTorch, or"
                + " --penalty-estimator finite-difference for r1 and r2";
    }
}
