package dev.cider.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.cider.data.FeatureSequence;
import dev.cider.data.TextInput;
import dev.cider.nn.bert.BertEncoderBlock;
import dev.cider.nn.bert.BertWeights;
import dev.cider.nn.bert.OnnxInitializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The DJL BERT encoder with the float MiniLM-L6 weights (the 90 MB model is parsed once for the class) against
 * ONNX Runtime running the same model.
 */
class DjlBertMiniLmTest {

    private static OnnxInitializers initializers;
    private static DjlBertTextEncoder djl;
    private static OnnxTextEncoder onnx;

    @BeforeAll
    static void load() throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        MiniLmModel model = MiniLmModel.FLOAT;
        try (InputStream in = new DigestInputStream(DjlBertMiniLmTest.class.getClassLoader()
                .getResourceAsStream(model.resource()), digest)) {
            initializers = OnnxInitializers.read(in, model.resource());
            in.transferTo(OutputStream.nullOutputStream());
        }
        djl = DjlBertTextEncoder.fromWeights(model, BertWeights.of(initializers), HexFormat.of().formatHex(digest.digest()), 32);
        onnx = new OnnxTextEncoder(model, 32, 1);
    }

    @AfterAll
    static void close() {
        if (djl != null) {
            djl.close();
        }
        if (onnx != null) {
            onnx.close();
        }
    }

    private static List<TextInput> texts() {
        List<TextInput> texts = new ArrayList<>();
        for (String s : OnnxTextEncoderTest.SENTENCES) {
            texts.add(TestTexts.text(s));
        }
        return texts;
    }

    @Test
    void featuresMatchOnnxRuntimeOnTheFloatModel() {
        List<TextInput> texts = texts();
        List<FeatureSequence> expected = onnx.encode(texts);
        List<FeatureSequence> actual = djl.encode(texts);
        double worst = 0;
        for (int i = 0; i < texts.size(); i++) {
            TextInput text = texts.get(i);
            FeatureSequence e = expected.get(i);
            FeatureSequence a = actual.get(i);
            assertEquals(e.steps(), a.steps());
            assertEquals(text.length(), a.length());
            for (int t = 0; t < text.length(); t++) {
                for (int d = 0; d < a.dim(); d++) {
                    worst = Math.max(worst, Math.abs(a.get(t, d) - e.get(t, d)));
                }
            }
            for (int t = text.length(); t < text.steps(); t++) {
                assertTrue(a.isZeroFrame(t), "padding row " + t + " of text " + i + " is not zero");
            }
        }
        System.out.println("DjlBertMiniLmTest: max abs difference to ONNX Runtime (float MiniLM-L6) = " + worst);
        assertTrue(worst < 1e-4, "max abs difference " + worst);
        assertEquals(onnx.modelHash(), djl.modelHash());
        assertEquals(384, djl.dim());
    }

    @Test
    void parameterCountEqualsTheFloatInitializerCount() {
        BertEncoderBlock block = djl.block();
        assertEquals(initializers.floatElementCount(), block.parameterCount());
        assertEquals(22_565_376L, block.parameterCount());
        assertEquals(6, block.layers());
        assertEquals(30522, block.vocabularySize());
        assertEquals(1536, block.intermediateSize());
        assertEquals(512, block.maxPositions());
    }

    @Test
    void loadedLinearWeightsAreTheTransposedMatMulInitializers() {
        Parameter query = djl.block().stateDictParameters().get("encoder.layer.2.attention.self.query.weight");
        OnnxInitializers.Tensor w = initializers.matMulWeightAddedTo("encoder.layer.2.attention.self.query.bias").orElseThrow();
        assertTrue(w.name().startsWith("onnx::MatMul"), w.name());
        float[] loaded = query.getArray().toFloatArray();
        int n = 384;
        for (int r = 0; r < n; r += 37) {
            for (int c = 0; c < n; c += 29) {
                assertEquals(w.values()[r * n + c], loaded[c * n + r], "W[" + r + "," + c + "]");
            }
        }
    }

    @Test
    void explicitZeroTokenTypesEqualAbsentTokenTypes() {
        BertEncoderBlock block = djl.block();
        try (NDManager manager = NDManager.newBaseManager()) {
            int[] ids = {101, 1045, 2228, 1996, 3185, 102};
            Shape shape = new Shape(1, ids.length);
            NDArray idArray = manager.create(ids, shape);
            NDArray mask = manager.ones(shape);
            ParameterStore ps = new ParameterStore(manager, false);
            float[] without = block.forward(ps, new NDList(idArray, mask), false).head().toFloatArray();
            float[] with = block.forward(ps, new NDList(idArray, mask, manager.zeros(shape, ai.djl.ndarray.types.DataType.INT32)), false)
                    .head().toFloatArray();
            assertArrayEquals(without, with, 0f);
        }
    }

    @Test
    void trainingPassGivesAGradientToEveryParameter() {
        BertEncoderBlock block = djl.block();
        try (NDManager manager = NDManager.newBaseManager()) {
            int[] ids = {101, 1045, 2228, 1996, 3185, 102, 0, 101, 2009, 1005, 1055, 3100, 1012, 102};
            float[] mask = {1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1};
            Shape shape = new Shape(2, 7);
            // token types 0 and 1 so that both rows of the token-type table get gradients
            int[] types = {0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1};
            try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
                NDArray hidden = block.forward(new ParameterStore(manager, false), new NDList(manager.create(ids, shape),
                        manager.create(mask, shape), manager.create(types, shape)), true).head();
                collector.backward(hidden.pow(2).mean());
            }
            int checked = 0;
            for (Pair<String, Parameter> p : block.getParameters()) {
                NDArray grad = p.getValue().getArray().getGradient();
                assertNotNull(grad, p.getKey());
                float norm = grad.abs().sum().getFloat();
                assertTrue(norm > 0 && Float.isFinite(norm), p.getKey() + " has gradient norm " + norm);
                grad.close();
                checked++;
            }
            assertEquals(block.stateDictParameters().size(), checked);
        }
    }

    @Test
    void noDecayParametersAreExactlyTheBiasesAndLayerNorms() {
        BertEncoderBlock block = djl.block();
        Set<String> noDecay = djl.noDecayParameterNames();
        // per layer: 6 Linear biases + 2 LayerNorms (scale and shift); plus the embedding LayerNorm
        assertEquals(6 * (6 + 4) + 2, noDecay.size());
        int decayed = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            String name = p.getKey();
            boolean biasOrNorm = name.endsWith("_bias") || name.contains("layerNorm_");
            assertEquals(biasOrNorm, noDecay.contains(name), name);
            if (!biasOrNorm) {
                decayed++;
            }
        }
        // Q, K, V, output, intermediate, output weights per layer, and the three embedding tables
        assertEquals(6 * 6 + 3, decayed);
    }
}
