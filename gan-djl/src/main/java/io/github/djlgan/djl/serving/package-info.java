/**
 * A trained generator as an ordinary DJL model directory, loadable with DJL's {@code Criteria}
 * on either engine: {@link io.github.djlgan.djl.serving.GeneratorModel} writes it, {@link
 * io.github.djlgan.djl.serving.GeneratorBlockFactory} rebuilds the network and {@link
 * io.github.djlgan.djl.serving.GeneratorTranslatorFactory} turns seeds or latent vectors into
 * images. A conditional generator's class names are in the directory's {@code synset.txt} (DJL's
 * convention), and a class is asked for by name or by label ({@link
 * io.github.djlgan.djl.serving.GeneratorInput#withClass}).
 */
package io.github.djlgan.djl.serving;
