package dev.cider.onnx;

import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXOperator;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXRef;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The tensor operations of the CIDer export on top of Tribuo's {@link ONNXContext}: each method adds the nodes of
 * one operation (and the initializers it needs) and returns the reference to its result. Shapes in the comments use
 * B for the batch, which stays symbolic in the graph (reshapes copy it with 0).
 */
public final class OnnxGraph {

    /** The additive score of a masked position, as the DJL blocks use: large and finite. */
    public static final float LARGE_NEGATIVE = -1e9f;

    private final ONNXContext context;

    /**
     * Wraps a context.
     * @param context The context the nodes are added to.
     */
    public OnnxGraph(ONNXContext context) {
        this.context = context;
    }

    /**
     * The wrapped context.
     * @return The context.
     */
    public ONNXContext context() {
        return context;
    }

    /**
     * Adds one node.
     * @param op The operator.
     * @param name The base name of the output.
     * @param attributes The attributes (may be empty).
     * @param inputs The inputs.
     * @return The output.
     */
    public ONNXRef<?> op(ONNXOperator op, String name, Map<String, Object> attributes, ONNXRef<?>... inputs) {
        return context.operation(op, Arrays.asList(inputs), name, attributes);
    }

    private ONNXRef<?> op(ONNXOperator op, String name, ONNXRef<?>... inputs) {
        return op(op, name, Collections.emptyMap(), inputs);
    }

    /**
     * A float32 initializer.
     * @param name Its base name.
     * @param values Its values in row-major order.
     * @param shape Its shape (the product must be the number of values).
     * @return The initializer.
     */
    public ONNXRef<?> constant(String name, float[] values, long... shape) {
        long size = 1;
        List<Integer> dims = new ArrayList<>(shape.length);
        for (long s : shape) {
            size *= s;
            dims.add(Math.toIntExact(s));
        }
        if (size != values.length) {
            throw new IllegalArgumentException("Initializer " + name + " has " + values.length + " values but shape "
                    + Arrays.toString(shape));
        }
        return context.floatTensor(name, dims, buffer -> buffer.put(values));
    }

    /**
     * An int64 vector initializer (shapes, axes, slice bounds).
     * @param name Its base name.
     * @param values The values.
     * @return The initializer.
     */
    public ONNXRef<?> longs(String name, long... values) {
        return context.array(name, values);
    }

    /**
     * A float32 scalar initializer.
     * @param name Its base name.
     * @param value The value.
     * @return The initializer.
     */
    public ONNXRef<?> scalar(String name, float value) {
        return context.constant(name, value);
    }

    /** @param a Left. @param b Right. @return {@code a @ b}. */
    public ONNXRef<?> matMul(ONNXRef<?> a, ONNXRef<?> b) {
        return op(OnnxOperator.MAT_MUL, "matmul", a, b);
    }

    /** @param a Left. @param b Right. @return {@code a + b} (broadcast). */
    public ONNXRef<?> add(ONNXRef<?> a, ONNXRef<?> b) {
        return op(ONNXOperators.ADD, "add", a, b);
    }

    /** @param a Left. @param b Right. @return {@code a - b} (broadcast). */
    public ONNXRef<?> sub(ONNXRef<?> a, ONNXRef<?> b) {
        return op(ONNXOperators.SUB, "sub", a, b);
    }

    /** @param a Left. @param b Right. @return {@code a * b} (broadcast). */
    public ONNXRef<?> mul(ONNXRef<?> a, ONNXRef<?> b) {
        return op(ONNXOperators.MUL, "mul", a, b);
    }

    /** @param a Left. @param b Right. @return {@code a / b} (broadcast). */
    public ONNXRef<?> div(ONNXRef<?> a, ONNXRef<?> b) {
        return op(ONNXOperators.DIV, "div", a, b);
    }

    /** @param x Input. @param factor The factor. @return {@code x * factor}. */
    public ONNXRef<?> scale(ONNXRef<?> x, float factor) {
        return mul(x, scalar("factor", factor));
    }

    /** @param x Input. @return {@code max(x, 0)}. */
    public ONNXRef<?> relu(ONNXRef<?> x) {
        return op(OnnxOperator.RELU, "relu", x);
    }

    /** @param x Input. @return {@code tanh(x)}. */
    public ONNXRef<?> tanh(ONNXRef<?> x) {
        return op(OnnxOperator.TANH, "tanh", x);
    }

    /** @param x Input. @return {@code exp(x)}. */
    public ONNXRef<?> exp(ONNXRef<?> x) {
        return op(OnnxOperator.EXP, "exp", x);
    }

    /** @param x Input. @return {@code log(x)}. */
    public ONNXRef<?> log(ONNXRef<?> x) {
        return op(OnnxOperator.LOG, "log", x);
    }

    /** @param x Input. @param floor The lower bound. @return {@code max(x, floor)}. */
    public ONNXRef<?> atLeast(ONNXRef<?> x, float floor) {
        return op(OnnxOperator.MAX, "max", x, scalar("floor", floor));
    }

    /**
     * Softmax over one axis (opset 13 normalises that axis alone).
     * @param x Input.
     * @param axis The axis (negative counts from the end).
     * @return The softmax.
     */
    public ONNXRef<?> softmax(ONNXRef<?> x, int axis) {
        return op(ONNXOperators.SOFTMAX, "softmax", Collections.singletonMap("axis", axis), x);
    }

    /**
     * Softmax over the last axis with a 1/0 keep-mask broadcast against the scores: dropped positions get
     * {@link #LARGE_NEGATIVE} added first, as {@code MaskOps.maskedSoftmax} does.
     * @param scores The scores.
     * @param keep The keep-mask (broadcastable).
     * @return The weights.
     */
    public ONNXRef<?> maskedSoftmax(ONNXRef<?> scores, ONNXRef<?> keep) {
        ONNXRef<?> bias = scale(sub(keep, scalar("one", 1f)), -LARGE_NEGATIVE);
        return softmax(add(scores, bias), -1);
    }

    /**
     * Permutes the axes.
     * @param x Input.
     * @param perm The permutation.
     * @return The transposed tensor.
     */
    public ONNXRef<?> transpose(ONNXRef<?> x, int... perm) {
        return op(OnnxOperator.TRANSPOSE, "transpose", Collections.singletonMap("perm", perm), x);
    }

    /**
     * Reshapes (0 copies the input's dimension, -1 is inferred).
     * @param x Input.
     * @param shape The new shape.
     * @return The reshaped tensor.
     */
    public ONNXRef<?> reshape(ONNXRef<?> x, long... shape) {
        return op(OnnxOperator.RESHAPE, "reshape", x, longs("shape", shape));
    }

    /**
     * The range {@code [from, to)} of one axis.
     * @param x Input.
     * @param axis The axis.
     * @param from The first index.
     * @param to One past the last index.
     * @return The slice.
     */
    public ONNXRef<?> slice(ONNXRef<?> x, int axis, long from, long to) {
        return op(OnnxOperator.SLICE, "slice", x, longs("starts", from), longs("ends", to), longs("axes", axis));
    }

    /**
     * Removes size-one axes.
     * @param x Input.
     * @param axes The axes.
     * @return The squeezed tensor.
     */
    public ONNXRef<?> squeeze(ONNXRef<?> x, long... axes) {
        return op(OnnxOperator.SQUEEZE, "squeeze", x, longs("axes", axes));
    }

    /**
     * Inserts size-one axes.
     * @param x Input.
     * @param axes The axes (of the output).
     * @return The tensor with the new axes.
     */
    public ONNXRef<?> unsqueeze(ONNXRef<?> x, long... axes) {
        return op(ONNXOperators.UNSQUEEZE, "unsqueeze", x, longs("axes", axes));
    }

    /**
     * Concatenates along one axis.
     * @param axis The axis.
     * @param parts The tensors.
     * @return The concatenation.
     */
    public ONNXRef<?> concat(int axis, List<? extends ONNXRef<?>> parts) {
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("axis", axis);
        return op(ONNXOperators.CONCAT, "concat", attributes, parts.toArray(new ONNXRef<?>[0]));
    }

    /**
     * Mean over one axis, keeping it.
     * @param x Input.
     * @param axis The axis.
     * @return The mean, with the axis of size one.
     */
    public ONNXRef<?> meanKeepingAxis(ONNXRef<?> x, int axis) {
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("axes", new int[]{axis});
        attributes.put("keepdims", 1);
        return op(ONNXOperators.REDUCE_MEAN, "mean", attributes, x);
    }

    /**
     * Sum over one axis, keeping it.
     * @param x Input.
     * @param axis The axis.
     * @return The sum, with the axis of size one.
     */
    public ONNXRef<?> sumKeepingAxis(ONNXRef<?> x, int axis) {
        return op(ONNXOperators.REDUCE_SUM, "sum", Collections.singletonMap("keepdims", 1), x, longs("axes", axis));
    }

    /**
     * Layer normalisation over the last axis: {@code (x - mean) / sqrt(var + eps) * gamma + beta} with the biased
     * variance (opset 13 has no LayerNormalization operator).
     * @param x Input (..., d).
     * @param gamma The scale (d).
     * @param beta The shift (d).
     * @param epsilon The variance offset.
     * @param name The base name of the initializers.
     * @return The normalised tensor.
     */
    public ONNXRef<?> layerNorm(ONNXRef<?> x, float[] gamma, float[] beta, float epsilon, String name) {
        ONNXRef<?> centred = sub(x, meanKeepingAxis(x, -1));
        ONNXRef<?> variance = meanKeepingAxis(mul(centred, centred), -1);
        ONNXRef<?> normed = div(centred, op(OnnxOperator.SQRT, "sqrt", add(variance, scalar(name + "_eps", epsilon))));
        return add(mul(normed, constant(name + "_gamma", gamma, gamma.length)), constant(name + "_beta", beta, beta.length));
    }

    /**
     * A dense layer on the last axis, {@code x W^T + b}, with DJL's {@code (out, in)} weight layout.
     * @param x Input (..., in).
     * @param weight The weight (out x in), row-major.
     * @param bias The bias (out), or null.
     * @param out The output size.
     * @param name The base name of the initializers.
     * @return The output (..., out).
     */
    public ONNXRef<?> linear(ONNXRef<?> x, float[] weight, float[] bias, int out, String name) {
        if (weight.length % out != 0) {
            throw new IllegalArgumentException("Linear " + name + ": " + weight.length + " weights do not make " + out + " rows");
        }
        int in = weight.length / out;
        float[] transposed = new float[weight.length];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                transposed[i * out + o] = weight[o * in + i];
            }
        }
        ONNXRef<?> y = matMul(x, constant(name + "_weight", transposed, in, out));
        return bias == null ? y : add(y, constant(name + "_bias", bias, out));
    }

    /**
     * A one-layer, unidirectional GRU over a batch-first sequence, from the initial state zero, with PyTorch's
     * semantics (the reset gate multiplies the recurrent product after its bias: ONNX's {@code linear_before_reset}).
     * @param x Input (B, T, in).
     * @param w The input weights in ONNX's gate order (update, reset, hidden): (3h x in), row-major.
     * @param r The recurrent weights in ONNX's gate order: (3h x h).
     * @param bias The input biases then the recurrent biases, each in ONNX's gate order: (6h).
     * @param hidden The state size h.
     * @param name The base name of the initializers.
     * @return The outputs (B, T, h).
     */
    public ONNXRef<?> gru(ONNXRef<?> x, float[] w, float[] r, float[] bias, int hidden, String name) {
        int in = w.length / (3 * hidden);
        ONNXRef<?> timeFirst = transpose(x, 1, 0, 2);                                       // (T, B, in)
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("hidden_size", hidden);
        attributes.put("linear_before_reset", 1);
        ONNXRef<?> y = op(OnnxOperator.GRU, "gru", attributes, timeFirst,
                constant(name + "_W", w, 1, 3L * hidden, in), constant(name + "_R", r, 1, 3L * hidden, hidden),
                constant(name + "_B", bias, 1, 6L * hidden));                               // (T, 1, B, h)
        return transpose(squeeze(y, 1), 1, 0, 2);                                           // (B, T, h)
    }
}
