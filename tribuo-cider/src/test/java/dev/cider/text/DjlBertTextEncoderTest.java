package dev.cider.text;

import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import dev.cider.data.FeatureSequence;
import dev.cider.data.TextInput;
import dev.cider.nn.bert.TinyBertOnnx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link DjlBertTextEncoder} as a {@link TextEncoder}, on the tiny BERT written by {@link TinyBertOnnx}.
 */
class DjlBertTextEncoderTest {

    @TempDir
    static Path dir;
    private static Path model;
    private static DjlBertTextEncoder encoder;

    @BeforeAll
    static void load() throws IOException {
        model = dir.resolve("tiny-bert.onnx");
        new TinyBertOnnx(21, true, null).write(model);
        encoder = new DjlBertTextEncoder(model, TinyBertOnnx.HEADS, 3);
    }

    @AfterAll
    static void close() {
        encoder.close();
    }

    private static TextInput text(int steps, int... ids) {
        int[] padded = new int[steps];
        System.arraycopy(ids, 0, padded, 0, ids.length);
        return new TextInput(padded, ids.length, null);
    }

    private static List<TextInput> texts() {
        return List.of(text(10, 1, 5, 7, 2), text(10, 1, 30, 31, 32, 33, 34, 35, 2), text(10, 1, 2), text(10),
                text(10, 1, 9, 9, 9, 2));
    }

    @Test
    void featuresHaveTheTextsShapeAndZeroPadding() throws Exception {
        assertEquals(TinyBertOnnx.HIDDEN, encoder.dim());
        byte[] bytes = Files.readAllBytes(model);
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)), encoder.modelHash());
        List<TextInput> texts = texts();
        List<FeatureSequence> features = encoder.encode(texts);
        for (int i = 0; i < texts.size(); i++) {
            FeatureSequence f = features.get(i);
            assertEquals(10, f.steps());
            assertEquals(texts.get(i).length(), f.length());
            assertEquals(TinyBertOnnx.HIDDEN, f.dim());
            for (int t = 0; t < 10; t++) {
                assertEquals(t >= texts.get(i).length(), f.isZeroFrame(t), "text " + i + " row " + t);
            }
        }
    }

    @Test
    void aTextGetsTheSameFeaturesAloneAndInAnyBatch() {
        List<TextInput> texts = texts();
        List<FeatureSequence> together = encoder.encode(texts);
        for (int i = 0; i < texts.size(); i++) {
            double diff = TestTexts.maxAbsDiff(encoder.encode(texts.get(i)), together.get(i));
            assertTrue(diff < 1e-5, "text " + i + " differs by " + diff);
        }
    }

    @Test
    void badIdsAndLengthsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> encoder.encode(List.of(text(4, 1, 2), text(4, 1, TinyBertOnnx.VOCAB, 2))));
        assertTrue(e.getMessage().contains("Text 1") && e.getMessage().contains("position 1"), e.getMessage());
        int[] ids = new int[TinyBertOnnx.POSITIONS + 1];
        e = assertThrows(IllegalArgumentException.class, () -> encoder.encode(text(ids.length, ids)));
        assertTrue(e.getMessage().contains("17 tokens"), e.getMessage());
    }

    @Test
    void configuredByOlcutLikeTheDirectOne(@TempDir Path configDir) throws IOException {
        Path xml = configDir.resolve("encoder.xml");
        Files.writeString(xml, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<config>\n"
                + "  <component name=\"encoder\" type=\"dev.cider.text.DjlBertTextEncoder\">\n"
                + "    <property name=\"modelPath\" value=\"" + model.toAbsolutePath() + "\"/>\n"
                + "    <property name=\"heads\" value=\"2\"/>\n"
                + "    <property name=\"batchSize\" value=\"1\"/>\n"
                + "  </component>\n</config>\n");
        ConfigurationManager cm = new ConfigurationManager(xml.toString());
        try (DjlBertTextEncoder configured = (DjlBertTextEncoder) cm.lookup("encoder")) {
            assertEquals(1, configured.batchSize());
            assertEquals(encoder.modelHash(), configured.modelHash());
            TextEncoderProvenance provenance = (TextEncoderProvenance) configured.getProvenance();
            assertEquals(encoder.modelHash(), provenance.getModelHash());
            assertEquals(TinyBertOnnx.HIDDEN, provenance.getOutputDim());
            List<FeatureSequence> a = configured.encode(texts());
            List<FeatureSequence> b = encoder.encode(texts());
            for (int i = 0; i < a.size(); i++) {
                assertTrue(TestTexts.maxAbsDiff(a.get(i), b.get(i)) < 1e-5, "text " + i);
            }
        } finally {
            cm.close();
        }
    }

    @Test
    void unusableModelsAreRefusedNamingTheProblem(@TempDir Path tmp) throws IOException {
        PropertyException e = assertThrows(PropertyException.class,
                () -> new DjlBertTextEncoder(tmp.resolve("absent.onnx"), 2, 4));
        assertTrue(e.getMessage().contains("absent.onnx"), e.getMessage());
        e = assertThrows(PropertyException.class, () -> new DjlBertTextEncoder(model, 3, 4));
        assertTrue(e.getMessage().contains("heads (3)"), e.getMessage());
        Path lookup = tmp.resolve("lookup.onnx");
        OnnxTestModels.writeLookupModel(lookup);
        e = assertThrows(PropertyException.class, () -> new DjlBertTextEncoder(lookup, 2, 4));
        assertTrue(e.getMessage().contains("embeddings.word_embeddings.weight"), e.getMessage());
        assertThrows(PropertyException.class, () -> new DjlBertTextEncoder(model, 2, 0));
    }

    @Test
    void closedEncoderRefusesWork() {
        DjlBertTextEncoder closed = new DjlBertTextEncoder(model, TinyBertOnnx.HEADS, 2);
        closed.close();
        closed.close();
        assertThrows(IllegalStateException.class, () -> closed.encode(texts()));
        assertThrows(IllegalStateException.class, closed::block);
        assertEquals(TinyBertOnnx.HIDDEN, closed.dim());
    }
}
