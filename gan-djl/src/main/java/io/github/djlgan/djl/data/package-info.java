/**
 * Real data and noise, as minibatches on an engine: synthetic mixtures, IDX collections, and
 * folders of pictures read as they look to a person ({@link
 * io.github.djlgan.djl.data.PictureReader}: bounded decoding, EXIF orientation, transparency on
 * a {@link io.github.djlgan.api.data.Background}, TwelveMonkeys formats). Image datasets have
 * DJL's {@link ai.djl.training.dataset.Dataset.Usage#TRAIN} and {@link
 * ai.djl.training.dataset.Dataset.Usage#TEST} parts.
 */
package io.github.djlgan.djl.data;

import io.github.djlgan.api.data.Background;
