/** Engine and device selection at run time, by name. */
package io.github.djlgan.djl.engine;
