/**
 * Evaluation that needs an engine: squared distances for the Parzen-window estimate by matrix
 * products, and the project's own image classifier whose features and class probabilities give
 * the Frechet distance and the Inception-style score.
 */
package io.github.djlgan.djl.eval;
