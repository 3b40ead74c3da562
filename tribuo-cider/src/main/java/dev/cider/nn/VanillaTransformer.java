package dev.cider.nn;

/**
 * The vanilla transformer of the "without MCT" ablation: the {@link MultimodalCompositeTransformer} with every MCA
 * replaced by one standard multi-head self-attention over the whole concatenation {@code [H_l; H_a; H_v]}. It keeps
 * everything else (see {@link PreNormTransformerStack}): the parameter-free temporal positional encoding (restarting
 * in each of the three segments by default, see {@link StackBuilder#optSegmentPositions(boolean)}), embedding dropout,
 * {@code N} pre-LayerNorm {@link VanillaTransformerLayer}s with the same feed-forward network and dropouts, and a
 * final LayerNorm.
 * <p>
 * Input: {@code [x (B, 3T, d), keyMask (B, 3T)]}. Output: {@code [y (B, 3T, d), scores (B, H, 3T, 3T)]} where
 * {@code scores} are the raw attention scores of the last layer (for attention distillation, as the MCT returns them).
 * Parameters: {@code N} layers of {@code 4 (d^2 + d) + 4d + (d f + f) + (f d + d)} plus the final LayerNorm's
 * {@code 2d} (38,176 for {@code N = 3, d = 32, f = 128}, against 97,504 for the MCT).
 */
public final class VanillaTransformer extends PreNormTransformerStack<VanillaTransformerLayer> {

    private VanillaTransformer(Builder builder) {
        super(builder, "The vanilla transformer",
                () -> VanillaTransformerLayer.builder().copyTransformerOptions(builder).build());
    }

    /**
     * A new builder.
     * @return The builder.
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds a {@link VanillaTransformer}; the options are those of {@link StackBuilder}.
     */
    public static final class Builder extends StackBuilder<Builder> {

        private Builder() {
        }

        /** {@inheritDoc} */
        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Builds the transformer.
         * @return The transformer.
         */
        public VanillaTransformer build() {
            checkStack("The vanilla transformer");
            return new VanillaTransformer(this);
        }
    }
}
