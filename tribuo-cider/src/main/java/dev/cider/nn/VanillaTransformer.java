package dev.cider.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The vanilla transformer of the "without MCT" ablation: the {@link MultimodalCompositeTransformer} with every MCA
 * replaced by one standard multi-head self-attention over the whole concatenation {@code [H_l; H_a; H_v]}. It keeps
 * everything else: the parameter-free temporal positional encoding (restarting in each of the three segments by
 * default, see {@link Builder#optSegmentPositions(boolean)}), embedding dropout, {@code N} pre-LayerNorm
 * {@link VanillaTransformerLayer}s with the same feed-forward network and dropouts, and a final LayerNorm.
 * <p>
 * Input: {@code [x (B, 3T, d), keyMask (B, 3T)]}. Output: {@code [y (B, 3T, d), scores (B, H, 3T, 3T)]} where
 * {@code scores} are the raw attention scores of the last layer (for attention distillation, as the MCT returns them).
 * Parameters: {@code N} layers of {@code 4 (d^2 + d) + 4d + (d f + f) + (f d + d)} plus the final LayerNorm's
 * {@code 2d} (38,176 for {@code N = 3, d = 32, f = 128}, against 97,504 for the MCT).
 */
public final class VanillaTransformer extends AbstractBlock {

    private static final byte VERSION = 1;
    private static final int SEGMENTS = 3;

    private final int hiddenDim;
    private final int heads;
    private final boolean segmentPositions;
    private final Dropout embeddingDropout;
    private final List<VanillaTransformerLayer> layers;
    private final LayerNorm finalNorm;

    private VanillaTransformer(Builder builder) {
        super(VERSION);
        this.hiddenDim = builder.hiddenDim;
        this.heads = builder.heads;
        this.segmentPositions = builder.segmentPositions;
        this.embeddingDropout = addChildBlock("embeddingDropout", Dropout.builder().optRate(builder.embeddingDropout).build());
        List<VanillaTransformerLayer> list = new ArrayList<>();
        for (int i = 0; i < builder.layers; i++) {
            list.add(addChildBlock("layer" + i, VanillaTransformerLayer.builder().hiddenDim(hiddenDim).heads(heads)
                    .feedForwardDim(builder.feedForwardDim).optAttentionDropout(builder.attentionDropout)
                    .optResidualDropout(builder.residualDropout).optFeedForwardDropout(builder.feedForwardDropout).build()));
        }
        this.layers = Collections.unmodifiableList(list);
        this.finalNorm = addChildBlock("finalNorm", LayerNorm.builder().axis(2).build());
    }

    /**
     * A new builder.
     * @return The builder.
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The layers, first to last.
     * @return The layers.
     */
    public List<VanillaTransformerLayer> layers() {
        return layers;
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        if (inputs.size() != 2) {
            throw new IllegalArgumentException("The vanilla transformer expects [x, keyMask], found " + inputs.size() + " inputs");
        }
        NDArray x = inputs.get(0);                                                        // (B, 3T, d)
        NDArray keyMask = inputs.get(1);                                                  // (B, 3T)
        long positions = x.getShape().get(1);
        if (x.getShape().dimension() != 3 || positions % SEGMENTS != 0 || x.getShape().get(2) != hiddenDim) {
            throw new IllegalArgumentException("The vanilla transformer expects x of shape (B, 3T, " + hiddenDim + "), found " + x.getShape());
        }
        NDArray encoding = PositionalEncoding.of(x.getManager(), SEGMENTS, (int) (positions / SEGMENTS), hiddenDim, segmentPositions);
        x = x.add(encoding.expandDims(0));                                                // broadcast over the batch
        x = embeddingDropout.forward(parameterStore, new NDList(x), training, params).head();
        NDArray scores = null;
        for (VanillaTransformerLayer layer : layers) {
            NDList out = layer.forward(parameterStore, new NDList(x, keyMask), training, params);
            x = out.get(0);
            scores = out.get(1);
        }
        x = finalNorm.forward(parameterStore, new NDList(x), training, params).head();
        return new NDList(x, scores);
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape x = inputShapes[0];
        return new Shape[]{x, new Shape(x.get(0), heads, x.get(1), x.get(1))};
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        embeddingDropout.initialize(manager, dataType, inputShapes[0]);
        for (VanillaTransformerLayer layer : layers) {
            layer.initialize(manager, dataType, inputShapes);
        }
        finalNorm.initialize(manager, dataType, inputShapes[0]);
    }

    /**
     * Builds a {@link VanillaTransformer}.
     */
    public static final class Builder {
        private int hiddenDim = 32;
        private int layers = 3;
        private int heads = 8;
        private int feedForwardDim = 128;
        private float attentionDropout = 0f;
        private float embeddingDropout = 0.2f;
        private float residualDropout = 0.1f;
        private float feedForwardDropout = 0.1f;
        private boolean segmentPositions = true;

        private Builder() {
        }

        /**
         * Sets {@code d}. Default 32.
         * @param hiddenDim The size.
         * @return This builder.
         */
        public Builder hiddenDim(int hiddenDim) {
            this.hiddenDim = hiddenDim;
            return this;
        }

        /**
         * Sets {@code N}. Default 3.
         * @param layers The number of layers.
         * @return This builder.
         */
        public Builder layers(int layers) {
            this.layers = layers;
            return this;
        }

        /**
         * Sets {@code H}. Default 8.
         * @param heads The number of heads.
         * @return This builder.
         */
        public Builder heads(int heads) {
            this.heads = heads;
            return this;
        }

        /**
         * Sets the feed-forward width. Default 128.
         * @param feedForwardDim The width.
         * @return This builder.
         */
        public Builder feedForwardDim(int feedForwardDim) {
            this.feedForwardDim = feedForwardDim;
            return this;
        }

        /**
         * Sets the dropout on the attention weights of every layer. Default 0.
         * @param rate The rate.
         * @return This builder.
         */
        public Builder optAttentionDropout(float rate) {
            this.attentionDropout = rate;
            return this;
        }

        /**
         * Sets the dropout after the positional encoding. Default 0.2.
         * @param rate The rate.
         * @return This builder.
         */
        public Builder optEmbeddingDropout(float rate) {
            this.embeddingDropout = rate;
            return this;
        }

        /**
         * Sets the residual dropout of every layer. Default 0.1.
         * @param rate The rate.
         * @return This builder.
         */
        public Builder optResidualDropout(float rate) {
            this.residualDropout = rate;
            return this;
        }

        /**
         * Sets the feed-forward dropout of every layer. Default 0.1.
         * @param rate The rate.
         * @return This builder.
         */
        public Builder optFeedForwardDropout(float rate) {
            this.feedForwardDropout = rate;
            return this;
        }

        /**
         * Sets whether positions restart in each segment (true, default) or run over the concatenation.
         * @param segmentPositions The choice.
         * @return This builder.
         */
        public Builder optSegmentPositions(boolean segmentPositions) {
            this.segmentPositions = segmentPositions;
            return this;
        }

        /**
         * Builds the transformer.
         * @return The transformer.
         */
        public VanillaTransformer build() {
            if (layers <= 0) {
                throw new IllegalArgumentException("The vanilla transformer needs at least one layer, found " + layers);
            }
            CompositeTransformerLayer.Builder.checkRate("embedding dropout", embeddingDropout);
            return new VanillaTransformer(this);
        }
    }
}
