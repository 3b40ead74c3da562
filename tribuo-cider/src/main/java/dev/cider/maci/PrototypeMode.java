package dev.cider.maci;

/**
 * Which prototypes and priors the {@link CausalHead} receives.
 */
public enum PrototypeMode {
    /**
     * Training (labels known): slot {@code i} holds the prototype of class {@code i} and the priors are the
     * training class frequencies.
     */
    TRAINING,
    /**
     * Testing (labels unknown): every slot holds the mean of the K class prototypes and the priors are
     * uniform {@code 1/K}.
     */
    TEST
}
