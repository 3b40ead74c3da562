package dev.cider.data;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SplitStatisticsTest {

    private static final SpecialTokens SPECIAL = SpecialTokens.BERT_UNCASED;

    /** An utterance with {@code words} word tokens and the given audio/vision lengths (audio 8 x 2, vision 6 x 3). */
    private static MultimodalExample example(String id, double score, int words, int audioLength, int visionLength, int audioSteps) {
        int[] ids = new int[10];
        ids[0] = SPECIAL.cls();
        for (int i = 1; i <= words; i++) {
            ids[i] = 2000 + i;
        }
        ids[words + 1] = SPECIAL.sep();
        TextInput text = new TextInput(ids, words + 2, null);
        float[] audio = new float[audioSteps * 2];
        for (int i = 0; i < audioLength * 2; i++) {
            audio[i] = 0.5f;
        }
        float[] vision = new float[6 * 3];
        for (int i = 0; i < visionLength * 3; i++) {
            vision[i] = -1f;
        }
        return new MultimodalExample(SentimentTask.BINARY.label(score), id, "some words", score, text,
                new FeatureSequence(audio, audioSteps, 2, audioLength), new FeatureSequence(vision, 6, 3, visionLength), SPECIAL);
    }

    private static List<MultimodalExample> examples() {
        List<MultimodalExample> list = new ArrayList<>();
        list.add(example("a", -2.4, 1, 3, 2, 8));
        list.add(example("b", 0.0, 2, 8, 6, 8));
        list.add(example("c", 1.0, 3, 1, 1, 8));
        list.add(example("d", 2.6, 4, 4, 3, 8));
        return list;
    }

    @Test
    void countsClassesScoresAndLengths() {
        SplitStatistics s = SplitStatistics.of(examples(), SentimentTask.BINARY);
        assertEquals(4, s.count());
        assertArrayEquals(new int[]{1, 1, 2}, s.classCounts());
        assertEquals(0.5, s.classFraction(2), 1e-12);
        assertEquals(0.25, s.classFraction(0), 1e-12);
        double mean = (-2.4 + 0.0 + 1.0 + 2.6) / 4;
        assertEquals(mean, s.scoreMean(), 1e-12);
        double var = (Math.pow(-2.4 - mean, 2) + Math.pow(0.0 - mean, 2) + Math.pow(1.0 - mean, 2) + Math.pow(2.6 - mean, 2)) / 4;
        assertEquals(Math.sqrt(var), s.scoreStd(), 1e-12);
        assertEquals(-2.4, s.scoreMin());
        assertEquals(2.6, s.scoreMax());

        SplitStatistics.LengthStatistics text = s.lengths(Modality.TEXT);
        assertEquals(new SplitStatistics.LengthStatistics(3, 4.5, 6, 10, 0), text);
        assertEquals(new SplitStatistics.LengthStatistics(1, 4.0, 8, 8, 2), s.lengths(Modality.AUDIO));
        assertEquals(new SplitStatistics.LengthStatistics(1, 3.0, 6, 6, 3), s.lengths(Modality.VISION));
        assertEquals(new DataLayout(10, 0, 8, 2, 6, 3), s.layout());
    }

    @Test
    void countsUtterancesWithoutAudioOrVision() {
        List<MultimodalExample> list = examples();
        list.add(example("no-audio", 0.5, 2, 0, 2, 8));
        list.add(example("neither", 0.5, 2, 0, 0, 8));
        SplitStatistics s = SplitStatistics.of(list, SentimentTask.BINARY);
        assertEquals(2, s.absentCount(Modality.AUDIO));
        assertEquals(1, s.absentCount(Modality.VISION));
        assertThrows(IllegalArgumentException.class, () -> s.absentCount(Modality.TEXT));
    }

    @Test
    void classesFollowTheRequestedTaskNotTheStoredLabels() {
        SplitStatistics seven = SplitStatistics.of(examples(), SentimentTask.SEVEN);
        // -2.4 -> -2, 0 -> 0, 1 -> 1, 2.6 -> 3
        assertArrayEquals(new int[]{0, 1, 0, 1, 1, 0, 1}, seven.classCounts());
        assertEquals(SentimentTask.SEVEN, seven.task());
    }

    @Test
    void theAccumulatorMatchesTheListForm() {
        SplitStatistics.Accumulator acc = SplitStatistics.accumulator(SentimentTask.BINARY);
        for (MultimodalExample ex : examples()) {
            acc.add(ex);
        }
        assertEquals(4, acc.count());
        SplitStatistics a = acc.build();
        SplitStatistics b = SplitStatistics.of(examples(), SentimentTask.BINARY);
        assertArrayEquals(b.classCounts(), a.classCounts());
        assertEquals(b.scoreStd(), a.scoreStd(), 1e-12);
        assertEquals(b.lengths(Modality.AUDIO), a.lengths(Modality.AUDIO));
    }

    @Test
    void mixedLayoutsAndEmptySplitsAreRefused() {
        List<MultimodalExample> list = examples();
        list.add(example("odd-one", 1.0, 2, 2, 2, 9));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SplitStatistics.of(list, SentimentTask.BINARY));
        assertTrue(e.getMessage().contains("odd-one"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> SplitStatistics.accumulator(SentimentTask.SEVEN).build());
    }
}
