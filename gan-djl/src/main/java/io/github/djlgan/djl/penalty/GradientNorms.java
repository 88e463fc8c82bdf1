package io.github.djlgan.djl.penalty;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

import java.util.function.Function;

/**
 * How a {@link GradientPenalty} obtains {@code ||g||^2}, the squared norm of the gradient of D's
 * output with respect to its input, at each D output: exactly by double backpropagation ({@link
 * ExactGradientNorms}) or estimated from two first-order forward points ({@link
 * FiniteDifferenceGradientNorms}).
 */
interface GradientNorms {

    /**
     * Computes the squared input-gradient norm of each D output, on the open gradient collector's
     * graph, so that a loss computed from it has a gradient with respect to D's parameters.
     *
     * @param discriminator D in training mode
     * @param input D's input at the penalty's points: {@code (x)} or {@code (x, labels)}, x of
     *     shape {@code (batch, ...)}; labels are passed through and not differentiated
     * @param update the index of this D update, from 0, keying the random numbers of an estimate
     * @return shape {@code (rows)}, one per D output (a sample, or a pack of samples)
     */
    NDArray squaredNorms(Function<NDList, NDArray> discriminator, NDList input, long update);
}
