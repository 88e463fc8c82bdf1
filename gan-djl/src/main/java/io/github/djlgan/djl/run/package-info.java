/** A training run from configuration to run directory. */
package io.github.djlgan.djl.run;
