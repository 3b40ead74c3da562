package dev.cider.text;

import dev.cider.data.FeatureSequence;
import dev.cider.data.TextInput;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The float MiniLM-L6 model, loaded once for the class (90 MB), compared with the quantised one.
 */
class FloatMiniLmTest {

    private static OnnxTextEncoder floatEncoder;
    private static OnnxTextEncoder quantisedEncoder;

    @BeforeAll
    static void load() {
        floatEncoder = new OnnxTextEncoder(MiniLmModel.FLOAT, 32, 1);
        quantisedEncoder = new OnnxTextEncoder(MiniLmModel.QUANTISED, 32, 1);
    }

    @AfterAll
    static void close() {
        floatEncoder.close();
        quantisedEncoder.close();
    }

    private static List<TextInput> texts() {
        List<TextInput> texts = new ArrayList<>();
        for (String s : OnnxTextEncoderTest.SENTENCES) {
            texts.add(TestTexts.text(s));
        }
        return texts;
    }

    @Test
    void floatModelBatchesTextsAndBatchingDoesNotChangeFeatures() {
        assertTrue(floatEncoder.batchesTexts());
        List<TextInput> texts = texts();
        List<FeatureSequence> batchOfFive = floatEncoder.encode(texts, 5, true);
        List<FeatureSequence> batchesOfOne = floatEncoder.encode(texts, 1, true);
        for (int i = 0; i < texts.size(); i++) {
            double diff = TestTexts.maxAbsDiff(batchOfFive.get(i), batchesOfOne.get(i));
            assertTrue(diff < 1e-4, "text " + i + " differs by " + diff);
        }
    }

    @Test
    void trimmingDoesNotChangeFeatures() {
        List<TextInput> texts = texts();
        List<FeatureSequence> trimmed = floatEncoder.encode(texts, 5, true);
        List<FeatureSequence> padded = floatEncoder.encode(texts, 5, false);
        for (int i = 0; i < texts.size(); i++) {
            double diff = TestTexts.maxAbsDiff(trimmed.get(i), padded.get(i));
            assertTrue(diff < 1e-4, "text " + i + " differs by " + diff);
            for (int t = texts.get(i).length(); t < TestTexts.T_L; t++) {
                assertTrue(padded.get(i).isZeroFrame(t), "padding row " + t + " of text " + i);
            }
        }
    }

    @Test
    void quantisedAndFloatModelsAgreeOnSentenceVectors() {
        List<TextInput> texts = texts();
        List<FeatureSequence> f = floatEncoder.encode(texts);
        List<FeatureSequence> q = quantisedEncoder.encode(texts);
        assertEquals(384, floatEncoder.dim());
        for (int i = 0; i < texts.size(); i++) {
            double cos = TestTexts.cosine(TestTexts.sentenceVector(f.get(i)), TestTexts.sentenceVector(q.get(i)));
            assertTrue(cos > 0.95, "sentence " + i + ": cosine " + cos);
        }
    }

    @Test
    void modelHashIsTheSha256OfTheFloatResource() throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = new DigestInputStream(getClass().getClassLoader().getResourceAsStream("all-minilm-l6-v2.onnx"), digest)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        assertEquals(HexFormat.of().formatHex(digest.digest()), floatEncoder.modelHash());
        assertTrue(!floatEncoder.modelHash().equals(quantisedEncoder.modelHash()));
    }
}
