/** The {@code gan} command line: train, sample, engines. */
package io.github.djlgan.cli;
