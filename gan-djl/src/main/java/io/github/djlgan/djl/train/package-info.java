/**
 * The training loop: Algorithm 1 of Goodfellow et al. (2014), one loop for every variant, and the
 * listener contract that watches it.
 */
package io.github.djlgan.djl.train;
