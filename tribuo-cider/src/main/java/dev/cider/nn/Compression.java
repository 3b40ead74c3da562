package dev.cider.nn;

/**
 * How the CIDer backbone compresses unaligned audio and vision sequences to the text length {@code T_l}
 * (spec section 3, step 3). Word-aligned data are never compressed.
 */
public enum Compression {
    /** The word-self-aligned attention ({@link WordSelfAlignedAttention}), the paper's method. */
    WSAM,
    /**
     * Masked mean pooling over {@code T_l} equal windows of the padded time axis ({@link MeanPoolCompression}), the
     * "without WSAM" ablation: no parameters.
     */
    MEAN_POOL
}
