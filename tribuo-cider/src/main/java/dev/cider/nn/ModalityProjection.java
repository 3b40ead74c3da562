package dev.cider.nn;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The bias-free per-step linear map of one modality to the hidden size (a kernel-1 Conv1D without bias).
 * <p>
 * Without a bias, a zeroed (missing) frame projects to exactly zero.
 * <p>
 * Input: {@code [x (B, T, d_x)]}. Output: {@code [(B, T, d)]}. Parameters: {@code d_x * d}.
 */
public final class ModalityProjection extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int hiddenDim;
    private final Linear linear;

    private ModalityProjection(Builder builder) {
        super(VERSION);
        this.hiddenDim = builder.hiddenDim;
        this.linear = addChildBlock("linear", Linear.builder().setUnits(hiddenDim).optBias(false).build());
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
        // (B, T, d_x) -> (B, T, d)
        return linear.forward(parameterStore, new NDList(inputs.head()), training, params);
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[]{in.slice(0, in.dimension() - 1).add(hiddenDim)};
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        linear.initialize(manager, dataType, inputShapes[0]);
    }

    /**
     * Builds a {@link ModalityProjection}.
     */
    public static final class Builder {
        private int hiddenDim = 32;

        private Builder() {
        }

        /**
         * Sets the output size {@code d}. Default 32.
         * @param hiddenDim The size.
         * @return This builder.
         */
        public Builder hiddenDim(int hiddenDim) {
            this.hiddenDim = hiddenDim;
            return this;
        }

        /**
         * Builds the block.
         * @return The block.
         */
        public ModalityProjection build() {
            if (hiddenDim <= 0) {
                throw new IllegalArgumentException("The projection's hidden dimension must be positive, found " + hiddenDim);
            }
            return new ModalityProjection(this);
        }
    }
}
