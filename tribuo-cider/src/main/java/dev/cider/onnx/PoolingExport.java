package dev.cider.onnx;

import dev.cider.nn.JointRepresentation;
import dev.cider.nn.NaiveAttentionPooling;
import org.tribuo.util.onnx.ONNXRef;

/**
 * Exports the utterance-level blocks of the backbone: the {@link NaiveAttentionPooling} of one modality and the
 * {@link JointRepresentation} (its dropout is the identity at prediction time).
 */
public final class PoolingExport {

    private PoolingExport() {
    }

    /**
     * Attention pooling: {@code e = w2 tanh(W1 x + b1) + b2}, a softmax of {@code e} over the valid steps, and the
     * weighted sum of {@code x}.
     * @param graph The graph.
     * @param x Input (B, T, d).
     * @param mask The 1/0 padding mask (B, T).
     * @param pooling The block.
     * @param name The base name of its initializers.
     * @return The pooled vector (B, d).
     */
    public static ONNXRef<?> pooling(OnnxGraph graph, ONNXRef<?> x, ONNXRef<?> mask, NaiveAttentionPooling pooling, String name) {
        ONNXRef<?> h = graph.tanh(LayerExport.linear(graph, x, BlockParameters.child(pooling, "hidden"), name + "_hidden")); // (B, T, h)
        ONNXRef<?> e = graph.squeeze(LayerExport.linear(graph, h, BlockParameters.child(pooling, "score"), name + "_score"), 2); // (B, T)
        ONNXRef<?> weights = graph.unsqueeze(graph.maskedSoftmax(e, mask), 1);                            // (B, 1, T)
        return graph.squeeze(graph.matMul(weights, x), 1);                                                 // (B, d)
    }

    /**
     * The joint representation {@code W2 relu(W1 x + b1) + b2 + x}.
     * @param graph The graph.
     * @param x Input (B, 3d).
     * @param joint The block.
     * @param name The base name of its initializers.
     * @return Output (B, 3d).
     */
    public static ONNXRef<?> joint(OnnxGraph graph, ONNXRef<?> x, JointRepresentation joint, String name) {
        ONNXRef<?> h = graph.relu(LayerExport.linear(graph, x, BlockParameters.child(joint, "first"), name + "_first"));
        return graph.add(LayerExport.linear(graph, h, BlockParameters.child(joint, "second"), name + "_second"), x);
    }
}
