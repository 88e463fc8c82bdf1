/**
 * Stabilisers that act on what the discriminator sees or on its weights, as parts the training
 * loop ({@link io.github.djlgan.djl.train.GanTrainer}) is composed from: {@link
 * io.github.djlgan.djl.stabilizer.DiscriminatorInputTransform} (instance noise; differentiable
 * augmentation, {@link io.github.djlgan.djl.augment.DiffAugment}), {@link io.github.djlgan.djl.stabilizer.DiscriminatorRegularizer} (gradient
 * penalties) and {@link io.github.djlgan.djl.stabilizer.DiscriminatorConstraint} (weight
 * clipping). A new stabiliser implements one of them; the loop does not change.
 *
 * <p>Stabilisers that change D's architecture (spectral normalisation, packing) are blocks, in
 * {@link io.github.djlgan.djl.model}.
 */
package io.github.djlgan.djl.stabilizer;
