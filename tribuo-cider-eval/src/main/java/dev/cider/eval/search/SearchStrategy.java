package dev.cider.eval.search;

/**
 * How a search spends its budget.
 */
public enum SearchStrategy {
    /** Random search: every candidate is trained once with the full number of epochs, in one round. */
    RANDOM,
    /**
     * Successive halving (the synchronous form of ASHA's rule, see {@link SuccessiveHalving}): every candidate is trained
     * with few epochs, the best 1/eta are retrained from scratch (same seeds) with eta times as many, and so on up to the
     * full number of epochs. Rounds are deterministic, so a rerun promotes the same candidates.
     */
    SUCCESSIVE_HALVING
}
