package dev.cider.data;

import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import dev.cider.data.source.LayoutAdaptedSource;
import dev.cider.data.source.MmsaPickleSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The layout adapter on the MMSA pickle fixtures: an aligned corpus with T = 8 and one with T = 12 and the same feature
 * dimensions (cross_aligned_t12.pkl, written by make_fixtures.py).
 */
class LayoutAdapterTest {

    private static Path dir;

    @BeforeAll
    static void fixtures() throws Exception {
        dir = Path.of(LayoutAdapterTest.class.getResource("/mmsa/fixtures.json").toURI()).getParent();
    }

    private static MmsaPickleSource shortCorpus(DataSplit split) {
        return new MmsaPickleSource(dir.resolve("aligned_p4_f32.pkl"), split, SentimentTask.BINARY);
    }

    private static MmsaPickleSource longCorpus(DataSplit split) {
        return new MmsaPickleSource(dir.resolve("cross_aligned_t12.pkl"), split, SentimentTask.BINARY);
    }

    @Test
    void truncatesLongerSequencesKeepingTheLastToken() {
        List<MultimodalExample> original = longCorpus(DataSplit.TEST).examples();
        DataLayout target = shortCorpus(DataSplit.TEST).getLayout();
        assertEquals(12, original.get(0).getText().steps());
        assertEquals(8, target.textSteps());
        LayoutAdapter.Adaptation a = new LayoutAdapter(target).adapt(original, "long corpus");
        int longer = (int) original.stream().filter(e -> e.getText().length() > 8).count();
        assertTrue(longer > 0 && longer < original.size(), "the fixture must have texts on both sides of 8 tokens");
        assertEquals(3, a.steps().size());
        for (LayoutAdapter.StepChange c : a.steps()) {
            assertEquals(12, c.fromSteps());
            assertEquals(8, c.toSteps());
            assertEquals(longer, c.truncated());
        }
        assertTrue(a.describe().contains("text truncated 12 -> 8 steps (" + longer + " utterances lost valid steps, last token kept)"),
                a.describe());
        assertEquals(target, a.to());
        for (int i = 0; i < original.size(); i++) {
            MultimodalExample before = original.get(i);
            MultimodalExample after = a.examples().get(i);
            target.check(after);
            assertEquals(before.getId(), after.getId());
            assertEquals(before.getOutput(), after.getOutput());
            int len = before.getText().length();
            assertEquals(Math.min(len, 8), after.getText().length());
            FeatureSequence fBefore = before.getText().tokenFeatures().orElseThrow();
            FeatureSequence fAfter = after.getText().tokenFeatures().orElseThrow();
            for (int t = 0; t < 8; t++) {
                int from = len > 8 && t == 7 ? len - 1 : t;
                assertEquals(before.getText().tokenId(from), after.getText().tokenId(t), "utterance " + i + " position " + t);
                for (int d = 0; d < fAfter.dim(); d++) {
                    assertEquals(fBefore.get(from, d), fAfter.get(t, d));
                }
                for (int d = 0; d < after.getAudio().dim(); d++) {
                    assertEquals(before.getAudio().get(t, d), after.getAudio().get(t, d));
                }
            }
            if (len > 8) {
                assertEquals(before.getSpecialTokens().sep(), after.getText().tokenId(7));
            }
            assertEquals(Math.min(before.getAudio().length(), 8), after.getAudio().length());
            assertEquals(Math.min(before.getVision().length(), 8), after.getVision().length());
        }
    }

    @Test
    void padsShorterSequencesWithZeros() {
        List<MultimodalExample> original = shortCorpus(DataSplit.TRAIN).examples();
        DataLayout target = longCorpus(DataSplit.TRAIN).getLayout();
        LayoutAdapter.Adaptation a = new LayoutAdapter(target).adapt(original, "short corpus");
        assertTrue(a.describe().startsWith("text padded 8 -> 12 steps; audio padded 8 -> 12 steps; vision padded 8 -> 12 steps"), a.describe());
        for (int i = 0; i < original.size(); i++) {
            MultimodalExample before = original.get(i);
            MultimodalExample after = a.examples().get(i);
            assertEquals(before.getText().length(), after.getText().length());
            assertEquals(before.getAudio().length(), after.getAudio().length());
            for (int t = 8; t < 12; t++) {
                assertEquals(before.getSpecialTokens().pad(), after.getText().tokenId(t));
                assertEquals(0f, after.getVision().get(t, 0));
            }
            // Pooled features are computed over valid steps only, so padding leaves them as they were.
            assertArrayEquals(before.pooledFeatureNames().toArray(), after.pooledFeatureNames().toArray());
        }
    }

    @Test
    void leavesMatchingLayoutsAlone() {
        List<MultimodalExample> original = shortCorpus(DataSplit.VALID).examples();
        LayoutAdapter.Adaptation a = new LayoutAdapter(DataLayout.of(original.get(0))).adapt(original, "same");
        assertFalse(a.changed());
        assertEquals("layout unchanged", a.describe());
        assertSame(original.get(0), a.examples().get(0));
    }

    @Test
    void refusesOtherFeatureDimensionsNamingTheModalityAndBoth() {
        List<MultimodalExample> original = shortCorpus(DataSplit.VALID).examples();
        DataLayout own = DataLayout.of(original.get(0));
        DataLayout mosei = new DataLayout(own.textSteps(), own.textFeatureDim(), own.audioSteps(), 74, own.visionSteps(), own.visionDim());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new LayoutAdapter(mosei).adapt(original, "corpus B"));
        assertTrue(e.getMessage().contains("corpus B has audio features of dimension " + own.audioDim() + ", the target layout has 74"),
                e.getMessage());
        DataLayout vision = new DataLayout(own.textSteps(), own.textFeatureDim(), own.audioSteps(), own.audioDim(), own.visionSteps(), 35);
        e = assertThrows(IllegalArgumentException.class, () -> new LayoutAdapter(vision).adapt(original, "corpus B"));
        assertTrue(e.getMessage().contains("vision features of dimension " + own.visionDim() + ", the target layout has 35"), e.getMessage());
        DataLayout bert = new DataLayout(own.textSteps(), 768, own.audioSteps(), own.audioDim(), own.visionSteps(), own.visionDim());
        e = assertThrows(IllegalArgumentException.class, () -> new LayoutAdapter(bert).adapt(original, "corpus B"));
        assertTrue(e.getMessage().contains("text token features of dimension " + own.textFeatureDim()), e.getMessage());
    }

    @Test
    void dropsTokenFeaturesForATargetThatReadsTokenIds() {
        List<MultimodalExample> original = shortCorpus(DataSplit.VALID).examples();
        DataLayout own = DataLayout.of(original.get(0));
        DataLayout ids = new DataLayout(own.textSteps(), 0, own.audioSteps(), own.audioDim(), own.visionSteps(), own.visionDim());
        LayoutAdapter.Adaptation a = new LayoutAdapter(ids).adapt(original, "corpus");
        assertEquals(own.textFeatureDim(), a.droppedTextFeatures());
        assertTrue(a.examples().stream().allMatch(e -> e.getText().tokenFeatures().isEmpty()));
        assertEquals(ids, DataLayout.of(a.examples().get(0)));
    }

    @Test
    void adaptedSourceRecordsWhatWasDoneInItsProvenance() {
        DataLayout target = shortCorpus(DataSplit.TRAIN).getLayout();
        LayoutAdaptedSource adapted = new LayoutAdaptedSource(longCorpus(DataSplit.TRAIN), target, DataSplit.TRAIN);
        MultimodalSplits splits = MultimodalSplits.load(adapted.forSplit(DataSplit.TEST));
        assertEquals(target, splits.layout());
        assertEquals(4, splits.test().size());
        String recorded = String.valueOf(((ConfiguredObjectProvenance) adapted.forSplit(DataSplit.TEST).getProvenance())
                .getInstanceValues().get(LayoutAdaptedSource.ADAPTATION_PROVENANCE).getValue());
        assertTrue(recorded.contains("text truncated 12 -> 8 steps"), recorded);
        assertTrue(((ConfiguredObjectProvenance) adapted.getProvenance()).getConfiguredParameters().containsKey("source"));
    }
}
