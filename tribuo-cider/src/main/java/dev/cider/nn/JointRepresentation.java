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
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The joint representation (spec section 3, step 8): {@code h = W2 drop(relu(W1 x)) + x} on the concatenated
 * pooled modalities, with {@code W1, W2: D -> D} ({@code D = 3d = 96}: 18,624 parameters).
 * <p>
 * Input: {@code [x (B, D)]}. Output: {@code [(B, D)]}.
 */
public final class JointRepresentation extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int dim;
    private final Linear first;
    private final Dropout dropout;
    private final Linear second;

    private JointRepresentation(Builder builder) {
        super(VERSION);
        this.dim = builder.dim;
        this.first = addChildBlock("first", Linear.builder().setUnits(dim).build());
        this.dropout = addChildBlock("dropout", Dropout.builder().optRate(builder.dropout).build());
        this.second = addChildBlock("second", Linear.builder().setUnits(dim).build());
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
        NDArray x = inputs.head();
        if (x.getShape().dimension() != 2 || x.getShape().get(1) != dim) {
            throw new IllegalArgumentException("The joint representation expects (B, " + dim + "), found " + x.getShape());
        }
        NDArray h = Activation.relu(first.forward(parameterStore, new NDList(x), training, params).head());
        h = dropout.forward(parameterStore, new NDList(h), training, params).head();
        h = second.forward(parameterStore, new NDList(h), training, params).head();
        return new NDList(h.add(x));
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[]{inputShapes[0]};
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        first.initialize(manager, dataType, inputShapes[0]);
        dropout.initialize(manager, dataType, inputShapes[0]);
        second.initialize(manager, dataType, inputShapes[0]);
    }

    /**
     * Builds a {@link JointRepresentation}.
     */
    public static final class Builder {
        private int dim = 96;
        private float dropout = 0.3f;

        private Builder() {
        }

        /**
         * Sets the representation size {@code D}. Default 96.
         * @param dim The size.
         * @return This builder.
         */
        public Builder dim(int dim) {
            this.dim = dim;
            return this;
        }

        /**
         * Sets the dropout after the ReLU (the output dropout). Default 0.3.
         * @param rate The rate in [0, 1).
         * @return This builder.
         */
        public Builder optDropout(float rate) {
            this.dropout = rate;
            return this;
        }

        /**
         * Builds the block.
         * @return The block.
         */
        public JointRepresentation build() {
            if (dim <= 0) {
                throw new IllegalArgumentException("The joint representation size must be positive, found " + dim);
            }
            CompositeTransformerLayer.Builder.checkRate("output dropout", dropout);
            return new JointRepresentation(this);
        }
    }
}
