/**
 * What a user of the GAN toolkit programs against and what needs no native code: configuration,
 * names of losses and data sources, training events, metric maths and the run manifest.
 *
 * @see <a href="https://arxiv.org/abs/1406.2661">Goodfellow et al., Generative Adversarial Nets,
 *     2014</a>
 */
package io.github.djlgan.api;
