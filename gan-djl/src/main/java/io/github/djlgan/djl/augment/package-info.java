/**
 * Augmentation of what the discriminator sees, for small image sets: DiffAugment's differentiable
 * colour, translation and cutout ({@link io.github.djlgan.djl.augment.DiffAugment}, Zhao et al.
 * 2020), applied with a probability that is fixed or adapted by ADA's overfitting heuristic
 * ({@link io.github.djlgan.djl.augment.AdaptiveProbability}, Karras et al. 2020). The transform is
 * a {@link io.github.djlgan.djl.stabilizer.DiscriminatorInputTransform}: the training loop knows
 * nothing of it.
 */
package io.github.djlgan.djl.augment;
