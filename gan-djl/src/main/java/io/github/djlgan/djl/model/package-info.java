/** The networks, as ordinary DJL blocks. */
package io.github.djlgan.djl.model;
