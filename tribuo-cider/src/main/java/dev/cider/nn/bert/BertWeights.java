package dev.cider.nn.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;

import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The weights of a BERT encoder read from a float32 ONNX export (such as the float MiniLM-L6 model, a
 * {@link ClasspathOnnxModel}), under the Hugging Face {@code BertModel} state-dict names and in PyTorch's layout (a
 * Linear weight is {@code out x in}), ready to set into a {@link BertEncoderBlock}.
 * <p>
 * The initializers are found by name ({@code embeddings.word_embeddings.weight}, {@code encoder.layer.3.output.dense.bias},
 * ...). A Linear weight missing under its own name is taken from the graph as the {@code MatMul} weight whose
 * product is added to the Linear's bias (PyTorch's exporter gives it a generated name and stores it transposed,
 * {@code in x out}); see {@link OnnxInitializers#matMulWeightAddedTo}. The dimensions (vocabulary, hidden size,
 * layers, intermediate size, positions, token types) follow from the weights; the number of heads cannot and is
 * MiniLM-L6's 12 in {@link #blockBuilder()} unless changed there.
 */
public final class BertWeights {

    private final String source;
    private final Map<String, OnnxInitializers.Tensor> stateDict;
    private final long onnxFloatElements;
    private final int vocabularySize;
    private final int hiddenSize;
    private final int layers;
    private final int intermediateSize;
    private final int maxPositions;
    private final int typeVocabularySize;

    private BertWeights(String source, Map<String, OnnxInitializers.Tensor> stateDict, long onnxFloatElements,
                        int[] dims) {
        this.source = source;
        this.stateDict = Collections.unmodifiableMap(stateDict);
        this.onnxFloatElements = onnxFloatElements;
        this.vocabularySize = dims[0];
        this.hiddenSize = dims[1];
        this.layers = dims[2];
        this.intermediateSize = dims[3];
        this.maxPositions = dims[4];
        this.typeVocabularySize = dims[5];
    }

    /**
     * Reads the weights of a float32 BERT ONNX model file.
     * @param file The {@code .onnx} file.
     * @return The weights.
     * @throws IOException if the file cannot be read or is not a complete ONNX model.
     * @throws IllegalArgumentException naming the first missing initializer, or a weight of an inconsistent shape.
     */
    public static BertWeights loadFromOnnx(Path file) throws IOException {
        return of(OnnxInitializers.read(file));
    }

    /**
     * Reads the weights of a float32 BERT ONNX model from a stream (read to its end, not closed).
     * @param in The stream.
     * @param source A description of the stream for error messages.
     * @return The weights.
     * @throws IOException if the stream cannot be read or is not a complete ONNX model.
     * @throws IllegalArgumentException naming the first missing initializer, or a weight of an inconsistent shape.
     */
    public static BertWeights loadFromOnnx(InputStream in, String source) throws IOException {
        return of(OnnxInitializers.read(in, source));
    }

    /**
     * Reads the weights of a model shipped on the classpath (such as the float MiniLM-L6 model).
     * @param model The model; it must have float32 weights (a quantised model is refused).
     * @return The weights.
     * @throws IOException if the resource is missing or unreadable.
     * @throws IllegalArgumentException if the model's weights are quantised.
     */
    public static BertWeights loadFromOnnx(ClasspathOnnxModel model) throws IOException {
        try (InputStream in = BertWeights.class.getClassLoader().getResourceAsStream(model.resource())) {
            if (in == null) {
                throw new IOException("Classpath resource '" + model.resource() + "' not found; add the Maven dependency "
                        + model.artifact());
            }
            return loadFromOnnx(in, model.resource());
        }
    }

    /**
     * Collects the BERT weights from a model's initializers.
     * @param init The initializers.
     * @return The weights.
     * @throws IllegalArgumentException naming the first missing initializer, or a weight of an inconsistent shape.
     */
    public static BertWeights of(OnnxInitializers init) {
        OnnxInitializers.Tensor words = require(init, "embeddings.word_embeddings.weight", 2);
        OnnxInitializers.Tensor positions = require(init, "embeddings.position_embeddings.weight", 2);
        OnnxInitializers.Tensor types = require(init, "embeddings.token_type_embeddings.weight", 2);
        int layers = 0;
        while (init.find(layerPrefix(layers) + "output.LayerNorm.weight").isPresent()) {
            layers++;
        }
        if (layers == 0) {
            require(init, layerPrefix(0) + "output.LayerNorm.weight", 1);
        }
        OnnxInitializers.Tensor inner = require(init, layerPrefix(0) + "intermediate.dense.bias", 1);
        int[] dims = {
            Math.toIntExact(words.shape()[0]), Math.toIntExact(words.shape()[1]), layers,
            Math.toIntExact(inner.shape()[0]), Math.toIntExact(positions.shape()[0]), Math.toIntExact(types.shape()[0])
        };
        // the parameter names do not depend on the number of heads
        BertEncoderBlock template = builderFor(dims).heads(1).build();
        Map<String, OnnxInitializers.Tensor> stateDict = new LinkedHashMap<>();
        for (String name : template.stateDictParameters().keySet()) {
            stateDict.put(name, resolve(init, name));
        }
        return new BertWeights(init.source(), stateDict, init.floatElementCount(), dims);
    }

    private static String layerPrefix(int layer) {
        return "encoder.layer." + layer + ".";
    }

    private static OnnxInitializers.Tensor require(OnnxInitializers init, String name, int rank) {
        OnnxInitializers.Tensor t = init.find(name).orElseThrow(() -> missing(init, name, ""));
        if (t.shape().length != rank) {
            throw new IllegalArgumentException("ONNX model " + init.source() + ": initializer '" + name + "' has shape "
                    + t.describeShape() + ", expected rank " + rank);
        }
        return t;
    }

    private static IllegalArgumentException missing(OnnxInitializers init, String name, String alternative) {
        String hint = init.hasQuantisedInitializers()
                ? "; the model holds 8-bit quantised weights, which cannot be loaded: use the float32 model" : "";
        return new IllegalArgumentException("ONNX model " + init.source() + " has no float32 initializer '" + name + "'"
                + alternative + hint + " (it has " + init.names().size() + " float32 initializers)");
    }

    /** The tensor of a state-dict name, in PyTorch layout. */
    private static OnnxInitializers.Tensor resolve(OnnxInitializers init, String name) {
        Optional<OnnxInitializers.Tensor> direct = init.find(name);
        if (direct.isPresent()) {
            return direct.get();
        }
        if (name.endsWith(".weight") && !name.contains("LayerNorm") && !name.contains("embeddings")) {
            String bias = name.substring(0, name.length() - ".weight".length()) + ".bias";
            Optional<OnnxInitializers.Tensor> matMul = init.matMulWeightAddedTo(bias);
            if (matMul.isPresent()) {
                return transpose(matMul.get(), init.source());
            }
            throw missing(init, name, ", nor a MatMul weight whose product is added to '" + bias + "'");
        }
        throw missing(init, name, "");
    }

    private static OnnxInitializers.Tensor transpose(OnnxInitializers.Tensor t, String source) {
        if (t.shape().length != 2) {
            throw new IllegalArgumentException("ONNX model " + source + ": MatMul weight '" + t.name() + "' has shape "
                    + t.describeShape() + ", expected a matrix");
        }
        int rows = Math.toIntExact(t.shape()[0]);
        int cols = Math.toIntExact(t.shape()[1]);
        float[] in = t.values();
        float[] out = new float[in.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[c * rows + r] = in[r * cols + c];
            }
        }
        return new OnnxInitializers.Tensor(t.name() + " (MatMul weight, transposed)", new long[] {cols, rows}, out);
    }

    private static BertEncoderBlock.Builder builderFor(int[] dims) {
        return BertEncoderBlock.builder().vocabularySize(dims[0]).hiddenSize(dims[1]).layers(dims[2])
                .intermediateSize(dims[3]).maxPositions(dims[4]).typeVocabularySize(dims[5]);
    }

    /**
     * A block builder with the dimensions of these weights (heads 12, LayerNorm epsilon {@code 1e-12} and dropout
     * 0.1 from the builder's defaults; change them there if the model differs).
     * @return The builder.
     */
    public BertEncoderBlock.Builder blockBuilder() {
        return builderFor(new int[] {vocabularySize, hiddenSize, layers, intermediateSize, maxPositions, typeVocabularySize});
    }

    /**
     * A new block with these weights: built by {@link #blockBuilder()}, initialised in {@code manager} and set by
     * {@link #applyTo}.
     * @param manager The manager of the parameters.
     * @param heads The number of attention heads (12 for MiniLM-L6 and bert-base).
     * @param dropout The dropout rate of training passes (BERT's is 0.1).
     * @return The block, its parameters requiring gradients.
     * @throws IllegalArgumentException if {@code heads} does not divide the hidden size or the dropout is invalid.
     */
    public BertEncoderBlock newBlock(NDManager manager, int heads, float dropout) {
        BertEncoderBlock block = blockBuilder().heads(heads).optDropout(dropout).build();
        block.initialize(manager, DataType.FLOAT32, new Shape(1, 1), new Shape(1, 1));
        applyTo(block);
        return block;
    }

    /**
     * Sets every parameter of an initialised block to these weights (the parameters keep requiring gradients). The
     * block may be part of a larger network initialised before (initialising again does not reset it).
     * @param block The block, initialised (for instance with input shapes {@code (1, 1)}), with the dimensions of
     * these weights.
     * @throws IllegalStateException if the block is not initialised.
     * @throws IllegalArgumentException naming a parameter without weights, a weight without a parameter, or a shape
     * mismatch.
     */
    public void applyTo(BertEncoderBlock block) {
        if (!block.isInitialized()) {
            throw new IllegalStateException("Initialise the BertEncoderBlock before setting its weights from " + source);
        }
        Map<String, Parameter> parameters = block.stateDictParameters();
        Set<String> unused = new LinkedHashSet<>(stateDict.keySet());
        unused.removeAll(parameters.keySet());
        if (!unused.isEmpty()) {
            throw new IllegalArgumentException("ONNX model " + source + " has weights that " + block + " lacks, e.g. '"
                    + unused.iterator().next() + "' (" + unused.size() + " in all)");
        }
        for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
            OnnxInitializers.Tensor t = stateDict.get(e.getKey());
            if (t == null) {
                throw new IllegalArgumentException("ONNX model " + source + " has no weights for parameter '" + e.getKey()
                        + "' of " + block);
            }
            NDArray array = e.getValue().getArray();
            long[] expected = array.getShape().getShape();
            if (!Arrays.equals(expected, t.shape())) {
                throw new IllegalArgumentException("Shape mismatch for '" + e.getKey() + "': " + block + " has "
                        + OnnxInitializers.describe(expected) + ", ONNX model " + source + " has " + t.describeShape()
                        + " (initializer " + t.name() + ")");
            }
            if (array.getDataType() != DataType.FLOAT32) {
                throw new IllegalArgumentException("Parameter '" + e.getKey() + "' is " + array.getDataType() + ", expected float32");
            }
            array.set(FloatBuffer.wrap(t.values()));
        }
    }

    /**
     * The weights under their state-dict names, in PyTorch layout.
     * @return Names to tensors.
     */
    public Map<String, OnnxInitializers.Tensor> stateDict() {
        return stateDict;
    }

    /**
     * The number of weight values (all the BERT encoder's parameters).
     * @return The count.
     */
    public long elementCount() {
        long n = 0;
        for (OnnxInitializers.Tensor t : stateDict.values()) {
            n += t.values().length;
        }
        return n;
    }

    /**
     * The number of float32 initializer values in the ONNX model, used or not.
     * @return The count.
     */
    public long onnxFloatElementCount() {
        return onnxFloatElements;
    }

    /** @return Where the weights were read from. */
    public String source() {
        return source;
    }

    /** @return The vocabulary size. */
    public int vocabularySize() {
        return vocabularySize;
    }

    /** @return The hidden size. */
    public int hiddenSize() {
        return hiddenSize;
    }

    /** @return The number of layers. */
    public int layers() {
        return layers;
    }

    @Override
    public String toString() {
        return "BertWeights(" + source + ", layers=" + layers + ", hidden=" + hiddenSize + ", intermediate="
                + intermediateSize + ", vocabulary=" + vocabularySize + ", positions=" + maxPositions + ")";
    }
}
