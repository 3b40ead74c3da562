package dev.cider.nn.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.util.Map;

/**
 * One BERT encoder layer (post-LayerNorm): the attention sub-layer ({@link BertAttentionBlock}), then
 * {@code LayerNorm(a + dropout(W2 gelu(W1 a)))} with {@code W1: H -> I}, {@code W2: I -> H} and the exact (erf)
 * GELU {@code x/2 (1 + erf(x / sqrt 2))}, as in BERT and its ONNX exports.
 * <p>
 * Input: {@code [x (B, T, H), scoreBias (B, 1, 1, T)]}. Output: {@code [x (B, T, H)]}.
 */
public final class BertLayerBlock extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int intermediateSize;
    private final BertAttentionBlock attention;
    private final Linear intermediate;
    private final Linear output;
    private final Dropout outputDropout;
    private final LayerNorm layerNorm;

    /**
     * Creates the layer.
     * @param hiddenSize Hidden size {@code H}.
     * @param heads Number of attention heads.
     * @param intermediateSize Feed-forward inner size {@code I}.
     * @param epsilon LayerNorm epsilon.
     * @param dropoutRate Dropout rate (training only).
     */
    BertLayerBlock(int hiddenSize, int heads, int intermediateSize, float epsilon, float dropoutRate) {
        super(VERSION);
        this.intermediateSize = intermediateSize;
        this.attention = addChildBlock("attention", new BertAttentionBlock(hiddenSize, heads, epsilon, dropoutRate));
        this.intermediate = addChildBlock("intermediate", Linear.builder().setUnits(intermediateSize).build());
        this.output = addChildBlock("output", Linear.builder().setUnits(hiddenSize).build());
        this.outputDropout = addChildBlock("outputDropout", Dropout.builder().optRate(dropoutRate).build());
        this.layerNorm = addChildBlock("layerNorm", LayerNorm.builder().axis(2).optEpsilon(epsilon).build());
    }

    /**
     * Adds the parameters under their Hugging Face state-dict names.
     * @param out The map to add to.
     * @param prefix The prefix of this layer, e.g. {@code encoder.layer.0.}.
     */
    void putStateDictParameters(Map<String, Parameter> out, String prefix) {
        attention.putStateDictParameters(out, prefix + "attention.");
        putLinear(out, prefix + "intermediate.dense.", intermediate);
        putLinear(out, prefix + "output.dense.", output);
        putLayerNorm(out, prefix + "output.LayerNorm.", layerNorm);
    }

    static void putLinear(Map<String, Parameter> out, String prefix, Linear linear) {
        out.put(prefix + "weight", linear.getParameters().get("weight"));
        out.put(prefix + "bias", linear.getParameters().get("bias"));
    }

    static void putLayerNorm(Map<String, Parameter> out, String prefix, LayerNorm norm) {
        out.put(prefix + "weight", norm.getParameters().get("gamma"));
        out.put(prefix + "bias", norm.getParameters().get("beta"));
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray a = attention.forward(parameterStore, inputs, training, params).head();        // (B, T, H)
        NDArray h = intermediate.forward(parameterStore, new NDList(a), training, params).head(); // (B, T, I)
        h = Activation.gelu(h);
        h = output.forward(parameterStore, new NDList(h), training, params).head();            // (B, T, H)
        h = outputDropout.forward(parameterStore, new NDList(h), training, params).head();
        return layerNorm.forward(parameterStore, new NDList(a.add(h)), training, params);
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = inputShapes[0];
        Shape inner = new Shape(x.get(0), x.get(1), intermediateSize);
        attention.initialize(manager, dataType, inputShapes);
        intermediate.initialize(manager, dataType, x);
        output.initialize(manager, dataType, inner);
        outputDropout.initialize(manager, dataType, x);
        layerNorm.initialize(manager, dataType, x);
    }
}
