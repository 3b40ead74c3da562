package dev.cider.nn.bert;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Writes the weights of a tiny BERT (vocabulary 40, hidden 8, 2 heads, 2 layers, intermediate 12, 16 positions) as
 * an ONNX model the way PyTorch's exporter lays them out: embeddings, biases and LayerNorms under their module
 * names; Linear weights either as anonymous {@code MatMul} right operands ({@code in x out}) whose product is added
 * to the bias, or under their own names in PyTorch's {@code out x in} layout. Only the weight-carrying nodes are
 * written (ONNX Runtime could not run it; the weight reader does not need to).
 */
public final class TinyBertOnnx {
    /** The vocabulary size. */
    public static final int VOCAB = 40;
    /** The hidden size. */
    public static final int HIDDEN = 8;
    /** The number of attention heads. */
    public static final int HEADS = 2;
    /** The number of layers. */
    public static final int LAYERS = 2;
    /** The intermediate (feed-forward) size. */
    public static final int INTERMEDIATE = 12;
    /** The number of positions. */
    public static final int POSITIONS = 16;
    /** The number of token types. */
    public static final int TYPES = 2;

    /** The weights under their state-dict names in PyTorch layout, and their shapes. */
    final Map<String, float[]> values = new LinkedHashMap<>();
    final Map<String, long[]> shapes = new LinkedHashMap<>();
    private final boolean linearsAsMatMul;
    private final String omitted;

    /**
     * Draws the weights.
     * @param seed The random seed.
     * @param linearsAsMatMul True to write Linear weights as anonymous transposed MatMul weights.
     * @param omitted A state-dict name to leave out of the file, or null.
     */
    public TinyBertOnnx(long seed, boolean linearsAsMatMul, String omitted) {
        this.linearsAsMatMul = linearsAsMatMul;
        this.omitted = omitted;
        Random rng = new Random(seed);
        add(rng, "embeddings.word_embeddings.weight", 0.5f, VOCAB, HIDDEN);
        add(rng, "embeddings.position_embeddings.weight", 0.5f, POSITIONS, HIDDEN);
        add(rng, "embeddings.token_type_embeddings.weight", 0.5f, TYPES, HIDDEN);
        addNorm(rng, "embeddings.LayerNorm.");
        for (int l = 0; l < LAYERS; l++) {
            String p = "encoder.layer." + l + ".";
            addLinear(rng, p + "attention.self.query.", HIDDEN, HIDDEN);
            addLinear(rng, p + "attention.self.key.", HIDDEN, HIDDEN);
            addLinear(rng, p + "attention.self.value.", HIDDEN, HIDDEN);
            addLinear(rng, p + "attention.output.dense.", HIDDEN, HIDDEN);
            addNorm(rng, p + "attention.output.LayerNorm.");
            addLinear(rng, p + "intermediate.dense.", HIDDEN, INTERMEDIATE);
            addLinear(rng, p + "output.dense.", INTERMEDIATE, HIDDEN);
            addNorm(rng, p + "output.LayerNorm.");
        }
    }

    private void add(Random rng, String name, float scale, long... shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        float[] v = new float[(int) n];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rng.nextGaussian() * scale;
        }
        values.put(name, v);
        shapes.put(name, shape);
    }

    private void addLinear(Random rng, String prefix, int in, int out) {
        add(rng, prefix + "weight", (float) (1 / Math.sqrt(in)), out, in);
        add(rng, prefix + "bias", 0.1f, out);
    }

    private void addNorm(Random rng, String prefix) {
        add(rng, prefix + "weight", 0.1f, HIDDEN);
        float[] gamma = values.get(prefix + "weight");
        for (int i = 0; i < gamma.length; i++) {
            gamma[i] += 1f;
        }
        add(rng, prefix + "bias", 0.1f, HIDDEN);
    }

    /** The number of weight values. */
    public long elementCount() {
        return values.values().stream().mapToLong(v -> v.length).sum();
    }

    /**
     * Writes the model.
     * @param file The file.
     * @throws IOException on failure.
     */
    public void write(Path file) throws IOException {
        OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder().setName("tiny-bert");
        // a non-float initializer, as in PyTorch exports
        graph.addInitializer(OnnxMl.TensorProto.newBuilder().setName("embeddings.position_ids").addDims(1).addDims(POSITIONS)
                .setDataType(OnnxMl.TensorProto.DataType.INT64_VALUE).addAllInt64Data(java.util.stream.LongStream
                        .range(0, POSITIONS).boxed().toList()));
        int anonymous = 100;
        for (Map.Entry<String, float[]> e : values.entrySet()) {
            String name = e.getKey();
            if (name.equals(omitted)) {
                continue;
            }
            long[] shape = shapes.get(name);
            boolean linearWeight = shape.length == 2 && !name.startsWith("embeddings.");
            if (linearWeight && linearsAsMatMul) {
                String weight = "onnx::MatMul_" + anonymous++;
                String bias = name.substring(0, name.length() - "weight".length()) + "bias";
                graph.addInitializer(tensor(weight, transpose(e.getValue(), shape), new long[] {shape[1], shape[0]}, false));
                graph.addNode(node("MatMul", weight + "_in", weight, weight + "_product"));
                graph.addNode(node("Add", bias, weight + "_product", weight + "_sum"));
            } else {
                // LayerNorm parameters as float_data, everything else as raw_data, as both occur
                graph.addInitializer(tensor(name, e.getValue(), shape, name.contains("LayerNorm")));
            }
        }
        OnnxMl.ModelProto model = OnnxMl.ModelProto.newBuilder().setIrVersion(8).setProducerName("tribuo-cider-test")
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
                .setGraph(graph).build();
        Files.write(file, model.toByteArray());
    }

    private static float[] transpose(float[] v, long[] shape) {
        int rows = (int) shape[0];
        int cols = (int) shape[1];
        float[] t = new float[v.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = v[r * cols + c];
            }
        }
        return t;
    }

    private static OnnxMl.TensorProto tensor(String name, float[] v, long[] shape, boolean asFloatData) {
        OnnxMl.TensorProto.Builder b = OnnxMl.TensorProto.newBuilder().setName(name)
                .setDataType(OnnxMl.TensorProto.DataType.FLOAT_VALUE);
        for (long d : shape) {
            b.addDims(d);
        }
        if (asFloatData) {
            for (float f : v) {
                b.addFloatData(f);
            }
        } else {
            ByteBuffer bytes = ByteBuffer.allocate(v.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            bytes.asFloatBuffer().put(v);
            b.setRawData(ByteString.copyFrom(bytes));
        }
        return b.build();
    }

    private static OnnxMl.NodeProto node(String op, String a, String b, String out) {
        return OnnxMl.NodeProto.newBuilder().setOpType(op).setName(out).addInput(a).addInput(b).addOutput(out).build();
    }
}
