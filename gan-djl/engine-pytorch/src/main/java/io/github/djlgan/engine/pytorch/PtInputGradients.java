package io.github.djlgan.engine.pytorch;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

import io.github.djlgan.djl.penalty.InputGradients;

import java.util.ArrayList;
import java.util.List;

/**
 * Input gradients on DJL's PyTorch engine, through libtorch's {@code Tensor::backward(grad,
 * keep_graph, create_graph)} that DJL's {@code JniUtils.backward} reaches ({@code
 * PtGradientCollector} always passes false, false).
 *
 * <p>libtorch's {@code backward} accumulates into every leaf that requires a gradient, D's
 * parameters included; DJL exposes no {@code torch.autograd.grad}, which would not. So the
 * parameters' gradients are saved before the create-graph pass and put back after it, exactly:
 * each is zeroed in place and the saved copy added, outside grad mode, so that only the loss the
 * collector's own backward pass differentiates reaches the update. A test compares the update's
 * gradients with the plain loss's plus the penalty's.
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
        List<NDArray> saved = save(parameters);
        try (NDArray seed = outputs.onesLike()) {
            JniUtils.backward((PtNDArray) outputs, (PtNDArray) seed, true, true);
        }
        PtNDArray gradient = JniUtils.getGradient((PtNDArray) input);
        if (gradient == null) {
            throw new IllegalStateException(
                    "the outputs do not depend on the input: no gradient reached it");
        }
        restore(parameters, saved);
        return gradient;
    }

    /** Copies each parameter's gradient, null where libtorch has none yet. */
    private static List<NDArray> save(List<Parameter> parameters) {
        List<NDArray> saved = new ArrayList<>(parameters.size());
        for (Parameter parameter : parameters) {
            PtNDArray gradient = JniUtils.getGradient((PtNDArray) parameter.getArray());
            if (gradient == null) {
                saved.add(null);
            } else {
                saved.add(JniUtils.clone(gradient));
                gradient.close();
            }
        }
        return saved;
    }

    /** Puts each parameter's saved gradient back (zero where there was none), outside grad mode. */
    private static void restore(List<Parameter> parameters, List<NDArray> saved) {
        boolean gradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try {
            for (int i = 0; i < parameters.size(); i++) {
                PtNDArray weight = (PtNDArray) parameters.get(i).getArray();
                JniUtils.zeroGrad(weight);
                NDArray before = saved.get(i);
                if (before != null) {
                    try (PtNDArray gradient = JniUtils.getGradient(weight)) {
                        if (gradient != null) {
                            gradient.addi(before);
                        }
                    }
                    before.close();
                }
            }
        } finally {
            JniUtils.setGradMode(gradMode);
        }
    }
}
