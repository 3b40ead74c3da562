package dev.cider.nn;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
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

import java.io.DataInputStream;
import java.io.IOException;

/**
 * A small late-fusion backbone, a second {@link MultimodalBackbone} for the model-agnostic causal head.
 * <p>
 * Per modality: a bias-free per-step projection to {@code h}, the mean over the valid steps (mask 1), and a
 * two-layer MLP {@code h -> h -> h} with a ReLU between. The three results are concatenated ({@code 3h}) and fused
 * by an MLP {@code 3h -> j -> j} (ReLU and dropout between) into the joint representation of size {@code j}.
 * With {@code h = 32, j = 64} and text features of 768 it has about 42K parameters.
 * <p>
 * Input: as {@link MultimodalBackbone}. Output: {@code [joint (B, j)]}.
 */
public final class LateFusionBackbone extends AbstractBlock implements MultimodalBackbone {

    private static final byte VERSION = 1;

    private final int hiddenDim;
    private final int jointDim;
    private final Shape[] layout;
    private final ModalityProjection[] projections = new ModalityProjection[3];
    private final Linear[] firstLayers = new Linear[3];
    private final Linear[] secondLayers = new Linear[3];
    private final Linear fusionIn;
    private final Dropout dropout;
    private final Linear fusionOut;

    private LateFusionBackbone(Builder b) {
        super(VERSION);
        this.hiddenDim = b.hiddenDim;
        this.jointDim = b.jointDim;
        this.layout = BackboneInputs.shapes(1, b.textSteps, b.textDim, b.audioSteps, b.audioDim, b.visionSteps, b.visionDim);
        String[] names = {"text", "audio", "vision"};
        for (int m = 0; m < 3; m++) {
            projections[m] = addChildBlock(names[m] + "Projection", ModalityProjection.builder().hiddenDim(hiddenDim).build());
            firstLayers[m] = addChildBlock(names[m] + "Hidden", Linear.builder().setUnits(hiddenDim).build());
            secondLayers[m] = addChildBlock(names[m] + "Output", Linear.builder().setUnits(hiddenDim).build());
        }
        this.fusionIn = addChildBlock("fusionHidden", Linear.builder().setUnits(jointDim).build());
        this.dropout = addChildBlock("fusionDropout", Dropout.builder().optRate(b.dropout).build());
        this.fusionOut = addChildBlock("fusionOutput", Linear.builder().setUnits(jointDim).build());
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
    public int jointDim() {
        return jointDim;
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] inputShapes(long batchSize) {
        Shape[] shapes = new Shape[layout.length];
        for (int i = 0; i < layout.length; i++) {
            shapes[i] = new Shape(batchSize).addAll(layout[i].slice(1));
        }
        return shapes;
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        BackboneInputs.check("LateFusionBackbone", inputs, layout);
        NDList encoded = new NDList(3);
        for (int m = 0; m < 3; m++) {
            NDArray x = inputs.get(2 * m);                                               // (B, T, d_x)
            NDArray mask = MaskOps.toFloat(inputs.get(2 * m + 1));                       // (B, T)
            NDArray projected = projections[m].forward(ps, new NDList(x), training, params).head(); // (B, T, h)
            NDArray count = mask.sum(new int[]{1}, true).maximum(1f);                   // (B, 1)
            NDArray mean = projected.mul(mask.expandDims(2)).sum(new int[]{1}).div(count); // (B, h)
            NDArray hidden = Activation.relu(firstLayers[m].forward(ps, new NDList(mean), training, params).head());
            encoded.add(secondLayers[m].forward(ps, new NDList(hidden), training, params).head()); // (B, h)
        }
        NDArray fused = Activation.relu(fusionIn.forward(ps, new NDList(NDArrays.concat(encoded, 1)), training, params).head());
        fused = dropout.forward(ps, new NDList(fused), training, params).head();
        return fusionOut.forward(ps, new NDList(fused), training, params);             // (B, j)
    }

    /**
     * Loads the parameters and marks them trainable again (see {@link LoadedParameters}).
     * @param manager The manager of the loaded arrays.
     * @param is The stream written by {@link #saveParameters(java.io.DataOutputStream)}.
     * @throws IOException on read failure.
     * @throws MalformedModelException if the stream does not match this backbone.
     */
    @Override
    public void loadParameters(NDManager manager, DataInputStream is) throws IOException, MalformedModelException {
        super.loadParameters(manager, is);
        LoadedParameters.restoreGradients(this);
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[]{new Shape(inputShapes[0].get(0), jointDim)};
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long b = inputShapes[0].get(0);
        Shape pooled = new Shape(b, hiddenDim);
        for (int m = 0; m < 3; m++) {
            projections[m].initialize(manager, dataType, inputShapes[2 * m]);
            firstLayers[m].initialize(manager, dataType, pooled);
            secondLayers[m].initialize(manager, dataType, pooled);
        }
        fusionIn.initialize(manager, dataType, new Shape(b, 3L * hiddenDim));
        dropout.initialize(manager, dataType, new Shape(b, jointDim));
        fusionOut.initialize(manager, dataType, new Shape(b, jointDim));
    }

    /**
     * Builds a {@link LateFusionBackbone}.
     */
    public static final class Builder {
        private int hiddenDim = 32;
        private int jointDim = 64;
        private float dropout = 0.1f;
        private int textSteps = -1;
        private int textDim = -1;
        private int audioSteps = -1;
        private int audioDim = -1;
        private int visionSteps = -1;
        private int visionDim = -1;

        private Builder() {
        }

        /**
         * Sets the per-modality width {@code h}. Default 32.
         * @param hiddenDim The width.
         * @return This builder.
         */
        public Builder hiddenDim(int hiddenDim) {
            this.hiddenDim = hiddenDim;
            return this;
        }

        /**
         * Sets the joint representation size {@code j}. Default 64.
         * @param jointDim The size.
         * @return This builder.
         */
        public Builder jointDim(int jointDim) {
            this.jointDim = jointDim;
            return this;
        }

        /**
         * Sets the dropout of the fusion MLP. Default 0.1.
         * @param rate The rate in [0, 1).
         * @return This builder.
         */
        public Builder optDropout(float rate) {
            this.dropout = rate;
            return this;
        }

        /**
         * Sets {@code T_l} and {@code d_l}.
         * @param steps {@code T_l}.
         * @param dim {@code d_l}.
         * @return This builder.
         */
        public Builder text(int steps, int dim) {
            this.textSteps = steps;
            this.textDim = dim;
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
         * Copies the input layout of a CIDer configuration.
         * @param config The configuration.
         * @return This builder.
         */
        public Builder layout(CiderNetworkConfig config) {
            return text(config.textSteps(), config.textFeatureDim()).audio(config.audioSteps(), config.audioDim())
                    .vision(config.visionSteps(), config.visionDim());
        }

        /**
         * Builds the backbone.
         * @return The backbone.
         */
        public LateFusionBackbone build() {
            if (hiddenDim <= 0 || jointDim <= 0) {
                throw new IllegalArgumentException("Late fusion needs positive widths, found h=" + hiddenDim + ", j=" + jointDim);
            }
            if (textSteps <= 0 || textDim <= 0 || audioSteps <= 0 || audioDim <= 0 || visionSteps <= 0 || visionDim <= 0) {
                throw new IllegalArgumentException("Late fusion needs a positive input layout, found text " + textSteps + "x" + textDim
                        + ", audio " + audioSteps + "x" + audioDim + ", vision " + visionSteps + "x" + visionDim);
            }
            CompositeTransformerLayer.Builder.checkRate("late-fusion dropout", dropout);
            return new LateFusionBackbone(this);
        }
    }
}
