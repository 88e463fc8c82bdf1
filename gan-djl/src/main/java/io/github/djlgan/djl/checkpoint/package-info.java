/**
 * Checkpoints that resume a run exactly: named parts (parameters, optimiser state, the trainer's
 * counters, anything a later feature adds) with a manifest of SHA-256 checksums, written under a
 * temporary name and renamed, so a crash never leaves a checkpoint that looks complete.
 */
package io.github.djlgan.djl.checkpoint;
