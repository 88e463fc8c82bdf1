/** Real data and noise, as minibatches on an engine. */
package io.github.djlgan.djl.data;
