/**
 * What gan-djl needs from DJL's MXNet engine beneath its public API: {@link
 * io.github.djlgan.engine.mxnet.MxInputGradients}, second-order input gradients through MXNet's
 * {@code MXAutogradBackwardEx}, registered for {@link java.util.ServiceLoader}, with the refusal
 * that names a layer MXNet 1.9 cannot differentiate twice.
 */
package io.github.djlgan.engine.mxnet;
