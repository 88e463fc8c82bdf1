/**
 * A trained generator as an ordinary DJL model directory, loadable with DJL's {@code Criteria}
 * on either engine: {@link io.github.djlgan.djl.serving.GeneratorModel} writes it, {@link
 * io.github.djlgan.djl.serving.GeneratorBlockFactory} rebuilds the network and {@link
 * io.github.djlgan.djl.serving.GeneratorTranslatorFactory} turns seeds or latent vectors into
 * images.
 */
package io.github.djlgan.djl.serving;
