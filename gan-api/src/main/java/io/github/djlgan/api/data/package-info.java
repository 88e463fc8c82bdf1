/** The built-in synthetic data distributions, as plain maths. */
package io.github.djlgan.api.data;
