/** Files a run writes: atomic writes, pictures, the run directory. */
package io.github.djlgan.djl.io;
