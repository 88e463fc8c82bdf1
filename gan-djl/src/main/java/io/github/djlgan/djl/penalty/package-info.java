/**
 * Gradient penalties on the discriminator (R1, R2, WGAN-GP, DRAGAN; {@link
 * io.github.djlgan.djl.penalty.GradientPenalty}), made from a {@link
 * io.github.djlgan.api.config.PenaltyConfig} by {@link
 * io.github.djlgan.djl.penalty.GradientPenalties#create}, and the engine-neutral capability they
 * need, {@link io.github.djlgan.djl.penalty.InputGradients}: the gradient of D's output with
 * respect to its input, itself differentiable. Its implementations live in the engine modules
 * gan-engine-pytorch and gan-engine-mxnet and are found at run time; a perceptron D's input gradient
 * also has a closed form that needs first-order gradients only ({@link
 * io.github.djlgan.djl.penalty.PerceptronGradientNorms}), which serves it where the engine cannot
 * differentiate a layer twice. R1 and R2 can instead be
 * estimated with first-order gradients only, on any engine ({@link
 * io.github.djlgan.api.config.PenaltyEstimator#FINITE_DIFFERENCE}).
 */
package io.github.djlgan.djl.penalty;
