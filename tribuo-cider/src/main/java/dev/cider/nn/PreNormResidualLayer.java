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
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * One pre-LayerNorm transformer layer around a given attention block:
 * {@code x = x + drop(Attention(LN(x))); x = x + drop(FFN(LN(x)))} with {@code FFN = W2 drop(relu(W1 x))},
 * {@code W1: d -> f}, {@code W2: f -> d}. LayerNorms normalise the feature axis.
 * <p>
 * The attention block takes {@code [x (B, N, d), keyMask (B, N)]} and returns {@code [y (B, N, d), scores]}; the
 * layer takes the same inputs and returns {@code [x (B, N, d), scores]}, passing the attention's scores through.
 * Child blocks, in order (their names fix the parameter names): {@code attentionNorm, attention,
 * attentionResidualDropout, feedForwardNorm, feedForwardIn, feedForwardDropout, feedForwardOut,
 * feedForwardResidualDropout}.
 * @param <A> The attention block type.
 */
public abstract class PreNormResidualLayer<A extends AbstractBlock> extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int feedForwardDim;
    private final LayerNorm attentionNorm;
    private final A attention;
    private final Dropout attentionResidualDropout;
    private final LayerNorm feedForwardNorm;
    private final Linear feedForwardIn;
    private final Dropout feedForwardDropout;
    private final Linear feedForwardOut;
    private final Dropout feedForwardResidualDropout;

    /**
     * Builds the layer around an attention block.
     * @param options The layer options ({@code d}, {@code f}, residual and feed-forward dropout).
     * @param attention The attention block, not yet a child of any block.
     */
    protected PreNormResidualLayer(TransformerOptions<?> options, A attention) {
        super(VERSION);
        this.feedForwardDim = options.feedForwardDim;
        this.attentionNorm = addChildBlock("attentionNorm", LayerNorm.builder().axis(2).build());
        this.attention = addChildBlock("attention", attention);
        this.attentionResidualDropout = addChildBlock("attentionResidualDropout", Dropout.builder().optRate(options.residualDropout).build());
        this.feedForwardNorm = addChildBlock("feedForwardNorm", LayerNorm.builder().axis(2).build());
        this.feedForwardIn = addChildBlock("feedForwardIn", Linear.builder().setUnits(feedForwardDim).build());
        this.feedForwardDropout = addChildBlock("feedForwardDropout", Dropout.builder().optRate(options.feedForwardDropout).build());
        this.feedForwardOut = addChildBlock("feedForwardOut", Linear.builder().setUnits(options.hiddenDim).build());
        this.feedForwardResidualDropout = addChildBlock("feedForwardResidualDropout", Dropout.builder().optRate(options.residualDropout).build());
    }

    /**
     * The attention block of this layer.
     * @return The attention.
     */
    public A attention() {
        return attention;
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray x = inputs.get(0);                                                        // (B, N, d)
        NDArray keyMask = inputs.get(1);                                                  // (B, N)
        NDArray normed = attentionNorm.forward(parameterStore, new NDList(x), training, params).head();
        NDList attended = attention.forward(parameterStore, new NDList(normed, keyMask), training, params);
        x = x.add(attentionResidualDropout.forward(parameterStore, new NDList(attended.get(0)), training, params).head());
        NDArray h = feedForwardNorm.forward(parameterStore, new NDList(x), training, params).head();
        h = feedForwardIn.forward(parameterStore, new NDList(h), training, params).head();
        h = Activation.relu(h);                                                           // (B, N, f)
        h = feedForwardDropout.forward(parameterStore, new NDList(h), training, params).head();
        h = feedForwardOut.forward(parameterStore, new NDList(h), training, params).head(); // (B, N, d)
        x = x.add(feedForwardResidualDropout.forward(parameterStore, new NDList(h), training, params).head());
        return new NDList(x, attended.get(1));
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return attention.getOutputShapes(inputShapes);
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = inputShapes[0];
        Shape inner = new Shape(x.get(0), x.get(1), feedForwardDim);
        attentionNorm.initialize(manager, dataType, x);
        attention.initialize(manager, dataType, inputShapes);
        attentionResidualDropout.initialize(manager, dataType, x);
        feedForwardNorm.initialize(manager, dataType, x);
        feedForwardIn.initialize(manager, dataType, x);
        feedForwardDropout.initialize(manager, dataType, inner);
        feedForwardOut.initialize(manager, dataType, inner);
        feedForwardResidualDropout.initialize(manager, dataType, x);
    }
}
