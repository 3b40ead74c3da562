package dev.cider.onnx;

import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.nn.recurrent.GRU;
import dev.cider.nn.ModalityProjection;
import org.tribuo.util.onnx.ONNXRef;

/**
 * Exports DJL's basic layers as the CIDer network uses them: {@link Linear}, {@link LayerNorm} on the last axis,
 * the one-layer unidirectional batch-first {@link GRU}, and the {@link ModalityProjection}.
 */
public final class LayerExport {

    /** DJL's default LayerNorm epsilon, which every CIDer LayerNorm keeps. */
    public static final float LAYER_NORM_EPSILON = 1e-5f;

    private static final int GATES = 3;

    private LayerExport() {
    }

    /**
     * A {@link Linear} (with or without bias) on the last axis.
     * @param graph The graph.
     * @param x Input (..., in).
     * @param linear The block.
     * @param name The base name of its initializers.
     * @return Output (..., out).
     */
    public static ONNXRef<?> linear(OnnxGraph graph, ONNXRef<?> x, Block linear, String name) {
        float[] bias = BlockParameters.has(linear, "bias") ? BlockParameters.values(linear, "bias") : null;
        float[] weight = BlockParameters.values(linear, "weight");
        int out = Math.toIntExact(BlockParameters.shape(linear, "weight")[0]);
        return graph.linear(x, weight, bias, out, name);
    }

    /**
     * A {@link LayerNorm} over the last axis with DJL's default epsilon.
     * @param graph The graph.
     * @param x Input (..., d).
     * @param norm The block.
     * @param name The base name of its initializers.
     * @return Output (..., d).
     */
    public static ONNXRef<?> layerNorm(OnnxGraph graph, ONNXRef<?> x, Block norm, String name) {
        return graph.layerNorm(x, BlockParameters.values(norm, "gamma"), BlockParameters.values(norm, "beta"), LAYER_NORM_EPSILON, name);
    }

    /**
     * A {@link ModalityProjection}: its bias-free linear.
     * @param graph The graph.
     * @param x Input (B, T, d_x).
     * @param projection The block.
     * @param name The base name of its initializers.
     * @return Output (B, T, d).
     */
    public static ONNXRef<?> projection(OnnxGraph graph, ONNXRef<?> x, ModalityProjection projection, String name) {
        return linear(graph, x, BlockParameters.child(projection, "linear"), name);
    }

    /**
     * A one-layer, unidirectional, batch-first {@link GRU} with biases, started from zero. DJL keeps PyTorch's gate
     * order (reset, update, new) in {@code i2h_WEIGHT (3h x in)}, {@code h2h_WEIGHT (3h x h)}, {@code i2h_BIAS} and
     * {@code h2h_BIAS}; ONNX wants (update, reset, hidden), so each block of rows is moved. PyTorch applies the reset
     * gate to the recurrent product plus its bias, which is ONNX's {@code linear_before_reset = 1}.
     * @param graph The graph.
     * @param x Input (B, T, in).
     * @param gru The block.
     * @param name The base name of its initializers.
     * @return Output (B, T, h).
     */
    public static ONNXRef<?> gru(OnnxGraph graph, ONNXRef<?> x, GRU gru, String name) {
        float[] inputBias = BlockParameters.values(gru, "i2h_BIAS");
        float[] recurrentBias = BlockParameters.values(gru, "h2h_BIAS");
        int hidden = inputBias.length / GATES;
        float[] bias = new float[2 * GATES * hidden];
        System.arraycopy(toOnnxGateOrder(inputBias, hidden), 0, bias, 0, GATES * hidden);
        System.arraycopy(toOnnxGateOrder(recurrentBias, hidden), 0, bias, GATES * hidden, GATES * hidden);
        return graph.gru(x, toOnnxGateOrder(BlockParameters.values(gru, "i2h_WEIGHT"), hidden),
                toOnnxGateOrder(BlockParameters.values(gru, "h2h_WEIGHT"), hidden), bias, hidden, name);
    }

    // Rows (reset, update, new) -> (update, reset, new); each gate holds h rows of equal width.
    static float[] toOnnxGateOrder(float[] rows, int hidden) {
        int gate = rows.length / GATES;
        if (gate * GATES != rows.length || gate % hidden != 0) {
            throw new IllegalArgumentException("A GRU parameter of " + rows.length + " values does not hold 3 gates of " + hidden + " rows");
        }
        float[] out = new float[rows.length];
        System.arraycopy(rows, gate, out, 0, gate);          // update
        System.arraycopy(rows, 0, out, gate, gate);          // reset
        System.arraycopy(rows, 2 * gate, out, 2 * gate, gate); // new / hidden
        return out;
    }
}
