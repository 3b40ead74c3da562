package dev.cider.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXPlaceholder;
import org.tribuo.util.onnx.ONNXRef;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * Builds small graphs whose inputs are flattened (B, n) tensors reshaped inside the graph, runs them in ONNX Runtime
 * and compares with DJL results.
 */
final class OnnxRuns {

    private OnnxRuns() {
    }

    /** One graph input: a DJL array whose trailing axes are flattened into the (B, n) ONNX input. */
    record Input(String name, NDArray array) {
    }

    /**
     * Builds a graph whose inputs are the given arrays (each reshaped in the graph to its own shape with a symbolic
     * batch), applies {@code body}, flattens its result to (B, n), runs it and returns the values.
     */
    static float[] run(List<Input> inputs, Function<List<ONNXRef<?>>, ONNXRef<?>> body, long outputWidth) throws OrtException {
        ONNXContext context = new ONNXContext();
        OnnxGraph graph = new OnnxGraph(context);
        List<ONNXRef<?>> refs = new ArrayList<>();
        for (Input in : inputs) {
            long[] shape = in.array().getShape().getShape();
            ONNXPlaceholder placeholder = context.floatInput(in.name(), Math.toIntExact(width(shape)));
            long[] target = shape.clone();
            target[0] = 0;
            refs.add(shape.length == 2 ? placeholder : graph.reshape(placeholder, target));
        }
        ONNXRef<?> out = body.apply(refs);
        graph.reshape(out, 0, -1).assignTo(context.floatOutput("output", Math.toIntExact(outputWidth)));
        OnnxMl.ModelProto model = OnnxMl.ModelProto.newBuilder().setGraph(context.buildGraph()).setIrVersion(6)
                .addOpsetImport(ONNXOperators.getOpsetProto()).build();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(model.toByteArray(), new OrtSession.SessionOptions())) {
            Map<String, OnnxTensor> feeds = new LinkedHashMap<>();
            try {
                for (Input in : inputs) {
                    long[] shape = in.array().getShape().getShape();
                    feeds.put(in.name(), OnnxTensor.createTensor(env, FloatBuffer.wrap(in.array().toFloatArray()),
                            new long[]{shape[0], width(shape)}));
                }
                try (OrtSession.Result result = session.run(feeds)) {
                    OnnxTensor tensor = (OnnxTensor) result.get(0);
                    FloatBuffer buffer = tensor.getFloatBuffer();
                    float[] values = new float[buffer.remaining()];
                    buffer.get(values);
                    return values;
                }
            } finally {
                feeds.values().forEach(OnnxTensor::close);
            }
        }
    }

    private static long width(long[] shape) {
        long w = 1;
        for (int i = 1; i < shape.length; i++) {
            w *= shape[i];
        }
        return w;
    }

    /** The largest absolute difference of two equally long arrays. */
    static double maxAbsDifference(float[] expected, float[] actual) {
        if (expected.length != actual.length) {
            throw new AssertionError("Expected " + expected.length + " values, found " + actual.length);
        }
        double max = 0;
        for (int i = 0; i < expected.length; i++) {
            max = Math.max(max, Math.abs((double) expected[i] - actual[i]));
        }
        return max;
    }

    /** Uniform(-1, 1) values in a fixed-seed sequence. */
    static NDArray random(NDManager manager, Random rng, long... shape) {
        Shape s = new Shape(shape);
        float[] values = new float[(int) s.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = rng.nextFloat() * 2f - 1f;
        }
        return manager.create(values, s);
    }

    /** Sets every parameter of an initialised block to Uniform(-scale, scale) values (biases included). */
    static void randomize(ai.djl.nn.Block block, long seed, float scale) {
        Random rng = new Random(seed);
        for (var p : block.getParameters()) {
            NDArray a = p.getValue().getArray();
            float[] values = new float[Math.toIntExact(a.size())];
            for (int i = 0; i < values.length; i++) {
                values[i] = (rng.nextFloat() * 2f - 1f) * scale;
            }
            a.set(values);
        }
    }

    /** A (B, steps) padding mask with the given valid lengths. */
    static NDArray mask(NDManager manager, int steps, int... lengths) {
        float[] values = new float[lengths.length * steps];
        for (int b = 0; b < lengths.length; b++) {
            for (int t = 0; t < lengths[b]; t++) {
                values[b * steps + t] = 1f;
            }
        }
        return manager.create(values, new Shape(lengths.length, steps));
    }
}
