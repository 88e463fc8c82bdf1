/**
 * What gan-djl needs from DJL's PyTorch engine beneath its public API: {@link
 * io.github.djlgan.engine.pytorch.PtInputGradients}, second-order input gradients through
 * libtorch's {@code torch.autograd.grad}, registered for {@link java.util.ServiceLoader}. The only
 * code of the project, with gan-engine-mxnet, that names engine classes.
 */
package io.github.djlgan.engine.pytorch;
