package dev.cider.onnx;

import ai.djl.nn.Block;
import dev.cider.data.Modality;
import dev.cider.nn.CompositeView;
import dev.cider.nn.MultimodalCompositeAttention;
import dev.cider.nn.MultimodalCompositeTransformer;
import dev.cider.nn.PositionalEncoding;
import dev.cider.nn.WordSelfAlignedAttention;
import org.tribuo.util.onnx.ONNXRef;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Exports the attention blocks: WSAM, the multimodal composite attention (MCA) and the multimodal composite
 * transformer (MCT) around it. Padded sequence lengths are fixed in the graph (the model's padded layout); the
 * batch stays symbolic.
 * <p>
 * The MCA is written as the reference computation: each of the seven views gets its own masked softmax over the
 * whole {@code 3T x 3T} score matrix. DJL's blockwise variant gives the same result up to float rounding wherever
 * some key of a view is valid for a row (always the case for examples with non-empty modalities).
 */
public final class AttentionExport {

    private static final Modality[] MODALITIES = Modality.values();

    private AttentionExport() {
    }

    /**
     * WSAM: single-head attention from the projected text (query) to audio or vision (key, value), keys masked by
     * the other modality's padding, rows multiplied by the text row mask after the softmax, then the output linear.
     * @param graph The graph.
     * @param text The projected text (B, T_l, d).
     * @param rowMask The 1/0 row mask (B, T_l): 0 on [CLS], [SEP] and padding.
     * @param other The projected audio or vision (B, T_x, d).
     * @param otherMask Its 1/0 padding mask (B, T_x).
     * @param wsam The block.
     * @param name The base name of its initializers.
     * @return The compressed sequence (B, T_l, d).
     */
    public static ONNXRef<?> wsam(OnnxGraph graph, ONNXRef<?> text, ONNXRef<?> rowMask, ONNXRef<?> other, ONNXRef<?> otherMask,
                                  WordSelfAlignedAttention wsam, String name) {
        Block query = BlockParameters.child(wsam, "query");
        long hidden = BlockParameters.shape(query, "weight")[0];
        ONNXRef<?> q = LayerExport.linear(graph, text, query, name + "_query");                                  // (B, T_l, d)
        ONNXRef<?> k = LayerExport.linear(graph, other, BlockParameters.child(wsam, "key"), name + "_key");      // (B, T_x, d)
        ONNXRef<?> v = LayerExport.linear(graph, other, BlockParameters.child(wsam, "value"), name + "_value");  // (B, T_x, d)
        ONNXRef<?> scores = graph.scale(graph.matMul(q, graph.transpose(k, 0, 2, 1)), 1f / (float) Math.sqrt(hidden)); // (B, T_l, T_x)
        ONNXRef<?> weights = graph.mul(graph.maskedSoftmax(scores, graph.unsqueeze(otherMask, 1)), graph.unsqueeze(rowMask, 2));
        return LayerExport.linear(graph, graph.matMul(weights, v), BlockParameters.child(wsam, "output"), name + "_output");
    }

    /**
     * The MCA at prediction time (no attention dropout).
     * @param graph The graph.
     * @param x Input (B, 3T, d).
     * @param keyMask The 1/0 padding mask of all positions (B, 3T).
     * @param mca The block.
     * @param heads The number of heads H.
     * @param segment The segment length T.
     * @param name The base name of its initializers.
     * @return Output (B, 3T, d).
     */
    public static ONNXRef<?> mca(OnnxGraph graph, ONNXRef<?> x, ONNXRef<?> keyMask, MultimodalCompositeAttention mca,
                                 int heads, int segment, String name) {
        Block query = BlockParameters.child(mca, "query");
        int hidden = Math.toIntExact(BlockParameters.shape(query, "weight")[0]);
        if (hidden % heads != 0) {
            throw new IllegalArgumentException("The MCA's hidden size " + hidden + " is not a multiple of its " + heads + " heads");
        }
        int positions = MODALITIES.length * segment;
        ONNXRef<?> q = splitHeads(graph, LayerExport.linear(graph, x, query, name + "_query"), heads, hidden);       // (B, H, 3T, d/H)
        q = graph.scale(q, 1f / (float) Math.sqrt((double) hidden / heads));
        ONNXRef<?> k = splitHeads(graph, LayerExport.linear(graph, x, BlockParameters.child(mca, "key"), name + "_key"), heads, hidden);
        ONNXRef<?> v = splitHeads(graph, LayerExport.linear(graph, x, BlockParameters.child(mca, "value"), name + "_value"), heads, hidden);
        ONNXRef<?> scores = graph.matMul(q, graph.transpose(k, 0, 1, 3, 2));                                      // (B, H, 3T, 3T)
        ONNXRef<?> keys = graph.reshape(keyMask, 0, 1, 1, positions);                                            // (B, 1, 1, 3T)
        List<List<ONNXRef<?>>> perModality = new ArrayList<>();
        for (int i = 0; i < MODALITIES.length; i++) {
            perModality.add(new ArrayList<>());
        }
        for (CompositeView view : CompositeView.values()) {
            ONNXRef<?> context;
            if (view.isFull()) {
                context = graph.matMul(graph.maskedSoftmax(scores, keys), v);                                     // (B, H, 3T, d/H)
            } else {
                float[] select = selector(view, segment);
                ONNXRef<?> keySelect = graph.constant(name + "_keys" + view.name(), select, 1, 1, 1, positions);
                ONNXRef<?> rowSelect = graph.constant(name + "_rows" + view.name(), select, 1, 1, positions, 1);
                ONNXRef<?> weights = graph.mul(graph.maskedSoftmax(scores, graph.mul(keys, keySelect)), rowSelect);
                context = graph.matMul(weights, graph.mul(v, rowSelect));
            }
            ONNXRef<?> merged = graph.reshape(graph.transpose(context, 0, 2, 1, 3), 0, 0, hidden);              // (B, 3T, d)
            for (int i = 0; i < MODALITIES.length; i++) {
                if (view.contains(MODALITIES[i])) {
                    ONNXRef<?> rows = graph.slice(merged, 1, (long) i * segment, (long) (i + 1) * segment);       // (B, T, d)
                    perModality.get(i).add(LayerExport.linear(graph, rows, BlockParameters.child(mca, "view" + view.name()),
                            name + "_view" + view.name() + MODALITIES[i].letter()));
                }
            }
        }
        List<ONNXRef<?>> fused = new ArrayList<>();
        for (int i = 0; i < MODALITIES.length; i++) {
            Modality m = MODALITIES[i];
            fused.add(LayerExport.linear(graph, graph.concat(2, perModality.get(i)),                                // (B, T, 4d) -> (B, T, d)
                    BlockParameters.child(mca, "fusion" + m.letter()), name + "_fusion" + m.letter()));
        }
        return LayerExport.linear(graph, graph.concat(1, fused), BlockParameters.child(mca, "output"), name + "_output");
    }

    /**
     * The MCT at prediction time: the temporal positional encoding, the pre-LayerNorm layers (MCA and ReLU
     * feed-forward, each with its residual) and the final LayerNorm.
     * @param graph The graph.
     * @param x Input (B, 3T, d).
     * @param keyMask The 1/0 padding mask (B, 3T).
     * @param mct The block.
     * @param heads The number of heads.
     * @param segment The segment length T.
     * @param segmentPositions Whether positions restart per segment (the configuration's {@code segmentPositions}).
     * @param name The base name of its initializers.
     * @return Output (B, 3T, d).
     */
    public static ONNXRef<?> mct(OnnxGraph graph, ONNXRef<?> x, ONNXRef<?> keyMask, MultimodalCompositeTransformer mct,
                                 int heads, int segment, boolean segmentPositions, String name) {
        Block finalNorm = BlockParameters.child(mct, "finalNorm");
        int hidden = Math.toIntExact(BlockParameters.shape(finalNorm, "gamma")[0]);
        float[] encoding = positions(segment, hidden, segmentPositions);
        x = graph.add(x, graph.constant(name + "_positions", encoding, 1, (long) MODALITIES.length * segment, hidden));
        for (int i = 0; ; i++) {
            Block layer;
            try {
                layer = BlockParameters.child(mct, "layer" + i);
            } catch (IllegalArgumentException e) {
                if (i == 0) {
                    throw e;
                }
                break;
            }
            String layerName = name + "_layer" + i;
            ONNXRef<?> normed = LayerExport.layerNorm(graph, x, BlockParameters.child(layer, "attentionNorm"), layerName + "_attentionNorm");
            Block attention = BlockParameters.child(layer, "attention");
            if (!(attention instanceof MultimodalCompositeAttention)) {
                throw new IllegalArgumentException("MCT layer " + i + " has a " + attention.getClass().getSimpleName() + " attention, not the MCA");
            }
            x = graph.add(x, mca(graph, normed, keyMask, (MultimodalCompositeAttention) attention, heads, segment, layerName + "_mca"));
            ONNXRef<?> h = LayerExport.layerNorm(graph, x, BlockParameters.child(layer, "feedForwardNorm"), layerName + "_feedForwardNorm");
            h = graph.relu(LayerExport.linear(graph, h, BlockParameters.child(layer, "feedForwardIn"), layerName + "_feedForwardIn"));
            x = graph.add(x, LayerExport.linear(graph, h, BlockParameters.child(layer, "feedForwardOut"), layerName + "_feedForwardOut"));
        }
        return LayerExport.layerNorm(graph, x, finalNorm, name + "_finalNorm");
    }

    // The encoding of the 3T positions, as PreNormTransformerStack adds it: (3T x d), row-major.
    private static float[] positions(int segment, int hidden, boolean restartPerSegment) {
        if (!restartPerSegment) {
            return PositionalEncoding.sinusoid(MODALITIES.length * segment, hidden);
        }
        float[] one = PositionalEncoding.sinusoid(segment, hidden);
        float[] all = new float[MODALITIES.length * one.length];
        for (int s = 0; s < MODALITIES.length; s++) {
            System.arraycopy(one, 0, all, s * one.length, one.length);
        }
        return all;
    }

    // (B, S, d) -> (B, H, S, d/H)
    private static ONNXRef<?> splitHeads(OnnxGraph graph, ONNXRef<?> x, int heads, int hidden) {
        return graph.transpose(graph.reshape(x, 0, 0, heads, hidden / heads), 0, 2, 1, 3);
    }

    // 1 on the positions of the view's modalities (3T).
    private static float[] selector(CompositeView view, int segment) {
        float[] values = new float[MODALITIES.length * segment];
        for (int i = 0; i < MODALITIES.length; i++) {
            if (view.contains(MODALITIES[i])) {
                Arrays.fill(values, i * segment, (i + 1) * segment, 1f);
            }
        }
        return values;
    }
}
