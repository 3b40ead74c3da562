package dev.cider.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Naive attention pooling of one modality's sequence (spec section 3, step 7): a score
 * {@code e_t = w2 tanh(W1 x_t + b1) + b2} per step, a softmax over the valid steps (padding gets {@code -1e9}),
 * and the weighted sum of the steps.
 * <p>
 * Input: {@code [x (B, T, d), mask (B, T)]}. Output: {@code [(B, d)]}. Parameters: {@code (d h + h) + (h + 1)}
 * with the scorer width {@code h = d} by default (1,089 for {@code d = 32}).
 */
public final class NaiveAttentionPooling extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int scorerDim;
    private final Linear hidden;
    private final Linear score;

    private NaiveAttentionPooling(Builder builder) {
        super(VERSION);
        this.scorerDim = builder.scorerDim;
        this.hidden = addChildBlock("hidden", Linear.builder().setUnits(scorerDim).build());
        this.score = addChildBlock("score", Linear.builder().setUnits(1).build());
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
        NDArray weights = weights(parameterStore, inputs, training, params);            // (B, T)
        NDArray x = inputs.get(0);                                                       // (B, T, d)
        return new NDList(weights.expandDims(1).matMul(x).squeeze(1));                   // (B, d)
    }

    /**
     * The pooling weights, for inspection and tests.
     * @param parameterStore The parameter store.
     * @param inputs {@code [x, mask]}.
     * @param training Whether this is a training pass.
     * @param params Optional parameters.
     * @return (B, T), zero on padding, each row summing to one.
     */
    NDArray weights(ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        if (inputs.size() != 2) {
            throw new IllegalArgumentException("Attention pooling expects [x, mask], found " + inputs.size() + " inputs");
        }
        NDArray x = inputs.get(0);
        NDArray mask = MaskOps.toFloat(inputs.get(1));
        if (x.getShape().dimension() != 3 || !mask.getShape().equals(x.getShape().slice(0, 2))) {
            throw new IllegalArgumentException("Attention pooling expects x (B, T, d) and mask (B, T), found "
                    + x.getShape() + " and " + mask.getShape());
        }
        NDArray h = hidden.forward(parameterStore, new NDList(x), training, params).head().tanh(); // (B, T, h)
        NDArray e = score.forward(parameterStore, new NDList(h), training, params).head().squeeze(2); // (B, T)
        return MaskOps.maskedSoftmax(e, mask);
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape x = inputShapes[0];
        return new Shape[]{new Shape(x.get(0), x.get(2))};
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = inputShapes[0];
        hidden.initialize(manager, dataType, x);
        score.initialize(manager, dataType, new Shape(x.get(0), x.get(1), scorerDim));
    }

    /**
     * Builds a {@link NaiveAttentionPooling}.
     */
    public static final class Builder {
        private int scorerDim = 32;

        private Builder() {
        }

        /**
         * Sets the width {@code h} of the scorer's hidden layer. Default 32.
         * @param scorerDim The width.
         * @return This builder.
         */
        public Builder scorerDim(int scorerDim) {
            this.scorerDim = scorerDim;
            return this;
        }

        /**
         * Builds the block.
         * @return The block.
         */
        public NaiveAttentionPooling build() {
            if (scorerDim <= 0) {
                throw new IllegalArgumentException("The pooling scorer width must be positive, found " + scorerDim);
            }
            return new NaiveAttentionPooling(this);
        }
    }
}
