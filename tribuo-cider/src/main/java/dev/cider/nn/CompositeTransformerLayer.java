package dev.cider.nn;

/**
 * One pre-LayerNorm layer of the multimodal composite transformer:
 * {@code x = x + drop(MCA(LN(x))); x = x + drop(FFN(LN(x)))} with {@code FFN = W2 drop(relu(W1 x))},
 * {@code W1: d -> f}, {@code W2: f -> d}. LayerNorms normalise the feature axis (see {@link PreNormResidualLayer}).
 * <p>
 * Input: {@code [x (B, 3T, d), keyMask (B, 3T)]}. Output: {@code [x (B, 3T, d), scores (B, H, 3T, 3T)]}, the
 * scores being the raw MCA scores of this layer.
 */
public final class CompositeTransformerLayer extends PreNormResidualLayer<MultimodalCompositeAttention> {

    private CompositeTransformerLayer(Builder builder) {
        super(builder, MultimodalCompositeAttention.builder().hiddenDim(builder.hiddenDim)
                .heads(builder.heads).optAttentionDropout(builder.attentionDropout).optBlockwise(builder.blockwise).build());
    }

    /**
     * A new builder.
     * @return The builder.
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds a {@link CompositeTransformerLayer}; the options are those of {@link TransformerOptions} (the attention
     * dropout acting on the tri-modal view) plus the choice of the blockwise MCA.
     */
    public static final class Builder extends TransformerOptions<Builder> {
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
         * Builds the layer.
         * @return The layer.
         */
        public CompositeTransformerLayer build() {
            checkFeedForward();
            return new CompositeTransformerLayer(this);
        }
    }
}
