package dev.cider.nn.bert;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import dev.cider.text.MiniLmModel;
import dev.cider.text.OnnxTestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reading BERT weights from ONNX files: both layouts of Linear weights, dimensions, and clear errors for missing
 * initializers, shape mismatches, truncated files and other models.
 */
class BertWeightsTest {

    private static BertEncoderBlock initialised(BertEncoderBlock.Builder builder, NDManager manager) {
        BertEncoderBlock block = builder.build();
        block.initialize(manager, DataType.FLOAT32, new Shape(1, 1), new Shape(1, 1));
        return block;
    }

    private static void assertLoadsExactly(TinyBertOnnx tiny, Path file) throws IOException {
        BertWeights weights = BertWeights.loadFromOnnx(file);
        assertEquals(TinyBertOnnx.LAYERS, weights.layers());
        assertEquals(TinyBertOnnx.HIDDEN, weights.hiddenSize());
        assertEquals(TinyBertOnnx.VOCAB, weights.vocabularySize());
        assertEquals(tiny.elementCount(), weights.elementCount());
        assertEquals(tiny.elementCount(), weights.onnxFloatElementCount());
        try (NDManager manager = NDManager.newBaseManager()) {
            BertEncoderBlock block = initialised(weights.blockBuilder().heads(TinyBertOnnx.HEADS), manager);
            assertEquals(TinyBertOnnx.INTERMEDIATE, block.intermediateSize());
            assertEquals(TinyBertOnnx.POSITIONS, block.maxPositions());
            weights.applyTo(block);
            Map<String, Parameter> parameters = block.stateDictParameters();
            assertEquals(tiny.values.keySet(), parameters.keySet());
            for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
                assertArrayEquals(tiny.shapes.get(e.getKey()), e.getValue().getArray().getShape().getShape(), e.getKey());
                assertArrayEquals(tiny.values.get(e.getKey()), e.getValue().getArray().toFloatArray(), 0f, e.getKey());
                assertTrue(e.getValue().getArray().hasGradient(), e.getKey() + " no longer requires a gradient");
            }
            assertEquals(tiny.elementCount(), block.parameterCount());
        }
    }

    @Test
    void matMulExportIsLoadedTransposed(@TempDir Path dir) throws IOException {
        TinyBertOnnx tiny = new TinyBertOnnx(1, true, null);
        Path file = dir.resolve("tiny-matmul.onnx");
        tiny.write(file);
        OnnxInitializers init = OnnxInitializers.read(file);
        assertEquals(Map.of("embeddings.position_ids", 7), init.otherInitializers());
        OnnxInitializers.Tensor w = init.matMulWeightAddedTo("encoder.layer.1.intermediate.dense.bias").orElseThrow();
        assertArrayEquals(new long[] {TinyBertOnnx.HIDDEN, TinyBertOnnx.INTERMEDIATE}, w.shape());
        assertLoadsExactly(tiny, file);
    }

    @Test
    void directlyNamedWeightsAreLoadedAsTheyAre(@TempDir Path dir) throws IOException {
        TinyBertOnnx tiny = new TinyBertOnnx(2, false, null);
        Path file = dir.resolve("tiny-named.onnx");
        tiny.write(file);
        assertLoadsExactly(tiny, file);
    }

    @Test
    void missingInitializerIsNamed(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("no-norm-bias.onnx");
        new TinyBertOnnx(3, true, "encoder.layer.1.output.LayerNorm.bias").write(file);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BertWeights.loadFromOnnx(file));
        assertTrue(e.getMessage().contains("'encoder.layer.1.output.LayerNorm.bias'"), e.getMessage());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void missingMatMulWeightIsNamedWithItsBias(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("no-query.onnx");
        new TinyBertOnnx(4, true, "encoder.layer.0.attention.self.query.weight").write(file);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BertWeights.loadFromOnnx(file));
        assertTrue(e.getMessage().contains("'encoder.layer.0.attention.self.query.weight'"), e.getMessage());
        assertTrue(e.getMessage().contains("'encoder.layer.0.attention.self.query.bias'"), e.getMessage());
    }

    @Test
    void shapeMismatchNamesTheParameterAndBothShapes(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("tiny.onnx");
        new TinyBertOnnx(5, true, null).write(file);
        BertWeights weights = BertWeights.loadFromOnnx(file);
        try (NDManager manager = NDManager.newBaseManager()) {
            BertEncoderBlock wider = initialised(weights.blockBuilder().heads(2).intermediateSize(10), manager);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> weights.applyTo(wider));
            assertTrue(e.getMessage().contains("'encoder.layer.0.intermediate.dense.weight'"), e.getMessage());
            assertTrue(e.getMessage().contains("(10, 8)") && e.getMessage().contains("(12, 8)"), e.getMessage());

            BertEncoderBlock shallower = initialised(weights.blockBuilder().heads(2).layers(1), manager);
            e = assertThrows(IllegalArgumentException.class, () -> weights.applyTo(shallower));
            assertTrue(e.getMessage().contains("encoder.layer.1."), e.getMessage());

            BertEncoderBlock deeper = initialised(weights.blockBuilder().heads(2).layers(3), manager);
            e = assertThrows(IllegalArgumentException.class, () -> weights.applyTo(deeper));
            assertTrue(e.getMessage().contains("'encoder.layer.2.attention.self.query.weight'"), e.getMessage());
        }
        BertEncoderBlock uninitialised = weights.blockBuilder().heads(2).build();
        assertThrows(IllegalStateException.class, () -> weights.applyTo(uninitialised));
    }

    @Test
    void truncatedModelGivesAClearError(@TempDir Path dir) throws IOException {
        // the first 4 MB of the float MiniLM model: cut inside the word embedding table
        byte[] prefix;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(MiniLmModel.FLOAT.resource())) {
            prefix = in.readNBytes(4 << 20);
        }
        Path file = dir.resolve("truncated.onnx");
        Files.write(file, prefix);
        IOException e = assertThrows(IOException.class, () -> BertWeights.loadFromOnnx(file));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("truncated"), e.getMessage());

        Path tiny = dir.resolve("tiny.onnx");
        new TinyBertOnnx(6, true, null).write(tiny);
        byte[] bytes = Files.readAllBytes(tiny);
        Files.write(tiny, Arrays.copyOf(bytes, bytes.length / 2));
        e = assertThrows(IOException.class, () -> BertWeights.loadFromOnnx(tiny));
        assertTrue(e.getMessage().contains(tiny.toString()), e.getMessage());
    }

    @Test
    void otherFilesGiveClearErrors(@TempDir Path dir) throws IOException {
        Path lookup = dir.resolve("lookup.onnx");
        OnnxTestModels.writeLookupModel(lookup);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BertWeights.loadFromOnnx(lookup));
        assertTrue(e.getMessage().contains("'embeddings.word_embeddings.weight'") && e.getMessage().contains(lookup.toString()),
                e.getMessage());

        Path identity = dir.resolve("identity.onnx");
        OnnxTestModels.writeIdentityModel(identity);
        IOException io = assertThrows(IOException.class, () -> BertWeights.loadFromOnnx(identity));
        assertTrue(io.getMessage().contains("no graph initializers"), io.getMessage());

        Path text = dir.resolve("notes.onnx");
        Files.writeString(text, "this is not an ONNX model\n");
        io = assertThrows(IOException.class, () -> BertWeights.loadFromOnnx(text));
        assertTrue(io.getMessage().contains(text.toString()), io.getMessage());

        Path absent = dir.resolve("absent.onnx");
        io = assertThrows(IOException.class, () -> BertWeights.loadFromOnnx(absent));
        assertTrue(io.getMessage().contains("absent.onnx"), io.getMessage());
    }

    @Test
    void quantisedModelIsRefusedWithAHint() {
        MiniLmModel q = MiniLmModel.QUANTISED;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BertWeights.loadFromOnnx(q));
        assertTrue(e.getMessage().contains("quantised") && e.getMessage().contains(q.resource()), e.getMessage());
    }
}
