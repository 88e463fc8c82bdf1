/** The training listeners a run directory is made of: progress, metrics, checkpoints, pictures. */
package io.github.djlgan.djl.listener;
