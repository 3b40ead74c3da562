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
 * WSAM, the word-self-aligned attention (spec section 3, step 3): single-head attention with the projected text
 * as query and a projected non-text modality as key and value, which compresses that modality to the text length.
 * <p>
 * Query, key and value linears have a bias, and an output linear {@code d -> d} follows: {@code 4 (d^2 + d)}
 * parameters (4,224 for {@code d = 32}).
 * <p>
 * Masks: padding steps of the audio/vision input are excluded as keys with an additive {@code -1e9}; the weights
 * of text rows whose row mask is 0 ([CLS], [SEP] and padding, see {@link #wordRowMask(NDArray)}) are multiplied
 * by 0 after the softmax, so those rows attend to nothing (their output is the output linear's bias).
 * <p>
 * Input: {@code [text (B, T_l, d), rowMask (B, T_l), other (B, T_x, d), otherMask (B, T_x)]}.
 * Output: {@code [(B, T_l, d)]}.
 */
public final class WordSelfAlignedAttention extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int hiddenDim;
    private final Linear query;
    private final Linear key;
    private final Linear value;
    private final Linear output;

    private WordSelfAlignedAttention(Builder builder) {
        super(VERSION);
        this.hiddenDim = builder.hiddenDim;
        this.query = addChildBlock("query", Linear.builder().setUnits(hiddenDim).build());
        this.key = addChildBlock("key", Linear.builder().setUnits(hiddenDim).build());
        this.value = addChildBlock("value", Linear.builder().setUnits(hiddenDim).build());
        this.output = addChildBlock("output", Linear.builder().setUnits(hiddenDim).build());
    }

    /**
     * A new builder.
     * @return The builder.
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The WSAM row mask derived from a text padding mask: the text mask with [CLS] (position 0) and [SEP]
     * (position {@code length - 1}, where length is the number of ones) set to 0. The text mask must be a
     * valid prefix of ones followed by zeros, as every padding mask in this project is.
     * @param textMask (B, T_l) 1 on valid tokens, 0 on padding.
     * @return (B, T_l) float, 1 on the valid tokens between [CLS] and [SEP].
     */
    public static NDArray wordRowMask(NDArray textMask) {
        NDArray mask = MaskOps.toFloat(textMask);
        long steps = mask.getShape().get(1);
        NDArray length = mask.sum(new int[]{1}, true);                                     // (B, 1)
        NDArray positions = mask.getManager().arange(0f, (float) steps, 1f).reshape(1, steps); // (1, T_l)
        NDArray notFirst = MaskOps.toFloat(positions.gt(0f));                               // (1, T_l)
        NDArray notLast = MaskOps.toFloat(positions.neq(length.sub(1f)));                   // (B, T_l)
        return mask.mul(notFirst).mul(notLast);
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        checkInputs(inputs);
        NDArray weights = weights(parameterStore, inputs, training, params);                 // (B, T_l, T_x)
        NDArray values = value.forward(parameterStore, new NDList(inputs.get(2)), training, params).head();
        NDArray context = weights.matMul(values);                                           // (B, T_l, d)
        return output.forward(parameterStore, new NDList(context), training, params);
    }

    /**
     * The attention weights (after the row mask), for inspection and tests.
     * @param parameterStore The parameter store.
     * @param inputs The block inputs.
     * @param training Whether this is a training pass.
     * @param params Optional parameters.
     * @return (B, T_l, T_x): rows with row mask 0 are zero, others sum to one over the unpadded keys.
     */
    NDArray weights(ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray text = inputs.get(0);
        NDArray rowMask = MaskOps.toFloat(inputs.get(1));
        NDArray other = inputs.get(2);
        NDArray otherMask = MaskOps.toFloat(inputs.get(3));
        long batch = text.getShape().get(0);
        long textSteps = text.getShape().get(1);
        long otherSteps = other.getShape().get(1);
        NDArray q = query.forward(parameterStore, new NDList(text), training, params).head();   // (B, T_l, d)
        NDArray k = key.forward(parameterStore, new NDList(other), training, params).head();    // (B, T_x, d)
        NDArray scores = OwnedArrays.mul(q.matMul(k.transpose(0, 2, 1)), 1f / (float) Math.sqrt(hiddenDim)); // (B, T_l, T_x)
        NDArray weights = MaskOps.maskedSoftmax(scores, otherMask.reshape(batch, 1, otherSteps));
        return weights.mul(rowMask.reshape(batch, textSteps, 1));
    }

    private void checkInputs(NDList inputs) {
        if (inputs.size() != 4) {
            throw new IllegalArgumentException("WSAM expects [text, rowMask, other, otherMask], found " + inputs.size() + " inputs");
        }
        Shape text = inputs.get(0).getShape();
        Shape row = inputs.get(1).getShape();
        Shape other = inputs.get(2).getShape();
        Shape otherMask = inputs.get(3).getShape();
        if (text.dimension() != 3 || other.dimension() != 3 || text.get(2) != hiddenDim || other.get(2) != hiddenDim) {
            throw new IllegalArgumentException("WSAM expects text (B, T_l, " + hiddenDim + ") and other (B, T_x, "
                    + hiddenDim + "), found " + text + " and " + other);
        }
        if (!row.equals(new Shape(text.get(0), text.get(1))) || !otherMask.equals(new Shape(other.get(0), other.get(1)))) {
            throw new IllegalArgumentException("WSAM masks must be (B, T_l) and (B, T_x), found " + row + " and " + otherMask
                    + " for text " + text + " and other " + other);
        }
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape text = inputShapes[0];
        return new Shape[]{new Shape(text.get(0), text.get(1), hiddenDim)};
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        query.initialize(manager, dataType, inputShapes[0]);
        key.initialize(manager, dataType, inputShapes[2]);
        value.initialize(manager, dataType, inputShapes[2]);
        output.initialize(manager, dataType, new Shape(inputShapes[0].get(0), inputShapes[0].get(1), hiddenDim));
    }

    /**
     * Builds a {@link WordSelfAlignedAttention}.
     */
    public static final class Builder {
        private int hiddenDim = 32;

        private Builder() {
        }

        /**
         * Sets the hidden size {@code d} of the query, key, value and output. Default 32.
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
        public WordSelfAlignedAttention build() {
            if (hiddenDim <= 0) {
                throw new IllegalArgumentException("The WSAM hidden dimension must be positive, found " + hiddenDim);
            }
            return new WordSelfAlignedAttention(this);
        }
    }
}
