/**
 * The project's own optimisers: the update rules of DJL's Adam, SGD with momentum and RMSProp,
 * with state (moments, update counts) that can be saved into a checkpoint and loaded again on any
 * engine, which DJL's optimisers keep private. Exact resume depends on it.
 */
package io.github.djlgan.djl.optimizer;
