package dev.cider.data;

import org.junit.jupiter.api.Test;
import org.tribuo.Feature;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MultimodalExampleTest {

    private static double value(MultimodalExample ex, String name) {
        Feature f = ex.lookup(name);
        return f == null ? Double.NaN : f.getValue();
    }

    @Test
    void pooledFeaturesSummariseTheValidSteps() {
        MultimodalExample ex = TestExamples.example("u1", 1.2);
        // audio dim 0 over 4 valid steps: 1,2,3,4 -> mean 2.5, population std sqrt(1.25)
        assertEquals(2.5, value(ex, "audio.mean.0"), 1e-9);
        assertEquals(-2.5, value(ex, "audio.mean.1"), 1e-9);
        assertEquals(Math.sqrt(1.25), value(ex, "audio.std.0"), 1e-6);
        assertEquals(0.5, value(ex, "vision.mean.2"), 1e-9);
        assertEquals(0.0, value(ex, "vision.std.2"), 1e-9);
        assertEquals(1.0, value(ex, MultimodalExample.AUDIO_PRESENT));
        assertEquals(1.0, value(ex, MultimodalExample.TEXT_PRESENT));
        // bag of words over the 3 droppable tokens: 2204 twice, 3185 once
        assertEquals(2 / 3.0, value(ex, "text.tok.2204"), 1e-9);
        assertEquals(1 / 3.0, value(ex, "text.tok.3185"), 1e-9);
        assertNull(ex.lookup("text.tok.101"));
        assertTrue(ex.validateExample());
    }

    @Test
    void corruptedCopyDropsOnlyValidDroppablePositionsAndRecomputesFeatures() {
        MultimodalExample ex = TestExamples.example("u1", -1.0);
        boolean[] textKeep = {false, false, true, true, false, false, false, false};
        boolean[] audioKeep = {true, false, false, true, false, false};
        boolean[] visionKeep = {false, false, false, false, false};
        MultimodalExample c = ex.withKeepMasks(textKeep, audioKeep, visionKeep);
        // [CLS] (0) and [SEP] (4) survive even when their flag is false; token 1 becomes [UNK]
        assertEquals(101, c.getText().tokenId(0));
        assertEquals(100, c.getText().tokenId(1));
        assertEquals(102, c.getText().tokenId(4));
        assertEquals(0, c.getText().tokenId(5));
        assertEquals(2 / 3.0, value(c, MultimodalExample.TEXT_PRESENT), 1e-9);
        assertTrue(c.getAudio().isZeroFrame(1) && c.getAudio().isZeroFrame(2));
        assertEquals(1f, c.getAudio().get(0, 0));
        assertEquals(0.5, value(c, MultimodalExample.AUDIO_PRESENT), 1e-9);
        assertEquals(0.0, value(c, MultimodalExample.VISION_PRESENT), 1e-9);
        assertEquals(0.0, value(c, "vision.mean.0"), 1e-9);
        assertEquals(ex.getOutput(), c.getOutput());
        assertEquals("u1", c.getId());
        // the original is untouched
        assertEquals(2204, ex.getText().tokenId(1));
        assertEquals(2f, ex.getAudio().get(1, 0));
    }

    @Test
    void pooledFeatureNamesAreSortedAndSharedBetweenExamples() {
        MultimodalExample a = TestExamples.example("a", 1.0);
        MultimodalExample b = TestExamples.example("b", -1.0);
        float[] tf = new float[8 * 3];
        for (int i = 0; i < 5 * 3; i++) {
            tf[i] = i * 0.25f;
        }
        MultimodalExample withFeatures = b.withText(b.getText().withTokenFeatures(new FeatureSequence(tf, 8, 3, 5)));
        assertEquals(List.of("audio.mean.0", "audio.mean.1", "audio.present", "audio.std.0", "audio.std.1", "text.present",
                "text.tok.2204", "text.tok.3185", "vision.mean.0", "vision.mean.1", "vision.mean.2", "vision.present",
                "vision.std.0", "vision.std.1", "vision.std.2"), a.pooledFeatureNames());
        assertEquals(List.of("audio.mean.0", "audio.mean.1", "audio.present", "audio.std.0", "audio.std.1", "text.mean.0",
                "text.mean.1", "text.mean.2", "text.present", "text.std.0", "text.std.1", "text.std.2", "vision.mean.0",
                "vision.mean.1", "vision.mean.2", "vision.present", "vision.std.0", "vision.std.1", "vision.std.2"),
                withFeatures.pooledFeatureNames());
        // One String instance per name for every example (they dominated the heap of large corpora).
        List<String> namesA = a.pooledFeatureNames();
        List<String> namesB = b.pooledFeatureNames();
        for (int i = 0; i < namesA.size(); i++) {
            assertSame(namesA.get(i), namesB.get(i), namesA.get(i));
        }
        assertSame(namesA.get(0), withFeatures.pooledFeatureNames().get(0));
        MultimodalExample corrupted = a.withKeepMasks(new boolean[] {true, true, false, true, true}, new boolean[6], new boolean[5]);
        assertSame(namesA.get(6), corrupted.pooledFeatureNames().get(6), "text.tok.2204 of a corrupted copy");
        // text token features: mean and population std over the droppable positions 1..3
        assertEquals((3 * 0.25 + 6 * 0.25 + 9 * 0.25) / 3, value(withFeatures, "text.mean.0"), 1e-9);
    }

    @Test
    void copyKeepsEverything() {
        MultimodalExample ex = TestExamples.example("u2", 2.0);
        ex.setMetadataValue("speaker", "s1");
        MultimodalExample c = ex.copy();
        assertNotSame(ex, c);
        assertEquals(ex.getId(), c.getId());
        assertEquals(ex.getRawText(), c.getRawText());
        assertEquals(ex.getScore(), c.getScore());
        assertEquals(ex.getText(), c.getText());
        assertEquals(ex.getAudio(), c.getAudio());
        assertEquals(ex.getVision(), c.getVision());
        assertEquals(ex.pooledFeatureNames(), c.pooledFeatureNames());
        assertEquals("s1", c.getMetadataValue("speaker").orElseThrow());
    }

    @Test
    void badValuesAreRefusedWithTheirLocation() {
        float[] v = new float[4];
        v[3] = Float.NaN;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new FeatureSequence(v, 2, 2, 2));
        assertTrue(e.getMessage().contains("step 1, dimension 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new FeatureSequence(new float[5], 2, 2, 2));
        MultimodalExample ok = TestExamples.example("ok", 1.0);
        IllegalArgumentException score = assertThrows(IllegalArgumentException.class, () -> new MultimodalExample(ok.getOutput(), "bad",
                "x", 3.5, ok.getText(), ok.getAudio(), ok.getVision(), SpecialTokens.BERT_UNCASED));
        assertTrue(score.getMessage().contains("bad"), score.getMessage());
    }

    @Test
    void validatorNamesTheUtteranceAtFault() {
        MultimodalExample a = TestExamples.example("a", 1.0);
        MultimodalExample dup = TestExamples.example("a", 2.0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ExampleValidator.validate(List.of(a, dup), "src"));
        assertTrue(e.getMessage().contains("duplicate utterance id 'a'"), e.getMessage());

        MultimodalExample other = new MultimodalExample(SentimentTask.BINARY.label(1.0), "wide", "x", 1.0, a.getText(),
                FeatureSequence.zeros(6, 3, 2), a.getVision(), SpecialTokens.BERT_UNCASED);
        IllegalArgumentException dim = assertThrows(IllegalArgumentException.class, () -> ExampleValidator.validate(List.of(a, other), "src"));
        assertTrue(dim.getMessage().contains("'wide'") && dim.getMessage().contains("audio 6x3"), dim.getMessage());

        TextInput empty = new TextInput(new int[] {101, 102, 0, 0, 0, 0, 0, 0}, 2, null);
        MultimodalExample noText = new MultimodalExample(SentimentTask.BINARY.label(1.0), "silent", "", 1.0, empty,
                a.getAudio(), a.getVision(), SpecialTokens.BERT_UNCASED);
        IllegalArgumentException txt = assertThrows(IllegalArgumentException.class, () -> ExampleValidator.validate(List.of(a, noText), "src"));
        assertTrue(txt.getMessage().contains("'silent' has empty text"), txt.getMessage());

        assertEquals(new DataLayout(8, 0, 6, 2, 5, 3), ExampleValidator.validate(List.of(a, TestExamples.example("b", 0)), "src"));
    }

    @Test
    void counterfactualTextMasksEverythingButKeptWords() {
        MultimodalExample ex = TestExamples.example("u3", 1.0);
        TextInput cf = ex.getText().withMaskedTokensExcept(id -> id == 3185, SpecialTokens.BERT_UNCASED);
        assertEquals(Arrays.toString(new int[] {101, 103, 3185, 103, 102, 0, 0, 0}), Arrays.toString(cf.tokenIds()));
    }
}
