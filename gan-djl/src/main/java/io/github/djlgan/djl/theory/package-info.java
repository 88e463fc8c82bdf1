/**
 * The paper's propositions computed on an engine: the optimal discriminator (Proposition 1), the
 * global optimum of the training criterion (Theorem 1), and the picture of Figure 1.
 *
 * @see <a href="https://arxiv.org/abs/1406.2661">Goodfellow et al. 2014, Section 4</a>
 */
package io.github.djlgan.djl.theory;
