package dev.cider.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * One pre-LayerNorm layer of the vanilla transformer ("without MCT" ablation), the same layer as
 * {@link CompositeTransformerLayer} with {@link MultiHeadSelfAttention} in place of the MCA:
 * {@code x = x + drop(MHSA(LN(x))); x = x + drop(FFN(LN(x)))} with {@code FFN = W2 drop(relu(W1 x))},
 * {@code W1: d -> f}, {@code W2: f -> d}. LayerNorms normalise the feature axis.
 * <p>
 * Input: {@code [x (B, N, d), keyMask (B, N)]}. Output: {@code [x (B, N, d), scores (B, H, N, N)]}, the scores
 * being the raw attention scores of this layer. Parameters: {@code 4 (d^2 + d) + 2 (2d) + (d f + f) + (f d + d)}
 * (12,704 for {@code d = 32, f = 128}).
 */
public final class VanillaTransformerLayer extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int feedForwardDim;
    private final LayerNorm attentionNorm;
    private final MultiHeadSelfAttention attention;
    private final Dropout attentionResidualDropout;
    private final LayerNorm feedForwardNorm;
    private final Linear feedForwardIn;
    private final Dropout feedForwardDropout;
    private final Linear feedForwardOut;
    private final Dropout feedForwardResidualDropout;

    private VanillaTransformerLayer(Builder builder) {
        super(VERSION);
        this.feedForwardDim = builder.feedForwardDim;
        this.attentionNorm = addChildBlock("attentionNorm", LayerNorm.builder().axis(2).build());
        this.attention = addChildBlock("attention", MultiHeadSelfAttention.builder().hiddenDim(builder.hiddenDim)
                .heads(builder.heads).optAttentionDropout(builder.attentionDropout).build());
        this.attentionResidualDropout = addChildBlock("attentionResidualDropout", Dropout.builder().optRate(builder.residualDropout).build());
        this.feedForwardNorm = addChildBlock("feedForwardNorm", LayerNorm.builder().axis(2).build());
        this.feedForwardIn = addChildBlock("feedForwardIn", Linear.builder().setUnits(feedForwardDim).build());
        this.feedForwardDropout = addChildBlock("feedForwardDropout", Dropout.builder().optRate(builder.feedForwardDropout).build());
        this.feedForwardOut = addChildBlock("feedForwardOut", Linear.builder().setUnits(builder.hiddenDim).build());
        this.feedForwardResidualDropout = addChildBlock("feedForwardResidualDropout", Dropout.builder().optRate(builder.residualDropout).build());
    }

    /**
     * A new builder.
     * @return The builder.
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The attention block of this layer.
     * @return The self-attention.
     */
    public MultiHeadSelfAttention attention() {
        return attention;
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray x = inputs.get(0);                                                        // (B, N, d)
        NDArray keyMask = inputs.get(1);                                                  // (B, N)
        NDArray normed = attentionNorm.forward(parameterStore, new NDList(x), training, params).head();
        NDList attended = attention.forward(parameterStore, new NDList(normed, keyMask), training, params);
        x = x.add(attentionResidualDropout.forward(parameterStore, new NDList(attended.get(0)), training, params).head());
        NDArray h = feedForwardNorm.forward(parameterStore, new NDList(x), training, params).head();
        h = feedForwardIn.forward(parameterStore, new NDList(h), training, params).head();
        h = Activation.relu(h);                                                           // (B, N, f)
        h = feedForwardDropout.forward(parameterStore, new NDList(h), training, params).head();
        h = feedForwardOut.forward(parameterStore, new NDList(h), training, params).head(); // (B, N, d)
        x = x.add(feedForwardResidualDropout.forward(parameterStore, new NDList(h), training, params).head());
        return new NDList(x, attended.get(1));
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return attention.getOutputShapes(inputShapes);
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = inputShapes[0];
        Shape inner = new Shape(x.get(0), x.get(1), feedForwardDim);
        attentionNorm.initialize(manager, dataType, x);
        attention.initialize(manager, dataType, inputShapes);
        attentionResidualDropout.initialize(manager, dataType, x);
        feedForwardNorm.initialize(manager, dataType, x);
        feedForwardIn.initialize(manager, dataType, x);
        feedForwardDropout.initialize(manager, dataType, inner);
        feedForwardOut.initialize(manager, dataType, inner);
        feedForwardResidualDropout.initialize(manager, dataType, x);
    }

    /**
     * Builds a {@link VanillaTransformerLayer}.
     */
    public static final class Builder {
        private int hiddenDim = 32;
        private int heads = 8;
        private int feedForwardDim = 128;
        private float attentionDropout = 0f;
        private float residualDropout = 0.1f;
        private float feedForwardDropout = 0.1f;

        private Builder() {
        }

        /**
         * Sets the hidden size {@code d}. Default 32.
         * @param hiddenDim The size.
         * @return This builder.
         */
        public Builder hiddenDim(int hiddenDim) {
            this.hiddenDim = hiddenDim;
            return this;
        }

        /**
         * Sets the number of attention heads. Default 8.
         * @param heads The number of heads.
         * @return This builder.
         */
        public Builder heads(int heads) {
            this.heads = heads;
            return this;
        }

        /**
         * Sets the feed-forward inner width {@code f}. Default 128.
         * @param feedForwardDim The width.
         * @return This builder.
         */
        public Builder feedForwardDim(int feedForwardDim) {
            this.feedForwardDim = feedForwardDim;
            return this;
        }

        /**
         * Sets the dropout on the attention weights. Default 0.
         * @param rate The rate.
         * @return This builder.
         */
        public Builder optAttentionDropout(float rate) {
            this.attentionDropout = rate;
            return this;
        }

        /**
         * Sets the dropout on each sub-layer output before the residual sum. Default 0.1.
         * @param rate The rate.
         * @return This builder.
         */
        public Builder optResidualDropout(float rate) {
            this.residualDropout = rate;
            return this;
        }

        /**
         * Sets the dropout after the feed-forward ReLU. Default 0.1.
         * @param rate The rate.
         * @return This builder.
         */
        public Builder optFeedForwardDropout(float rate) {
            this.feedForwardDropout = rate;
            return this;
        }

        /**
         * Builds the layer.
         * @return The layer.
         */
        public VanillaTransformerLayer build() {
            if (feedForwardDim <= 0) {
                throw new IllegalArgumentException("The feed-forward dimension must be positive, found " + feedForwardDim);
            }
            CompositeTransformerLayer.Builder.checkRate("residual dropout", residualDropout);
            CompositeTransformerLayer.Builder.checkRate("feed-forward dropout", feedForwardDropout);
            return new VanillaTransformerLayer(this);
        }
    }
}
