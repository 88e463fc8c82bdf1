/**
 * The engine-comparison harness: reference models of fixed shapes, one training iteration of each
 * on any engine, the machine's matrix-multiply peak, and the report that {@code gan bench} prints.
 * The JMH benchmarks reuse the same models, so every number refers to one definition.
 */
package io.github.djlgan.djl.bench;
