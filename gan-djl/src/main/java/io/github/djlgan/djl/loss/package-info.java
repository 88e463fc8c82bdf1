/** Adversarial losses as pure functions of the discriminator's logits. */
package io.github.djlgan.djl.loss;
