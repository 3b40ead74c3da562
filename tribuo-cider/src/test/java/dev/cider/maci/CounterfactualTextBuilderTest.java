package dev.cider.maci;

import dev.cider.data.FeatureSequence;
import dev.cider.data.MultimodalExample;
import dev.cider.data.SentimentTask;
import dev.cider.data.TextInput;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;

import static dev.cider.maci.MaciExamples.SPECIAL;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bias-word selection on a hand-made corpus whose per-class counts are known, and the counterfactual text.
 */
class CounterfactualTextBuilderTest {
    // Token ids of the corpus (negative count, neutral count, positive count) and the fate of each under the
    // binary task with threshold 0.1 and size 4.
    private static final int THE = 2000;      // 5 / 2 / 5: balanced, CV 0 -> dropped
    private static final int GOOD = 2001;     // 1 / 0 / 9: CV 0.8, frequency 10 -> kept
    private static final int BAD = 2002;      // 6 / 0 / 2: CV 0.5, frequency 8 -> kept
    private static final int MOVIE = 2003;    // 10 / 0 / 11: CV 1/21 < 0.1 -> dropped although frequent
    private static final int WELL = 2004;     // 3 / 20 / 3: balanced on neg/pos; skewed only through neutral -> dropped
    private static final int UM = 2005;       // 0 / 5 / 0: never negative or positive -> not a candidate
    private static final int AWFUL = 2006;    // 4 / 0 / 0: CV 1, frequency 4 -> kept (wins the tie with 2007)
    private static final int GREAT = 2007;    // 0 / 0 / 4: CV 1, frequency 4 -> dropped by the tie break at the size cap
    private static final int FUN = 2008;      // 0 / 0 / 1: CV 1, frequency 1 -> dropped by the size cap
    private static final int REALLY = 2009;   // 9 / 0 / 11: CV exactly 0.1, frequency 20 -> kept (>= threshold)
    private static final int PADJUNK = 2010;  // only in padding positions of positive examples -> never counted

    private static final int STEPS = 10;

    /** Token occurrences per class, chunked into utterances of up to 6 words. */
    private static List<MultimodalExample> corpus() {
        Map<Integer, int[]> counts = new LinkedHashMap<>();
        counts.put(THE, new int[] {5, 2, 5});
        counts.put(GOOD, new int[] {1, 0, 9});
        counts.put(BAD, new int[] {6, 0, 2});
        counts.put(MOVIE, new int[] {10, 0, 11});
        counts.put(WELL, new int[] {3, 20, 3});
        counts.put(UM, new int[] {0, 5, 0});
        counts.put(AWFUL, new int[] {4, 0, 0});
        counts.put(GREAT, new int[] {0, 0, 4});
        counts.put(FUN, new int[] {0, 0, 1});
        counts.put(REALLY, new int[] {9, 0, 11});
        double[] scores = {-1.0, 0.0, 1.0};
        List<MultimodalExample> out = new ArrayList<>();
        for (int c = 0; c < 3; c++) {
            List<Integer> words = new ArrayList<>();
            for (Map.Entry<Integer, int[]> e : counts.entrySet()) {
                for (int n = 0; n < e.getValue()[c]; n++) {
                    words.add(e.getKey());
                }
            }
            // Special tokens inside the valid text are never counted (here: many [UNK] and [MASK] in positives).
            if (c == 2) {
                for (int n = 0; n < 12; n++) {
                    words.add(n % 2 == 0 ? SPECIAL.unk() : SPECIAL.mask());
                }
            }
            Collections.shuffle(words, new Random(c));
            for (int start = 0; start < words.size(); start += 6) {
                int[] chunk = words.subList(start, Math.min(words.size(), start + 6)).stream().mapToInt(Integer::intValue).toArray();
                TextInput text = MaciExamples.tokens(STEPS, c == 2 ? PADJUNK : SPECIAL.pad(), chunk);
                out.add(MaciExamples.withText("c" + c + "-" + start, scores[c], text));
            }
        }
        return out;
    }

    @Test
    void countsSkipSpecialTokensAndPadding() {
        SortedMap<Integer, long[]> counts = new CounterfactualTextBuilder(SentimentTask.BINARY).countTokens(corpus());
        assertArrayEquals(new long[] {5, 2, 5}, counts.get(THE));
        assertArrayEquals(new long[] {3, 20, 3}, counts.get(WELL));
        assertArrayEquals(new long[] {9, 0, 11}, counts.get(REALLY));
        assertFalse(counts.containsKey(SPECIAL.unk()));
        assertFalse(counts.containsKey(SPECIAL.mask()));
        assertFalse(counts.containsKey(SPECIAL.cls()));
        assertFalse(counts.containsKey(SPECIAL.sep()));
        assertFalse(counts.containsKey(PADJUNK));
        assertEquals(10, counts.size());
    }

    @Test
    void coefficientOfVariationIsPopulationStdOverMean() {
        assertEquals(0.8, CounterfactualTextBuilder.coefficientOfVariation(new long[] {1, 0, 9}, new int[] {0, 2}), 1e-12);
        assertEquals(0.0, CounterfactualTextBuilder.coefficientOfVariation(new long[] {3, 20, 3}, new int[] {0, 2}), 0.0);
        // counting the neutral class too: mean 26/3, std sqrt(((3-26/3)^2*2 + (20-26/3)^2)/3)
        double mean = 26 / 3.0;
        double std = Math.sqrt((2 * Math.pow(3 - mean, 2) + Math.pow(20 - mean, 2)) / 3);
        assertEquals(std / mean, CounterfactualTextBuilder.coefficientOfVariation(new long[] {3, 20, 3}, new int[] {0, 1, 2}), 1e-12);
        assertTrue(Double.isNaN(CounterfactualTextBuilder.coefficientOfVariation(new long[] {0, 5, 0}, new int[] {0, 2})));
        assertArrayEquals(new int[] {0, 2}, CounterfactualTextBuilder.countedClasses(SentimentTask.BINARY));
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6}, CounterfactualTextBuilder.countedClasses(SentimentTask.SEVEN));
    }

    @Test
    void keepsExactlyTheExpectedBiasWords() {
        BiasWords words = new CounterfactualTextBuilder(SentimentTask.BINARY, 0.1, 4).build(corpus());
        assertArrayEquals(new int[] {GOOD, BAD, AWFUL, REALLY}, words.ids());
        assertEquals(0.1, words.threshold());
        assertEquals(4, words.size());

        // Without the size cap every candidate stays; the balanced, neutral-only and neutral-skewed words never do.
        BiasWords all = new CounterfactualTextBuilder(SentimentTask.BINARY).build(corpus());
        assertArrayEquals(new int[] {GOOD, BAD, AWFUL, GREAT, FUN, REALLY}, all.ids());
        assertEquals(CounterfactualTextBuilder.DEFAULT_SIZE, all.size());

        // A higher threshold (0.6) drops REALLY (CV 0.1) and BAD (CV 0.5): only the strongly skewed words stay.
        BiasWords strict = new CounterfactualTextBuilder(SentimentTask.BINARY, 0.6, 100).build(corpus());
        assertArrayEquals(new int[] {GOOD, AWFUL, GREAT, FUN}, strict.ids());
    }

    @Test
    void selectionIsDeterministicAndIndependentOfExampleOrder() {
        List<MultimodalExample> data = corpus();
        BiasWords first = new CounterfactualTextBuilder(SentimentTask.BINARY, 0.1, 4).build(data);
        List<MultimodalExample> shuffled = new ArrayList<>(data);
        Collections.shuffle(shuffled, new Random(42));
        assertEquals(first, new CounterfactualTextBuilder(SentimentTask.BINARY, 0.1, 4).build(shuffled));
    }

    @Test
    void sevenTaskCountsEveryClass() {
        // Under the seven task a word seen only in class "0" (index 3) is skewed; a word in every class is not.
        List<MultimodalExample> data = new ArrayList<>();
        for (int c = 0; c < 7; c++) {
            int[] words = c == 3 ? new int[] {THE, UM, UM} : new int[] {THE};
            MultimodalExample ex = MaciExamples.withText("s" + c, c - 3, MaciExamples.tokens(STEPS, 0, words));
            data.add(ex.withLabel(SentimentTask.SEVEN.labelOf(c)));
        }
        BiasWords words = new CounterfactualTextBuilder(SentimentTask.SEVEN).build(data);
        assertArrayEquals(new int[] {UM}, words.ids());
    }

    @Test
    void counterfactualMasksExactlyTheNonBiasWords() {
        BiasWords words = new CounterfactualTextBuilder(SentimentTask.BINARY, 0.1, 4).build(corpus());
        int[] ids = {SPECIAL.cls(), GOOD, THE, SPECIAL.unk(), BAD, SPECIAL.mask(), MOVIE, REALLY, SPECIAL.sep(), SPECIAL.pad()};
        FeatureSequence features = FeatureSequence.zeros(STEPS, 3, 9);
        TextInput text = new TextInput(ids, 9, features);
        TextInput cf = words.counterfactual(text, SPECIAL);
        int m = SPECIAL.mask();
        assertArrayEquals(new int[] {SPECIAL.cls(), GOOD, m, SPECIAL.unk(), BAD, m, m, REALLY, SPECIAL.sep(), SPECIAL.pad()}, cf.tokenIds());
        assertEquals(9, cf.length());
        assertTrue(cf.tokenFeatures().isEmpty(), "token features no longer describe the ids");

        MultimodalExample ex = MaciExamples.withText("u", 1.0, text);
        MultimodalExample cfEx = words.counterfactual(ex);
        assertEquals(cf, cfEx.getText());
        assertSame(ex.getAudio(), cfEx.getAudio());
        assertSame(ex.getVision(), cfEx.getVision());
        assertEquals(ex.getId(), cfEx.getId());
        assertEquals(ex.getOutput(), cfEx.getOutput());
    }

    @Test
    void invalidSettingsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new CounterfactualTextBuilder(SentimentTask.BINARY, -0.1, 10));
        assertThrows(IllegalArgumentException.class, () -> new CounterfactualTextBuilder(SentimentTask.BINARY, 0.1, -1));
        assertThrows(IllegalArgumentException.class, () -> new BiasWords(new int[] {5, 5}, 0.1, 10));
        assertThrows(IllegalArgumentException.class, () -> new BiasWords(new int[] {1, 2, 3}, 0.1, 2));
    }
}
