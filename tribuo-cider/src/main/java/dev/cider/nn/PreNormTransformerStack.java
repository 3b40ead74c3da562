package dev.cider.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
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
import java.util.function.Supplier;

/**
 * A stack of pre-LayerNorm layers over the concatenation {@code [H_l; H_a; H_v]} of three equal segments: a
 * sinusoidal temporal positional encoding (no parameters, see {@link PositionalEncoding}) added over the time axis,
 * embedding dropout, {@code N} layers made by a layer factory, and a final LayerNorm over the feature axis.
 * <p>
 * Input: {@code [x (B, 3T, d), keyMask (B, 3T)]}. Output: {@code [y (B, 3T, d), scores (B, H, 3T, 3T)]} where
 * {@code scores} are the raw attention scores of the last layer. Child blocks, in order: {@code embeddingDropout,
 * layer0 ... layer(N-1), finalNorm}.
 * @param <L> The layer type.
 */
public abstract class PreNormTransformerStack<L extends PreNormResidualLayer<?>> extends AbstractBlock {

    private static final byte VERSION = 1;
    private static final int SEGMENTS = 3;

    private final String name;
    private final int hiddenDim;
    private final boolean segmentPositions;
    private final Dropout embeddingDropout;
    private final List<L> layers;
    private final LayerNorm finalNorm;

    /**
     * Builds the stack.
     * @param options The stack options.
     * @param name The name used in error messages, e.g. "MCT".
     * @param layerFactory Makes one new layer a call, with the stack's layer options.
     */
    protected PreNormTransformerStack(StackBuilder<?> options, String name, Supplier<L> layerFactory) {
        super(VERSION);
        this.name = name;
        this.hiddenDim = options.hiddenDim;
        this.segmentPositions = options.segmentPositions;
        this.embeddingDropout = addChildBlock("embeddingDropout", Dropout.builder().optRate(options.embeddingDropout).build());
        List<L> list = new ArrayList<>();
        for (int i = 0; i < options.layers; i++) {
            list.add(addChildBlock("layer" + i, layerFactory.get()));
        }
        this.layers = Collections.unmodifiableList(list);
        this.finalNorm = addChildBlock("finalNorm", LayerNorm.builder().axis(2).build());
    }

    /**
     * The layers, first to last.
     * @return The layers.
     */
    public List<L> layers() {
        return layers;
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        if (inputs.size() != 2) {
            throw new IllegalArgumentException(name + " expects [x, keyMask], found " + inputs.size() + " inputs");
        }
        NDArray x = inputs.get(0);                                                        // (B, 3T, d)
        NDArray keyMask = inputs.get(1);                                                  // (B, 3T)
        long positions = x.getShape().get(1);
        if (x.getShape().dimension() != 3 || positions % SEGMENTS != 0 || x.getShape().get(2) != hiddenDim) {
            throw new IllegalArgumentException(name + " expects x of shape (B, 3T, " + hiddenDim + "), found " + x.getShape());
        }
        NDArray encoding = PositionalEncoding.of(x.getManager(), SEGMENTS, (int) (positions / SEGMENTS), hiddenDim, segmentPositions);
        x = x.add(encoding.expandDims(0));                                                // broadcast over the batch
        x = embeddingDropout.forward(parameterStore, new NDList(x), training, params).head();
        NDArray scores = null;
        // Only the last layer's scores are returned: the others may skip computing them (MCA honours the flag).
        PairList<String, Object> skipScores = new PairList<>();
        if (params != null) {
            skipScores.addAll(params);
        }
        skipScores.add(MultimodalCompositeAttention.SKIP_SCORES, Boolean.TRUE);
        for (int i = 0; i < layers.size(); i++) {
            L layer = layers.get(i);
            // Each layer runs in its own scope: the intermediates autograd does not keep are freed when the layer
            // ends, not when the caller's pass does (activation memory of a training step); the outputs join the
            // caller's scope, if any.
            NDList out;
            try (NDScope scope = new NDScope()) {
                out = layer.forward(parameterStore, new NDList(x, keyMask), training, i == layers.size() - 1 ? params : skipScores);
                NDScope.unregister(out);
            }
            for (NDArray o : out) {
                NDScope.register(o);
            }
            x = out.get(0);
            scores = out.get(1);
        }
        x = finalNorm.forward(parameterStore, new NDList(x), training, params).head();
        return new NDList(x, scores);
    }

    /**
     * The shapes of the last layer's output: {@code [(B, 3T, d), (B, H, 3T, 3T)]}.
     * @param inputShapes The input shapes.
     * @return The output shapes.
     */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return layers.get(layers.size() - 1).getOutputShapes(inputShapes);
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        embeddingDropout.initialize(manager, dataType, inputShapes[0]);
        for (L layer : layers) {
            layer.initialize(manager, dataType, inputShapes);
        }
        finalNorm.initialize(manager, dataType, inputShapes[0]);
    }

    /**
     * The options of a stack: those of {@link TransformerOptions} (handed to every layer) plus the number of layers
     * {@code N}, the embedding dropout and the positional-encoding choice.
     * @param <B> The concrete builder type.
     */
    public abstract static class StackBuilder<B extends StackBuilder<B>> extends TransformerOptions<B> {
        int layers = 3;
        float embeddingDropout = 0.2f;
        boolean segmentPositions = true;

        /**
         * For subclasses.
         */
        protected StackBuilder() {
        }

        /**
         * Sets {@code N}. Default 3.
         * @param layers The number of layers.
         * @return This builder.
         */
        public B layers(int layers) {
            this.layers = layers;
            return self();
        }

        /**
         * Sets the dropout after the positional encoding. Default 0.2.
         * @param rate The rate.
         * @return This builder.
         */
        public B optEmbeddingDropout(float rate) {
            this.embeddingDropout = rate;
            return self();
        }

        /**
         * Sets whether positions restart in each segment (true, default) or run over the concatenation.
         * @param segmentPositions The choice.
         * @return This builder.
         */
        public B optSegmentPositions(boolean segmentPositions) {
            this.segmentPositions = segmentPositions;
            return self();
        }

        /**
         * Throws unless there is at least one layer and the embedding dropout rate is in [0, 1).
         * @param subject The stack named in the error, e.g. "The MCT".
         */
        void checkStack(String subject) {
            if (layers <= 0) {
                throw new IllegalArgumentException(subject + " needs at least one layer, found " + layers);
            }
            checkRate("embedding dropout", embeddingDropout);
        }
    }
}
