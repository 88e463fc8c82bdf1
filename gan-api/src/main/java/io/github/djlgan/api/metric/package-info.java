/** Metrics that need no tensors. */
package io.github.djlgan.api.metric;
