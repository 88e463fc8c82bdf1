/** Immutable, validated settings of a training run, written as config.json beside every run. */
package io.github.djlgan.api.config;
