package dev.cider.nn.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.cider.nn.OwnedArrays;

import java.util.Map;

/**
 * BERT's attention sub-layer (post-LayerNorm): multi-head self-attention with {@code N} heads of size
 * {@code D = H / N}, then {@code LayerNorm(x + dropout(dense(context)))}.
 * <p>
 * Input: {@code [x (B, T, H), scoreBias (B, 1, 1, T)]}, the bias being 0 on valid keys and a large negative on
 * padding keys (see {@link BertEncoderBlock}). Output: {@code [x (B, T, H)]}.
 */
public final class BertAttentionBlock extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int hiddenSize;
    private final int heads;
    private final Linear query;
    private final Linear key;
    private final Linear value;
    private final Dropout attentionDropout;
    private final Linear output;
    private final Dropout outputDropout;
    private final LayerNorm layerNorm;

    /**
     * Creates the block.
     * @param hiddenSize Hidden size {@code H}.
     * @param heads Number of heads {@code N}, dividing {@code H}.
     * @param epsilon LayerNorm epsilon.
     * @param dropoutRate Dropout on the attention weights and on the output (training only).
     */
    BertAttentionBlock(int hiddenSize, int heads, float epsilon, float dropoutRate) {
        super(VERSION);
        this.hiddenSize = hiddenSize;
        this.heads = heads;
        this.query = addChildBlock("query", Linear.builder().setUnits(hiddenSize).build());
        this.key = addChildBlock("key", Linear.builder().setUnits(hiddenSize).build());
        this.value = addChildBlock("value", Linear.builder().setUnits(hiddenSize).build());
        this.attentionDropout = addChildBlock("attentionDropout", Dropout.builder().optRate(dropoutRate).build());
        this.output = addChildBlock("output", Linear.builder().setUnits(hiddenSize).build());
        this.outputDropout = addChildBlock("outputDropout", Dropout.builder().optRate(dropoutRate).build());
        this.layerNorm = addChildBlock("layerNorm", LayerNorm.builder().axis(2).optEpsilon(epsilon).build());
    }

    /**
     * Adds the parameters under their Hugging Face state-dict names.
     * @param out The map to add to.
     * @param prefix The prefix of this block, e.g. {@code encoder.layer.0.attention.}.
     */
    void putStateDictParameters(Map<String, Parameter> out, String prefix) {
        BertLayerBlock.putLinear(out, prefix + "self.query.", query);
        BertLayerBlock.putLinear(out, prefix + "self.key.", key);
        BertLayerBlock.putLinear(out, prefix + "self.value.", value);
        BertLayerBlock.putLinear(out, prefix + "output.dense.", output);
        BertLayerBlock.putLayerNorm(out, prefix + "output.LayerNorm.", layerNorm);
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray x = inputs.get(0);                                                        // (B, T, H)
        NDArray scoreBias = inputs.get(1);                                                // (B, 1, 1, T)
        long batch = x.getShape().get(0);
        long steps = x.getShape().get(1);
        long headSize = hiddenSize / heads;
        NDArray q = splitHeads(query.forward(parameterStore, new NDList(x), training, params).head(), batch, steps);
        NDArray k = splitHeads(key.forward(parameterStore, new NDList(x), training, params).head(), batch, steps);
        NDArray v = splitHeads(value.forward(parameterStore, new NDList(x), training, params).head(), batch, steps);
        NDArray scores = OwnedArrays.div(q.matMul(k.transpose(0, 1, 3, 2)), (float) Math.sqrt(headSize)); // (B, N, T, T)
        NDArray weights = scores.add(scoreBias).softmax(-1);                               // (B, N, T, T)
        weights = attentionDropout.forward(parameterStore, new NDList(weights), training, params).head();
        NDArray context = weights.matMul(v)                                               // (B, N, T, D)
                .transpose(0, 2, 1, 3)                                                    // (B, T, N, D)
                .reshape(batch, steps, hiddenSize);                                       // (B, T, H)
        NDArray projected = output.forward(parameterStore, new NDList(context), training, params).head();
        projected = outputDropout.forward(parameterStore, new NDList(projected), training, params).head();
        return layerNorm.forward(parameterStore, new NDList(x.add(projected)), training, params);
    }

    /** (B, T, H) to (B, N, T, D). */
    private NDArray splitHeads(NDArray projected, long batch, long steps) {
        return projected.reshape(batch, steps, heads, hiddenSize / heads).transpose(0, 2, 1, 3);
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
        Shape weights = new Shape(x.get(0), heads, x.get(1), x.get(1));
        query.initialize(manager, dataType, x);
        key.initialize(manager, dataType, x);
        value.initialize(manager, dataType, x);
        attentionDropout.initialize(manager, dataType, weights);
        output.initialize(manager, dataType, x);
        outputDropout.initialize(manager, dataType, x);
        layerNorm.initialize(manager, dataType, x);
    }
}
