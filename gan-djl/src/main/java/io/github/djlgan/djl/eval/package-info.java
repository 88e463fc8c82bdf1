/**
 * Evaluation that needs an engine: squared distances for the Parzen-window estimate by matrix
 * products, and the project's own feature extractors (a classifier of a dataset's classes, or
 * for a folder without classes a CNN trained to predict rotations), cached by what determines
 * them, whose features give the Frechet distance, KID and precision/recall, and whose class
 * probabilities give the Inception-style score; {@link io.github.djlgan.djl.eval.ImageRunEvaluation}
 * runs them on a trained image run, each metric beside its calibration rows.
 */
package io.github.djlgan.djl.eval;
