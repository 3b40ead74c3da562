package dev.cider.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The reconstruction heads (spec section 3, step 9), used by the incomplete view's reconstruction loss.
 * <ul>
 *     <li>text: a per-step linear {@code d -> d_l};</li>
 *     <li>audio and vision: a linear on the time axis {@code T_l -> T_a} (or {@code T_v}), a ReLU, then a per-step
 *     linear {@code d -> d_a} (or {@code d_v}).</li>
 * </ul>
 * Input: {@code [h_l (B, T_l, d), h_a (B, T_l, d), h_v (B, T_l, d)]}.
 * Output: {@code [text (B, T_l, d_l), audio (B, T_a, d_a), vision (B, T_v, d_v)]}.
 */
public final class ReconstructionHeads extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int textDim;
    private final int audioSteps;
    private final int audioDim;
    private final int visionSteps;
    private final int visionDim;
    private final Linear textFeatures;
    private final Linear audioTime;
    private final Linear audioFeatures;
    private final Linear visionTime;
    private final Linear visionFeatures;

    private ReconstructionHeads(Builder builder) {
        super(VERSION);
        this.textDim = builder.textDim;
        this.audioSteps = builder.audioSteps;
        this.audioDim = builder.audioDim;
        this.visionSteps = builder.visionSteps;
        this.visionDim = builder.visionDim;
        this.textFeatures = addChildBlock("textFeatures", Linear.builder().setUnits(textDim).build());
        this.audioTime = addChildBlock("audioTime", Linear.builder().setUnits(audioSteps).build());
        this.audioFeatures = addChildBlock("audioFeatures", Linear.builder().setUnits(audioDim).build());
        this.visionTime = addChildBlock("visionTime", Linear.builder().setUnits(visionSteps).build());
        this.visionFeatures = addChildBlock("visionFeatures", Linear.builder().setUnits(visionDim).build());
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
        if (inputs.size() != 3) {
            throw new IllegalArgumentException("Reconstruction expects [h_l, h_a, h_v], found " + inputs.size() + " inputs");
        }
        NDArray text = textFeatures.forward(parameterStore, new NDList(inputs.get(0)), training, params).head();
        NDArray audio = timeThenFeatures(parameterStore, inputs.get(1), audioTime, audioFeatures, training, params);
        NDArray vision = timeThenFeatures(parameterStore, inputs.get(2), visionTime, visionFeatures, training, params);
        return new NDList(text, audio, vision);
    }

    private static NDArray timeThenFeatures(ParameterStore ps, NDArray h, Linear time, Linear features, boolean training,
                                            PairList<String, Object> params) {
        NDArray stretched = time.forward(ps, new NDList(h.transpose(0, 2, 1)), training, params).head(); // (B, d, T_x)
        NDArray steps = Activation.relu(stretched).transpose(0, 2, 1);                                   // (B, T_x, d)
        return features.forward(ps, new NDList(steps), training, params).head();                         // (B, T_x, d_x)
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape h = inputShapes[0];
        long b = h.get(0);
        return new Shape[]{new Shape(b, h.get(1), textDim), new Shape(b, audioSteps, audioDim), new Shape(b, visionSteps, visionDim)};
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape h = inputShapes[0];
        long b = h.get(0);
        long steps = h.get(1);
        long d = h.get(2);
        textFeatures.initialize(manager, dataType, h);
        audioTime.initialize(manager, dataType, new Shape(b, d, steps));
        audioFeatures.initialize(manager, dataType, new Shape(b, audioSteps, d));
        visionTime.initialize(manager, dataType, new Shape(b, d, steps));
        visionFeatures.initialize(manager, dataType, new Shape(b, visionSteps, d));
    }

    /**
     * Builds {@link ReconstructionHeads}.
     */
    public static final class Builder {
        private int textDim = -1;
        private int audioSteps = -1;
        private int audioDim = -1;
        private int visionSteps = -1;
        private int visionDim = -1;

        private Builder() {
        }

        /**
         * Sets {@code d_l}.
         * @param textDim The token feature size.
         * @return This builder.
         */
        public Builder textDim(int textDim) {
            this.textDim = textDim;
            return this;
        }

        /**
         * Sets {@code T_a} and {@code d_a}.
         * @param steps {@code T_a}.
         * @param dim {@code d_a}.
         * @return This builder.
         */
        public Builder audio(int steps, int dim) {
            this.audioSteps = steps;
            this.audioDim = dim;
            return this;
        }

        /**
         * Sets {@code T_v} and {@code d_v}.
         * @param steps {@code T_v}.
         * @param dim {@code d_v}.
         * @return This builder.
         */
        public Builder vision(int steps, int dim) {
            this.visionSteps = steps;
            this.visionDim = dim;
            return this;
        }

        /**
         * Builds the heads.
         * @return The heads.
         */
        public ReconstructionHeads build() {
            if (textDim <= 0 || audioSteps <= 0 || audioDim <= 0 || visionSteps <= 0 || visionDim <= 0) {
                throw new IllegalArgumentException("Reconstruction heads need positive sizes, found d_l=" + textDim
                        + ", T_a=" + audioSteps + ", d_a=" + audioDim + ", T_v=" + visionSteps + ", d_v=" + visionDim);
            }
            return new ReconstructionHeads(this);
        }
    }
}
