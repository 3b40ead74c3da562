package dev.cider.nn;

/**
 * One pre-LayerNorm layer of the vanilla transformer ("without MCT" ablation), the same layer as
 * {@link CompositeTransformerLayer} with {@link MultiHeadSelfAttention} in place of the MCA:
 * {@code x = x + drop(MHSA(LN(x))); x = x + drop(FFN(LN(x)))} with {@code FFN = W2 drop(relu(W1 x))},
 * {@code W1: d -> f}, {@code W2: f -> d}. LayerNorms normalise the feature axis (see {@link PreNormResidualLayer}).
 * <p>
 * Input: {@code [x (B, N, d), keyMask (B, N)]}. Output: {@code [x (B, N, d), scores (B, H, N, N)]}, the scores
 * being the raw attention scores of this layer. Parameters: {@code 4 (d^2 + d) + 2 (2d) + (d f + f) + (f d + d)}
 * (12,704 for {@code d = 32, f = 128}).
 */
public final class VanillaTransformerLayer extends PreNormResidualLayer<MultiHeadSelfAttention> {

    private VanillaTransformerLayer(Builder builder) {
        super(builder, MultiHeadSelfAttention.builder().hiddenDim(builder.hiddenDim)
                .heads(builder.heads).optAttentionDropout(builder.attentionDropout).build());
    }

    /**
     * A new builder.
     * @return The builder.
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds a {@link VanillaTransformerLayer}; the options are those of {@link TransformerOptions}.
     */
    public static final class Builder extends TransformerOptions<Builder> {

        private Builder() {
        }

        /** {@inheritDoc} */
        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Builds the layer.
         * @return The layer.
         */
        public VanillaTransformerLayer build() {
            checkFeedForward();
            return new VanillaTransformerLayer(this);
        }
    }
}
