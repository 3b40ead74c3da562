package dev.cider.metrics;

import dev.cider.data.SentimentTask;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SentimentMetricsTest {

    private static final double EPS = 1e-12;

    /*
     * Seven utterances of the binary task, class scores [negative, neutral, positive]:
     *
     *   #  y     scores            3-way argmax   has0 argmax (neg vs pos)
     *   1  -1.0  [0.7, 0.2, 0.1]   negative       negative
     *   2  -2.0  [0.1, 0.6, 0.3]   neutral        non-negative
     *   3   1.5  [0.1, 0.2, 0.7]   positive       non-negative
     *   4   0.4  [0.2, 0.1, 0.7]   positive       non-negative
     *   5   2.2  [0.6, 0.1, 0.3]   negative       negative
     *   6   0.0  [0.1, 0.2, 0.7]   positive       non-negative
     *   7   0.8  [0.3, 0.3, 0.4]   positive       non-negative
     *
     * non0 (drop #6): truth neg {1,2} (support 2), pos {3,4,5,7} (support 4).
     *   correct: 1, 3, 4, 7 -> Acc2 = 4/6. #2's neutral prediction is an error.
     *   negative: TP 1, predicted {1,5} -> P = 1/2, R = 1/2, F1 = 1/2.
     *   positive: TP 3, predicted {3,4,7} -> P = 1, R = 3/4, F1 = 2*(3/4)/(7/4) = 6/7.
     *   neutral: support 0, weight 0 (its prediction only lowered the recall of negative).
     *   weighted F1 = (2 * 1/2 + 4 * 6/7) / 6 = 31/42.
     * has0 (all 7): truth negative {1,2}, non-negative {3,4,5,6,7}.
     *   correct: 1, 3, 4, 6, 7 -> Acc2 = 5/7.
     *   negative: TP 1, predicted {1,5} -> F1 = 1/2; non-negative: TP 4, predicted {2,3,4,6,7} -> P = R = 4/5, F1 = 4/5.
     *   weighted F1 = (2 * 1/2 + 5 * 4/5) / 7 = 5/7.
     * Acc3 (all 7): truth [neg, neg, pos, pos, pos, neu, pos], correct 1, 3, 4, 7 -> 4/7.
     */
    private static ScoredPredictions sevenUtterances() {
        double[][] scores = {
                {0.7, 0.2, 0.1},
                {0.1, 0.6, 0.3},
                {0.1, 0.2, 0.7},
                {0.2, 0.1, 0.7},
                {0.6, 0.1, 0.3},
                {0.1, 0.2, 0.7},
                {0.3, 0.3, 0.4}};
        double[] y = {-1.0, -2.0, 1.5, 0.4, 2.2, 0.0, 0.8};
        return new ScoredPredictions(SentimentTask.BINARY, scores, y);
    }

    @Test
    void non0DropsNeutralTruthAndCountsNeutralPredictionAsError() {
        SentimentMetrics m = SentimentMetrics.evaluate(sevenUtterances());
        assertEquals(4.0 / 6.0, m.get(SentimentMetric.ACC2_NON0), EPS);
        assertEquals(31.0 / 42.0, m.get(SentimentMetric.F1_NON0), EPS);
        ConfusionMatrix c = m.confusion(SentimentMetric.ACC2_NON0);
        assertEquals(List.of("negative", "positive"), c.truthLabels());
        assertEquals(List.of("negative", "neutral", "positive"), c.predictedLabels());
        assertEquals(6, c.total());
        assertEquals(1, c.count("negative", "negative"));
        assertEquals(1, c.count("negative", "neutral"));
        assertEquals(0, c.count("negative", "positive"));
        assertEquals(1, c.count("positive", "negative"));
        assertEquals(0, c.count("positive", "neutral"));
        assertEquals(3, c.count("positive", "positive"));
        assertEquals(0.5, c.recall("negative"), EPS);
        assertEquals(6.0 / 7.0, c.f1("positive"), EPS);
        assertEquals(0, c.support("neutral"));
    }

    @Test
    void has0UsesNonNegativeTruthAndNegativeVersusPositiveScores() {
        SentimentMetrics m = SentimentMetrics.evaluate(sevenUtterances());
        assertEquals(5.0 / 7.0, m.get(SentimentMetric.ACC2_HAS0), EPS);
        assertEquals(5.0 / 7.0, m.get(SentimentMetric.F1_HAS0), EPS);
        ConfusionMatrix c = m.confusion(SentimentMetric.F1_HAS0);
        assertEquals(SentimentMetrics.HAS0_LABELS, c.truthLabels());
        assertEquals(7, c.total());
        assertEquals(1, c.count("negative", "non-negative"));
        assertEquals(1, c.count("non-negative", "negative"));
        assertEquals(4, c.count("non-negative", "non-negative"));
        assertEquals(4.0 / 5.0, c.precision("non-negative"), EPS);
    }

    @Test
    void acc3AndHeadline() {
        SentimentMetrics m = SentimentMetrics.evaluate(sevenUtterances());
        assertEquals(4.0 / 7.0, m.get(SentimentMetric.ACC3), EPS);
        assertEquals(m.get(SentimentMetric.ACC2_NON0), m.headline(), 0.0);
        assertEquals(7, m.size());
        assertEquals(SentimentMetric.forTask(SentimentTask.BINARY), List.copyOf(m.values().keySet()));
        assertFalse(m.has(SentimentMetric.ACC7));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.get(SentimentMetric.ACC7));
        assertTrue(e.getMessage().contains("SEVEN"), e.getMessage());
    }

    /*
     * Ties go to the lowest class index (numpy argmax):
     *   #  y     scores             3-way argmax       has0 argmax
     *   1   1.0  [0.4, 0.2, 0.4]    negative (tie)     negative (tie)   -> non0 wrong, has0 wrong
     *   2  -1.0  [0.1, 0.45, 0.45]  neutral (tie)      non-negative     -> non0 wrong, has0 wrong
     *   3   0.5  [0.3, 0.35, 0.35]  neutral (tie)      non-negative     -> non0 wrong, has0 right
     * non0: Acc2 = 0/3, every class F1 0 -> weighted F1 0.  has0: Acc2 = 1/3.
     *   has0 F1: negative (support 1): TP 0 -> F1 0; non-negative (support 2): TP 1, predicted {2,3} -> P = 1/2, R = 1/2,
     *   F1 = 1/2; weighted = (1 * 0 + 2 * 1/2) / 3 = 1/3.
     */
    @Test
    void tiesGoToTheLowestClassIndex() {
        double[][] scores = {{0.4, 0.2, 0.4}, {0.1, 0.45, 0.45}, {0.3, 0.35, 0.35}};
        ScoredPredictions p = new ScoredPredictions(SentimentTask.BINARY, scores, new double[]{1.0, -1.0, 0.5});
        assertEquals(0, p.predictedClass(0));
        assertEquals(1, p.predictedClass(1));
        SentimentMetrics m = SentimentMetrics.evaluate(p);
        assertEquals(0.0, m.get(SentimentMetric.ACC2_NON0), EPS);
        assertEquals(0.0, m.get(SentimentMetric.F1_NON0), EPS);
        assertEquals(1.0 / 3.0, m.get(SentimentMetric.ACC2_HAS0), EPS);
        assertEquals(1.0 / 3.0, m.get(SentimentMetric.F1_HAS0), EPS);
        ConfusionMatrix has0 = m.confusion(SentimentMetric.ACC2_HAS0);
        assertEquals(1, has0.count("non-negative", "negative"));
        assertEquals(1, has0.count("negative", "non-negative"));
        assertEquals(1, has0.count("non-negative", "non-negative"));
    }

    /*
     * Seven task, truth = rint(clip(y)) + 3 with round half to even:
     *   y    -3.0 -2.5 -0.5  0.5  1.5  2.5  3.0  1.2
     *   cls    0    1    3    3    5    5    6    4
     * The one-hot predictions below match the first seven (rounding half up would give -2.5 -> 1 as well but 0.5 -> 4,
     * 2.5 -> 6), the last is predicted as 5: Acc7 = 7/8.
     */
    @Test
    void acc7RoundsHalfToEven() {
        double[] y = {-3.0, -2.5, -0.5, 0.5, 1.5, 2.5, 3.0, 1.2};
        int[] predicted = {0, 1, 3, 3, 5, 5, 6, 5};
        double[][] scores = new double[y.length][7];
        for (int i = 0; i < y.length; i++) {
            scores[i][predicted[i]] = 1.0;
        }
        SentimentMetrics m = SentimentMetrics.evaluate(new ScoredPredictions(SentimentTask.SEVEN, scores, y));
        assertEquals(7.0 / 8.0, m.get(SentimentMetric.ACC7), EPS);
        assertEquals(m.get(SentimentMetric.ACC7), m.headline(), 0.0);
        ConfusionMatrix c = m.confusion(SentimentMetric.ACC7);
        assertEquals(2, c.count("0", "0"));
        assertEquals(2, c.count("2", "2"));
        assertEquals(1, c.count("1", "2"));
        assertEquals(List.of(SentimentMetric.ACC7), List.copyOf(m.values().keySet()));
        assertThrows(IllegalArgumentException.class, () -> m.get(SentimentMetric.ACC2_NON0));
    }

    @Test
    void allNeutralTruthGivesNaNForNon0Only() {
        double[][] scores = {{0.1, 0.8, 0.1}, {0.6, 0.3, 0.1}};
        SentimentMetrics m = SentimentMetrics.evaluate(new ScoredPredictions(SentimentTask.BINARY, scores, new double[]{0.0, 0.0}));
        assertTrue(Double.isNaN(m.get(SentimentMetric.ACC2_NON0)));
        assertTrue(Double.isNaN(m.get(SentimentMetric.F1_NON0)));
        assertEquals(0.5, m.get(SentimentMetric.ACC3), EPS);
        // has0: both truths non-negative; #1 neg 0.1 vs pos 0.1 tie -> negative (wrong), #2 negative (wrong).
        assertEquals(0.0, m.get(SentimentMetric.ACC2_HAS0), EPS);
    }

    @Test
    void negativeInfinityScoresAreNeverChosenOverFiniteOnes() {
        double ninf = Double.NEGATIVE_INFINITY;
        ScoredPredictions p = new ScoredPredictions(SentimentTask.BINARY,
                new double[][]{{ninf, -0.1, -2.0}, {-3.0, ninf, -0.5}}, new double[]{0.0, 1.0});
        assertEquals(1, p.predictedClass(0));
        assertEquals(2, p.predictedClass(1));
        assertEquals(1.0, SentimentMetrics.evaluate(p).get(SentimentMetric.ACC3), EPS);
    }

    @Test
    void invalidInputIsRejectedWithClearMessages() {
        SentimentTask t = SentimentTask.BINARY;
        assertThrows(IllegalArgumentException.class, () -> new ScoredPredictions(t, new double[0][], new double[0]));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ScoredPredictions(t, new double[][]{{1, 2, 3}}, new double[]{0.1, 0.2}));
        assertTrue(e.getMessage().contains("1 rows") && e.getMessage().contains("2 true scores"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new ScoredPredictions(t, new double[][]{{1, 2, 3}, {1, 2}}, new double[]{0.1, 0.2}));
        assertTrue(e.getMessage().contains("Row 1") && e.getMessage().contains("3 classes"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new ScoredPredictions(t, new double[][]{{1, Double.NaN, 3}}, new double[]{0.1}));
        assertTrue(e.getMessage().contains("neutral"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new ScoredPredictions(t, new double[][]{{1, 2, 3}}, new double[]{3.5}));
        assertTrue(e.getMessage().contains("Row 0") && e.getMessage().contains("3.5"), e.getMessage());
    }

    @Test
    void scoredPredictionsAreImmutable() {
        double[][] scores = {{0.1, 0.2, 0.7}};
        double[] y = {1.0};
        ScoredPredictions p = new ScoredPredictions(SentimentTask.BINARY, scores, y);
        scores[0][0] = 5.0;
        y[0] = -1.0;
        p.scores(0)[0] = 9.0;
        assertEquals(2, p.predictedClass(0));
        assertEquals(1.0, p.trueScore(0), 0.0);
    }

    @Test
    void metricParsing() {
        assertEquals(SentimentMetric.ACC2_HAS0, SentimentMetric.parse("acc2-has0"));
        assertEquals(SentimentMetric.F1_NON0, SentimentMetric.parse("F1"));
        assertEquals(SentimentMetric.ACC7, SentimentMetric.parse("ACC7"));
        assertEquals(SentimentMetric.ACC2_NON0, SentimentMetric.headline(SentimentTask.BINARY));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SentimentMetric.parse("auc"));
        assertTrue(e.getMessage().contains("acc2-has0"), e.getMessage());
    }
}
