/** What is recorded about a run besides its settings. */
package io.github.djlgan.api.run;
