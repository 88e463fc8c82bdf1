/** JMH benchmarks of GAN training per engine. */
package io.github.djlgan.bench;
