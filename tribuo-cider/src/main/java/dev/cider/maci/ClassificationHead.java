package dev.cider.maci;

import ai.djl.nn.Block;

/**
 * The classification head of a {@link MaciNetwork}: maps the backbone's joint representation to log-probabilities
 * over the K classes. {@link CausalHead} (MCM, the backdoor adjustment over class prototypes) is MACI's head;
 * {@link PlainHead} (a linear classifier) is the "without MCM" ablation.
 * <p>
 * Every head takes the same inputs, so the network's input contract does not depend on the head:
 * <ol>
 *     <li>joint representation {@code (B, J)};</li>
 *     <li>text prototypes {@code (K, d_l)};</li>
 *     <li>audio prototypes {@code (K, d_a)};</li>
 *     <li>vision prototypes {@code (K, d_v)};</li>
 *     <li>class priors {@code (K)}.</li>
 * </ol>
 * A head that does not use the prototypes and priors ({@link #usesPrototypes()} false) ignores inputs 1 to 4.
 * Output: {@code [log P (B, K)]}.
 */
public interface ClassificationHead extends Block {

    /** The number of inputs of every head. */
    int INPUTS = 5;

    /**
     * The number of classes K.
     * @return K.
     */
    int getNumClasses();

    /**
     * The size J of the joint representation the head reads.
     * @return J.
     */
    int getJointDim();

    /**
     * Whether the head reads the prototypes and priors (inputs 1 to 4).
     * @return True for MACI's causal head.
     */
    boolean usesPrototypes();
}
