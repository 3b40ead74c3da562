package dev.cider.runtime;

/**
 * Which backbone a MACI network uses.
 */
public enum BackboneKind {
    /** The CIDer backbone: projections, WSAM, GRUs, the multimodal composite transformer, pooling, joint MLP. */
    CIDER,
    /** A small late-fusion backbone (mean-pooled projections and an MLP), to show MACI on another model. */
    LATE_FUSION
}
