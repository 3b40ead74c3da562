package dev.cider.nn;

/**
 * The transformer that fuses the concatenated sequence {@code [H_l; H_a; H_v]} in the CIDer backbone
 * (spec section 3, steps 5 and 6).
 */
public enum Fusion {
    /** The multimodal composite transformer ({@link MultimodalCompositeTransformer}), the paper's method. */
    MCT,
    /**
     * A vanilla pre-LayerNorm transformer of standard multi-head self-attention ({@link VanillaTransformer}), the
     * "without MCT" ablation.
     */
    VANILLA
}
