package dev.cider.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Standard multi-head self-attention with a key padding mask, the single view that replaces the multimodal composite
 * attention in the "without MCT" ablation.
 * <p>
 * Query, key and value linears {@code d -> d} (with bias) give {@code H} heads of size {@code d / H}; the scores are
 * {@code S = Q K^T / sqrt(d / H)}; padded keys ({@code keyMask = 0}) get {@code -1e9} before the softmax over the
 * keys; attention dropout acts on the weights; the heads' contexts are concatenated and mapped by an output linear
 * {@code d -> d}. Every query row attends, padded rows included (the caller ignores them, as with the MCA).
 * <p>
 * Input: {@code [x (B, N, d), keyMask (B, N)]} (1 on valid steps). Output: {@code [y (B, N, d),
 * scores (B, H, N, N)]}, where {@code scores} is the raw {@code S}, before the mask, for attention distillation
 * (as {@link MultimodalCompositeAttention} returns it). Parameters: {@code 4 (d^2 + d)} (4,224 for {@code d = 32}).
 */
public final class MultiHeadSelfAttention extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int hiddenDim;
    private final int heads;
    private final Linear query;
    private final Linear key;
    private final Linear value;
    private final Dropout attentionDropout;
    private final Linear output;

    private MultiHeadSelfAttention(Builder builder) {
        super(VERSION);
        this.hiddenDim = builder.hiddenDim;
        this.heads = builder.heads;
        this.query = addChildBlock("query", Linear.builder().setUnits(hiddenDim).build());
        this.key = addChildBlock("key", Linear.builder().setUnits(hiddenDim).build());
        this.value = addChildBlock("value", Linear.builder().setUnits(hiddenDim).build());
        this.attentionDropout = addChildBlock("attentionDropout", Dropout.builder().optRate(builder.attentionDropout).build());
        this.output = addChildBlock("output", Linear.builder().setUnits(hiddenDim).build());
    }

    /**
     * A new builder.
     * @return The builder.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        checkInputs(inputs);
        NDArray x = inputs.get(0);                                                        // (B, N, d)
        NDArray keyMask = MaskOps.toFloat(inputs.get(1));                                 // (B, N)
        long batch = x.getShape().get(0);
        long steps = x.getShape().get(1);
        NDArray q = splitHeads(query.forward(parameterStore, new NDList(x), training, params).head(), batch, steps);
        NDArray k = splitHeads(key.forward(parameterStore, new NDList(x), training, params).head(), batch, steps);
        NDArray v = splitHeads(value.forward(parameterStore, new NDList(x), training, params).head(), batch, steps);
        float scale = 1f / (float) Math.sqrt((double) hiddenDim / heads);
        NDArray scores = OwnedArrays.mul(q, scale).matMul(k.transpose(0, 1, 3, 2));                    // (B, H, N, N)
        NDArray weights = MaskOps.maskedSoftmax(scores, keyMask.reshape(batch, 1, 1, steps));
        weights = attentionDropout.forward(parameterStore, new NDList(weights), training, params).head();
        NDArray context = weights.matMul(v)                                               // (B, H, N, d/H)
                .transpose(0, 2, 1, 3).reshape(batch, steps, hiddenDim);                  // (B, N, d)
        NDArray y = output.forward(parameterStore, new NDList(context), training, params).head();
        return new NDList(y, scores);
    }

    // (B, N, d) -> (B, H, N, d/H)
    private NDArray splitHeads(NDArray x, long batch, long steps) {
        return x.reshape(batch, steps, heads, hiddenDim / heads).transpose(0, 2, 1, 3);
    }

    private void checkInputs(NDList inputs) {
        if (inputs.size() != 2) {
            throw new IllegalArgumentException("Self-attention expects [x, keyMask], found " + inputs.size() + " inputs");
        }
        Shape x = inputs.get(0).getShape();
        Shape mask = inputs.get(1).getShape();
        if (x.dimension() != 3 || x.get(2) != hiddenDim) {
            throw new IllegalArgumentException("Self-attention expects x of shape (B, N, " + hiddenDim + "), found " + x);
        }
        if (!mask.equals(x.slice(0, 2))) {
            throw new IllegalArgumentException("Self-attention expects keyMask of shape (B, N) = " + x.slice(0, 2) + ", found " + mask);
        }
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
        Shape x = inputShapes[0];
        query.initialize(manager, dataType, x);
        key.initialize(manager, dataType, x);
        value.initialize(manager, dataType, x);
        attentionDropout.initialize(manager, dataType, new Shape(x.get(0), heads, x.get(1), x.get(1)));
        output.initialize(manager, dataType, x);
    }

    /**
     * Builds a {@link MultiHeadSelfAttention}; the options are those of {@link AttentionOptions}.
     */
    public static final class Builder extends AttentionOptions<Builder> {

        private Builder() {
        }

        /** {@inheritDoc} */
        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Builds the block.
         * @return The block.
         */
        public MultiHeadSelfAttention build() {
            checkHeads("Self-attention");
            checkRate("attention dropout", attentionDropout);
            return new MultiHeadSelfAttention(this);
        }
    }
}
