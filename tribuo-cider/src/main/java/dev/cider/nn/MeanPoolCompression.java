package dev.cider.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Masked mean-pool compression of a sequence to a fixed number of steps, the "without WSAM" ablation: it replaces
 * {@link WordSelfAlignedAttention} and has no parameters.
 * <p>
 * The padded time axis of {@code T_x} steps is cut into {@code T_out} contiguous windows of (nearly) equal length:
 * window {@code i} covers the steps {@code [floor(i T_x / T_out), floor((i + 1) T_x / T_out))}, so the windows
 * tile the axis without overlap (when {@code T_x < T_out} some windows are empty). Each output step is the mean of
 * the valid steps (mask 1) of its window; a window without a valid step gives a zero vector. The second output is
 * the compressed mask: 1 where the window holds at least one valid step. Because the valid steps of a sequence are a
 * prefix, the compressed mask is a prefix too whenever {@code T_x >= T_out}.
 * <p>
 * Input: {@code [x (B, T_x, d), mask (B, T_x)]}. Output: {@code [(B, T_out, d), mask (B, T_out)]}.
 */
public final class MeanPoolCompression extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int outputSteps;

    private MeanPoolCompression(Builder builder) {
        super(VERSION);
        this.outputSteps = builder.outputSteps;
    }

    /**
     * A new builder.
     * @return The builder.
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The number of output steps {@code T_out}.
     * @return The number of windows.
     */
    public int outputSteps() {
        return outputSteps;
    }

    /**
     * The first step of a window.
     * @param window The window index in {@code 0 .. windows} ({@code windows} gives the end of the last window).
     * @param inputSteps {@code T_x}.
     * @param windows {@code T_out}.
     * @return {@code floor(window * T_x / T_out)}.
     */
    public static int windowStart(int window, int inputSteps, int windows) {
        return (int) ((long) window * inputSteps / windows);
    }

    /**
     * The window membership matrix: entry {@code (i, t)} is 1 when step {@code t} lies in window {@code i}.
     * @param manager The manager of the result.
     * @param inputSteps {@code T_x}.
     * @param windows {@code T_out}.
     * @return (T_out, T_x) float.
     */
    static NDArray windowMatrix(NDManager manager, int inputSteps, int windows) {
        float[] values = new float[windows * inputSteps];
        for (int i = 0; i < windows; i++) {
            int end = windowStart(i + 1, inputSteps, windows);
            for (int t = windowStart(i, inputSteps, windows); t < end; t++) {
                values[i * inputSteps + t] = 1f;
            }
        }
        return OwnedArrays.create(manager, values, new Shape(windows, inputSteps));
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        checkInputs(inputs);
        NDArray x = inputs.get(0);                                                        // (B, T_x, d)
        NDArray mask = MaskOps.toFloat(inputs.get(1));                                    // (B, T_x)
        int inputSteps = (int) x.getShape().get(1);
        NDArray windows = windowMatrix(x.getManager(), inputSteps, outputSteps).expandDims(0); // (1, T_out, T_x)
        NDArray sums = windows.matMul(x.mul(mask.expandDims(2)));                          // (B, T_out, d)
        NDArray counts = windows.matMul(mask.expandDims(2));                               // (B, T_out, 1)
        NDArray means = sums.div(counts.maximum(1f));                                      // empty window: 0 / 1
        NDArray compressedMask = MaskOps.toFloat(counts.squeeze(2).gt(0f));                // (B, T_out)
        return new NDList(means, compressedMask);
    }

    private void checkInputs(NDList inputs) {
        if (inputs.size() != 2) {
            throw new IllegalArgumentException("Mean-pool compression expects [x, mask], found " + inputs.size() + " inputs");
        }
        Shape x = inputs.get(0).getShape();
        Shape mask = inputs.get(1).getShape();
        if (x.dimension() != 3 || !mask.equals(x.slice(0, 2))) {
            throw new IllegalArgumentException("Mean-pool compression expects x (B, T_x, d) and mask (B, T_x), found "
                    + x + " and " + mask);
        }
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape x = inputShapes[0];
        return new Shape[]{new Shape(x.get(0), outputSteps, x.get(2)), new Shape(x.get(0), outputSteps)};
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        // no parameters
    }

    /**
     * Builds a {@link MeanPoolCompression}.
     */
    public static final class Builder {
        private int outputSteps = -1;

        private Builder() {
        }

        /**
         * Sets the number of output steps {@code T_out} (the text length {@code T_l} in the backbone). Required.
         * @param outputSteps The number of windows.
         * @return This builder.
         */
        public Builder outputSteps(int outputSteps) {
            this.outputSteps = outputSteps;
            return this;
        }

        /**
         * Builds the block.
         * @return The block.
         */
        public MeanPoolCompression build() {
            if (outputSteps <= 0) {
                throw new IllegalArgumentException("Mean-pool compression needs a positive number of output steps"
                        + (outputSteps == -1 ? " (not set)" : ", found " + outputSteps));
            }
            return new MeanPoolCompression(this);
        }
    }
}
