package dev.cider.text;

import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import dev.cider.data.FeatureSequence;
import dev.cider.data.TextInput;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OnnxTextEncoderTest {

    static final List<String> SENTENCES = List.of(
            "I really loved this movie, the acting was wonderful.",
            "hello world",
            "The plot was boring and far too long.",
            "um i don't know what to say about it honestly",
            "It's okay.");

    private static OnnxTextEncoder encoder;

    @BeforeAll
    static void load() {
        encoder = new OnnxTextEncoder(MiniLmModel.QUANTISED, 32, 1);
    }

    @AfterAll
    static void close() {
        encoder.close();
    }

    private static List<TextInput> texts() {
        List<TextInput> texts = new ArrayList<>();
        for (String s : SENTENCES) {
            texts.add(TestTexts.text(s));
        }
        return texts;
    }

    @Test
    void outputHasTheTextShapeWithZeroPaddingRows() {
        List<TextInput> texts = texts();
        List<FeatureSequence> out = encoder.encode(texts);
        assertEquals(384, encoder.dim());
        assertEquals(texts.size(), out.size());
        for (int i = 0; i < texts.size(); i++) {
            FeatureSequence f = out.get(i);
            TextInput text = texts.get(i);
            assertEquals(TestTexts.T_L, f.steps());
            assertEquals(384, f.dim());
            assertEquals(text.length(), f.length());
            for (int t = 0; t < text.length(); t++) {
                assertFalse(f.isZeroFrame(t), "valid row " + t + " of text " + i + " is zero");
            }
            for (int t = text.length(); t < f.steps(); t++) {
                assertTrue(f.isZeroFrame(t), "padding row " + t + " of text " + i + " is not zero");
            }
        }
    }

    @Test
    void knownIdsOfHelloWorldMatchTheTokenizer() {
        TextInput fromTokenizer = TestTexts.text("hello world");
        assertArrayEquals(new int[]{101, 7592, 2088, 102}, java.util.Arrays.copyOf(fromTokenizer.tokenIds(), 4));
        assertEquals(4, fromTokenizer.length());
        assertEquals(encoder.encode(fromTokenizer), encoder.encode(TestTexts.ids(101, 7592, 2088, 102)));
    }

    @Test
    void encodingIsDeterministic() {
        List<FeatureSequence> first = encoder.encode(texts());
        List<FeatureSequence> second = encoder.encode(texts());
        assertEquals(first, second);
    }

    @Test
    void batchOfOneAndBatchOfFiveAgree() {
        List<TextInput> texts = texts();
        List<FeatureSequence> together = encoder.encode(texts);
        for (int i = 0; i < texts.size(); i++) {
            FeatureSequence alone = encoder.encode(texts.get(i));
            assertTrue(TestTexts.maxAbsDiff(alone, together.get(i)) < 1e-4,
                    "text " + i + " differs by " + TestTexts.maxAbsDiff(alone, together.get(i)));
        }
    }

    @Test
    void dynamicallyQuantisedModelIsRunOneTextPerCall() {
        assertFalse(encoder.batchesTexts());
    }

    @Test
    void encoderConfiguredByOlcutMatchesTheDirectOne(@TempDir Path dir) throws IOException {
        Path xml = dir.resolve("encoder.xml");
        Files.writeString(xml, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<config>\n"
                + "  <component name=\"encoder\" type=\"dev.cider.text.OnnxTextEncoder\">\n"
                + "    <property name=\"model\" value=\"QUANTISED\"/>\n"
                + "    <property name=\"batchSize\" value=\"2\"/>\n"
                + "    <property name=\"numThreads\" value=\"1\"/>\n"
                + "    <property name=\"trimBatches\" value=\"false\"/>\n"
                + "  </component>\n</config>\n");
        ConfigurationManager cm = new ConfigurationManager(xml.toString());
        try (OnnxTextEncoder untrimmed = (OnnxTextEncoder) cm.lookup("encoder")) {
            assertEquals(2, untrimmed.batchSize());
            assertEquals(encoder.modelHash(), untrimmed.modelHash());
            List<FeatureSequence> trimmed = encoder.encode(texts());
            List<FeatureSequence> full = untrimmed.encode(texts());
            for (int i = 0; i < trimmed.size(); i++) {
                double diff = TestTexts.maxAbsDiff(trimmed.get(i), full.get(i));
                assertTrue(diff < 1e-4, "text " + i + " differs by " + diff);
            }
        } finally {
            cm.close();
        }
    }

    @Test
    void paraphrasesAreCloserThanUnrelatedSentences() {
        List<FeatureSequence> f = encoder.encode(List.of(
                TestTexts.text("The movie was really great, I enjoyed it a lot."),
                TestTexts.text("I loved this film, it was excellent."),
                TestTexts.text("The stock market fell sharply on Monday morning.")));
        double[] a = TestTexts.sentenceVector(f.get(0));
        double[] b = TestTexts.sentenceVector(f.get(1));
        double[] c = TestTexts.sentenceVector(f.get(2));
        double paraphrase = TestTexts.cosine(a, b);
        assertTrue(paraphrase > TestTexts.cosine(a, c) + 0.2, "paraphrase " + paraphrase + " vs unrelated " + TestTexts.cosine(a, c));
        assertTrue(paraphrase > TestTexts.cosine(b, c) + 0.2, "paraphrase " + paraphrase + " vs unrelated " + TestTexts.cosine(b, c));
    }

    @Test
    void modelHashIsTheSha256OfTheResource() throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("all-minilm-l6-v2-q.onnx")) {
            digest.update(in.readAllBytes());
        }
        assertEquals(HexFormat.of().formatHex(digest.digest()), encoder.modelHash());
    }

    @Test
    void provenanceRecordsConfigurationAndModelHashAndRoundTrips() {
        TextEncoderProvenance prov = (TextEncoderProvenance) encoder.getProvenance();
        assertEquals(encoder.modelHash(), prov.getModelHash());
        assertEquals(384, prov.getOutputDim());
        assertEquals(OnnxTextEncoder.class.getName(), prov.getClassName());
        assertTrue(prov.getConfiguredParameters().containsKey("batchSize"));
        assertTrue(prov.getConfiguredParameters().get("model").toString().contains("QUANTISED"), prov.toString());
        assertTrue(prov.getInstanceValues().containsKey(TextEncoderProvenance.MODEL_HASH));
        ObjectProvenance back = ProvenanceUtil.unmarshalProvenance(ProvenanceUtil.marshalProvenance(prov));
        assertEquals(prov, back);
        assertEquals(encoder.modelHash(), ((TextEncoderProvenance) back).getModelHash());
    }

    @Test
    void emptyTextGivesZeroFeatures() {
        TextInput empty = new TextInput(new int[TestTexts.T_L], 0, null);
        List<FeatureSequence> out = encoder.encode(List.of(empty, TestTexts.text("hello world")));
        assertEquals(FeatureSequence.zeros(TestTexts.T_L, 384, 0), out.get(0));
        assertEquals(4, out.get(1).length());
        assertEquals(FeatureSequence.zeros(TestTexts.T_L, 384, 0), encoder.encode(empty));
    }

    @Test
    void negativeTokenIdIsRejectedWithItsPosition() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> encoder.encode(List.of(TestTexts.text("hi"), TestTexts.ids(101, -5, 102))));
        assertTrue(e.getMessage().contains("Text 1") && e.getMessage().contains("position 1"), e.getMessage());
    }

    @Test
    void invalidOptionsAreRejected() {
        PropertyException batch = assertThrows(PropertyException.class, () -> new OnnxTextEncoder(MiniLmModel.QUANTISED, 0, 1));
        assertTrue(batch.getMessage().contains("batchSize"), batch.getMessage());
        PropertyException threads = assertThrows(PropertyException.class, () -> new OnnxTextEncoder(MiniLmModel.QUANTISED, 4, -1));
        assertTrue(threads.getMessage().contains("numThreads"), threads.getMessage());
    }

    @Test
    void missingModelFileGivesAClearError(@TempDir Path dir) {
        Path missing = dir.resolve("no-such-model.onnx");
        PropertyException e = assertThrows(PropertyException.class, () -> new OnnxTextEncoder(missing, 8, 1));
        assertTrue(e.getMessage().contains("no-such-model.onnx") && e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void modelWithoutTextInputsIsRejected(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("identity.onnx");
        OnnxTestModels.writeIdentityModel(file);
        PropertyException e = assertThrows(PropertyException.class, () -> new OnnxTextEncoder(file, 8, 1));
        assertTrue(e.getMessage().contains("input") && e.getMessage().contains("'x'"), e.getMessage());
    }

    @Test
    void userModelDimensionFollowsItsOutput(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("lookup.onnx");
        OnnxTestModels.writeLookupModel(file);
        try (OnnxTextEncoder lookup = new OnnxTextEncoder(file, 2, 1)) {
            assertEquals(OnnxTestModels.DIM, lookup.dim());
            assertTrue(lookup.batchesTexts());
            assertNotEquals(encoder.modelHash(), lookup.modelHash());
            assertEquals(64, lookup.modelHash().length());
            List<TextInput> texts = List.of(TestTexts.ids(101, 7, 8, 9, 102), TestTexts.ids(101, 150, 102), TestTexts.ids(101, 102));
            List<FeatureSequence> out = lookup.encode(texts);
            for (int i = 0; i < texts.size(); i++) {
                FeatureSequence f = out.get(i);
                assertEquals(TestTexts.T_L, f.steps());
                for (int t = 0; t < f.steps(); t++) {
                    for (int d = 0; d < OnnxTestModels.DIM; d++) {
                        float expected = t < texts.get(i).length() ? OnnxTestModels.embedding(texts.get(i).tokenId(t), d) : 0f;
                        assertEquals(expected, f.get(t, d), "text " + i + " step " + t + " dim " + d);
                    }
                }
            }
        }
    }

    @Test
    void closedEncoderRefusesToEncode(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("lookup.onnx");
        OnnxTestModels.writeLookupModel(file);
        OnnxTextEncoder other = new OnnxTextEncoder(file, 4, 1);
        assertEquals(OnnxTestModels.DIM, other.encode(TestTexts.ids(101, 102)).dim());
        other.close();
        other.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> other.encode(TestTexts.text("hi")));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }
}
