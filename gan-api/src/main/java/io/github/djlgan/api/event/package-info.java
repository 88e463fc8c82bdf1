/** What a training run reports as it goes, as plain Java values. */
package io.github.djlgan.api.event;
