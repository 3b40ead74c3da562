package dev.cider.nn;

/**
 * MCT, the multimodal composite transformer (spec section 3, step 5): a sinusoidal temporal positional encoding
 * (no parameters) added over the time axis, embedding dropout, {@code N} {@link CompositeTransformerLayer}s and
 * a final LayerNorm over the feature axis (see {@link PreNormTransformerStack}).
 * <p>
 * The positions restart in each of the three segments by default ({@link StackBuilder#optSegmentPositions(boolean)}).
 * <p>
 * Input: {@code [x (B, 3T, d), keyMask (B, 3T)]}. Output: {@code [y (B, 3T, d), scores (B, H, 3T, 3T)]} where
 * {@code scores} are the raw MCA scores of the last layer.
 */
public final class MultimodalCompositeTransformer extends PreNormTransformerStack<CompositeTransformerLayer> {

    private MultimodalCompositeTransformer(Builder builder) {
        super(builder, "MCT", () -> CompositeTransformerLayer.builder().copyTransformerOptions(builder)
                .optBlockwise(builder.blockwise).build());
    }

    /**
     * A new builder.
     * @return The builder.
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds a {@link MultimodalCompositeTransformer}; the options are those of {@link StackBuilder} (the attention
     * dropout acting on the tri-modal view) plus the choice of the blockwise MCA.
     */
    public static final class Builder extends StackBuilder<Builder> {
        private boolean blockwise = false;

        private Builder() {
        }

        /** {@inheritDoc} */
        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Selects the blockwise MCA. Default false.
         * @param blockwise True for blockwise.
         * @return This builder.
         */
        public Builder optBlockwise(boolean blockwise) {
            this.blockwise = blockwise;
            return this;
        }

        /**
         * Builds the transformer.
         * @return The transformer.
         */
        public MultimodalCompositeTransformer build() {
            checkStack("The MCT");
            return new MultimodalCompositeTransformer(this);
        }
    }
}
