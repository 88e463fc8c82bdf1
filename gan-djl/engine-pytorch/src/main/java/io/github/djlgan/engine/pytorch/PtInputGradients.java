package io.github.djlgan.engine.pytorch;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;

import io.github.djlgan.djl.penalty.InputGradients;

import java.util.List;

/**
 * Input gradients on DJL's PyTorch engine: libtorch's {@code torch.autograd.grad(outputs.sum(),
 * input, create_graph=True)}, run through a small TorchScript module ({@link AutogradGradModule})
 * because DJL's JNI reaches only {@code Tensor::backward}.
 *
 * <p>{@code backward(create_graph)} ({@code JniUtils.backward}) would do the arithmetic too, but it
 * accumulates into every leaf's gradient: D's parameters (which would have to be restored exactly
 * before the update) and the input, each then holding a graph that refers back to it, a reference
 * cycle libtorch breaks only when {@code .grad} is reset to undefined, which DJL cannot do; it lost
 * about 1.2 MB per R1 step on ring8. {@code autograd.grad} returns the gradient and touches no
 * {@code .grad}: parameters' gradients stay as they were, and nothing outlives the step.
 */
public final class PtInputGradients implements InputGradients {

    /** Creates the implementation; {@link java.util.ServiceLoader} calls this. */
    public PtInputGradients() {}

    @Override
    public String engineName() {
        return "PyTorch";
    }

    @Override
    public NDArray gradient(NDArray outputs, NDArray input, List<Parameter> parameters) {
        NDList gradient =
                IValueUtils.forward(module(), new NDList(outputs, input), true);
        return gradient.singletonOrThrow();
    }

    /** The module, loaded once per JVM into a manager that lives as long. */
    private static final class Holder {
        static final PtSymbolBlock MODULE =
                AutogradGradModule.load(
                        (PtNDManager) NDManager.newBaseManager(Device.cpu(), "PyTorch"));
    }

    private static PtSymbolBlock module() {
        return Holder.MODULE;
    }
}
