package dev.cider.nn.bert;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The float32 weights (graph initializers) of an ONNX model, read from its {@code ModelProto}, which ONNX Runtime's
 * Java API does not expose.
 * <p>
 * Besides the initializers by name, it resolves the weights that PyTorch's exporter leaves anonymous: a
 * {@code nn.Linear} is exported as {@code MatMul(x, W)} followed by {@code Add(b, ...)}, where {@code W}
 * ({@code in x out}, the transpose of PyTorch's {@code out x in}) gets a generated name such as
 * {@code onnx::MatMul_787} and only the bias keeps its module name. {@link #matMulWeightAddedTo(String)} finds
 * {@code W} from the bias name.
 * <p>
 * Only float32 initializers are kept (as {@code float[]}); others (such as int64 {@code position_ids}) are counted
 * in {@link #otherInitializers()}. Weights stored outside the model file (ONNX external data) are not supported.
 */
public final class OnnxInitializers {

    /**
     * One float32 initializer.
     * @param name Its name in the graph.
     * @param shape Its dimensions.
     * @param values Its values in row-major order (not copied: do not modify).
     */
    public record Tensor(String name, long[] shape, float[] values) {
        /**
         * The shape as text, e.g. {@code (384, 1536)}.
         * @return The shape.
         */
        public String describeShape() {
            return describe(shape);
        }

        @Override
        public String toString() {
            return name + " " + describeShape();
        }
    }

    private final String source;
    private final Map<String, Tensor> tensors;
    private final Map<String, Integer> otherInitializers;
    private final Map<String, String> matMulWeightByBias;

    private OnnxInitializers(String source, Map<String, Tensor> tensors, Map<String, Integer> otherInitializers,
                             Map<String, String> matMulWeightByBias) {
        this.source = source;
        this.tensors = Collections.unmodifiableMap(tensors);
        this.otherInitializers = Collections.unmodifiableMap(otherInitializers);
        this.matMulWeightByBias = Collections.unmodifiableMap(matMulWeightByBias);
    }

    /**
     * Reads the initializers of an ONNX model file.
     * @param file The {@code .onnx} file.
     * @return The initializers.
     * @throws IOException if the file cannot be read or is not a complete ONNX model (the message names the file).
     */
    public static OnnxInitializers read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("ONNX model file " + file.toAbsolutePath() + " does not exist or is not a regular file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        }
    }

    /**
     * Reads the initializers of an ONNX model from a stream (read to its end, not closed).
     * @param in The stream holding a serialised {@code ModelProto}.
     * @param source A description of the stream (a file or resource name) for error messages.
     * @return The initializers.
     * @throws IOException if the stream cannot be read or is not a complete ONNX model (the message names the source).
     */
    public static OnnxInitializers read(InputStream in, String source) throws IOException {
        OnnxMl.ModelProto model;
        try {
            CodedInputStream coded = CodedInputStream.newInstance(in);
            coded.setSizeLimit(Integer.MAX_VALUE);
            model = OnnxMl.ModelProto.parseFrom(coded);
        } catch (InvalidProtocolBufferException e) {
            throw new IOException("Cannot parse ONNX model " + source + ": not a complete ONNX ModelProto (truncated or "
                    + "not an ONNX file): " + e.getMessage(), e);
        }
        if (!model.hasGraph() || model.getGraph().getInitializerCount() == 0) {
            throw new IOException("ONNX model " + source + " has no graph initializers (weights); it is truncated, "
                    + "not an ONNX model, or keeps its weights elsewhere");
        }
        return of(model.getGraph(), source);
    }

    private static OnnxInitializers of(OnnxMl.GraphProto graph, String source) throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        Map<String, Integer> others = new LinkedHashMap<>();
        for (OnnxMl.TensorProto t : graph.getInitializerList()) {
            if (t.getDataLocation() == OnnxMl.TensorProto.DataLocation.EXTERNAL) {
                throw new IOException("ONNX model " + source + ": initializer '" + t.getName()
                        + "' is stored as external data, which is not supported; save the model as one file");
            }
            if (t.getDataType() == OnnxMl.TensorProto.DataType.FLOAT_VALUE) {
                tensors.put(t.getName(), toTensor(t, source));
            } else {
                others.put(t.getName(), t.getDataType());
            }
        }
        return new OnnxInitializers(source, tensors, others, linkMatMulWeights(graph, tensors.keySet()));
    }

    private static Tensor toTensor(OnnxMl.TensorProto t, String source) throws IOException {
        long[] shape = t.getDimsList().stream().mapToLong(Long::longValue).toArray();
        long count = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IOException("ONNX model " + source + ": initializer '" + t.getName() + "' has a negative dimension "
                        + describe(shape));
            }
            count *= d;
        }
        if (count > Integer.MAX_VALUE) {
            throw new IOException("ONNX model " + source + ": initializer '" + t.getName() + "' " + describe(shape)
                    + " has too many elements");
        }
        float[] values = new float[(int) count];
        if (!t.getRawData().isEmpty()) {
            if (t.getRawData().size() != count * Float.BYTES) {
                throw new IOException("ONNX model " + source + ": initializer '" + t.getName() + "' " + describe(shape)
                        + " has " + t.getRawData().size() + " bytes of raw data, expected " + count * Float.BYTES);
            }
            t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        } else if (t.getFloatDataCount() == count) {
            for (int i = 0; i < values.length; i++) {
                values[i] = t.getFloatData(i);
            }
        } else {
            throw new IOException("ONNX model " + source + ": initializer '" + t.getName() + "' " + describe(shape)
                    + " has " + t.getFloatDataCount() + " float values, expected " + count);
        }
        return new Tensor(t.getName(), shape, values);
    }

    /**
     * Maps each bias initializer {@code b} to the initializer {@code W} of the pattern {@code Add(b, MatMul(x, W))}
     * (either operand order).
     */
    private static Map<String, String> linkMatMulWeights(OnnxMl.GraphProto graph, Set<String> initializers) {
        Map<String, String> weightByMatMulOutput = new HashMap<>();
        for (OnnxMl.NodeProto node : graph.getNodeList()) {
            if (node.getOpType().equals("MatMul") && node.getInputCount() == 2 && node.getOutputCount() == 1
                    && initializers.contains(node.getInput(1))) {
                weightByMatMulOutput.put(node.getOutput(0), node.getInput(1));
            }
        }
        Map<String, String> byBias = new HashMap<>();
        for (OnnxMl.NodeProto node : graph.getNodeList()) {
            if (!node.getOpType().equals("Add") || node.getInputCount() != 2) {
                continue;
            }
            List<String> in = node.getInputList();
            for (int i = 0; i < 2; i++) {
                String weight = weightByMatMulOutput.get(in.get(i));
                String bias = in.get(1 - i);
                if (weight != null && initializers.contains(bias)) {
                    byBias.put(bias, weight);
                }
            }
        }
        return byBias;
    }

    /**
     * Where the initializers were read from.
     * @return The file or resource name.
     */
    public String source() {
        return source;
    }

    /**
     * The names of the float32 initializers, in graph order.
     * @return The names.
     */
    public Set<String> names() {
        return tensors.keySet();
    }

    /**
     * A float32 initializer by name.
     * @param name The name.
     * @return The initializer, or empty if there is no float32 initializer of that name.
     */
    public Optional<Tensor> find(String name) {
        return Optional.ofNullable(tensors.get(name));
    }

    /**
     * The weight {@code W} ({@code in x out}) of the {@code MatMul} whose result is added to the named bias, the
     * form in which PyTorch exports a linear layer.
     * @param biasName The bias initializer, e.g. {@code encoder.layer.0.attention.self.query.bias}.
     * @return The weight, or empty if the graph has no such pattern.
     */
    public Optional<Tensor> matMulWeightAddedTo(String biasName) {
        String weight = matMulWeightByBias.get(biasName);
        return weight == null ? Optional.empty() : Optional.of(tensors.get(weight));
    }

    /**
     * The initializers that are not float32, with their ONNX data type numbers (e.g. 7 for int64, 2 for uint8).
     * @return Names to data types.
     */
    public Map<String, Integer> otherInitializers() {
        return otherInitializers;
    }

    /**
     * Whether the model holds 8-bit integer initializers, the sign of a quantised model.
     * @return True if any initializer is int8 or uint8.
     */
    public boolean hasQuantisedInitializers() {
        return otherInitializers.values().stream().anyMatch(t -> t == OnnxMl.TensorProto.DataType.UINT8_VALUE
                || t == OnnxMl.TensorProto.DataType.INT8_VALUE);
    }

    /**
     * The number of float32 values over all float32 initializers.
     * @return The count.
     */
    public long floatElementCount() {
        long n = 0;
        for (Tensor t : tensors.values()) {
            n += t.values().length;
        }
        return n;
    }

    static String describe(long[] shape) {
        String s = Arrays.toString(shape);
        return "(" + s.substring(1, s.length() - 1) + ")";
    }

    @Override
    public String toString() {
        return "OnnxInitializers(" + source + ", " + tensors.size() + " float tensors, " + floatElementCount() + " values)";
    }
}
