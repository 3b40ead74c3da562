package dev.cider.eval.stats;

import dev.cider.data.SentimentTask;
import dev.cider.metrics.ScoredPredictions;
import dev.cider.metrics.SentimentMetric;
import dev.cider.metrics.SentimentMetrics;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutcomeCodesTest {

    @Test
    void codeCountsOfBothTasks() {
        assertEquals(18, OutcomeCodes.codeCount(SentimentTask.BINARY));
        assertEquals(49, OutcomeCodes.codeCount(SentimentTask.SEVEN));
    }

    /*
     * Binary task, scores [negative, neutral, positive]:
     *   y -1.0 [0.7, 0.2, 0.1]: truth 0, pred 0, has0 pred 0 (0.1 < 0.7)       -> 0*6 + 0*2 + 0 = 0
     *   y  0.0 [0.1, 0.6, 0.3]: truth 1, pred 1, has0 pred 1 (0.3 > 0.1)       -> 6 + 2 + 1 = 9
     *   y  2.0 [0.4, 0.2, 0.4]: truth 2, pred 0 (tie, lowest), has0 0 (tie)    -> 12 + 0 + 0 = 12
     *   y  0.5 [-inf, 0.1, -inf]: truth 2, pred 1, has0 0 (negative wins tie) -> 12 + 2 + 0 = 14
     *   y -3.0 [0.1, 0.1, 0.8]: truth 0, pred 2, has0 1                        -> 0 + 4 + 1 = 5
     */
    @Test
    void encodesBinaryOutcomesByHand() {
        double ninf = Double.NEGATIVE_INFINITY;
        ScoredPredictions p = new ScoredPredictions(SentimentTask.BINARY, new double[][] {
                {0.7, 0.2, 0.1}, {0.1, 0.6, 0.3}, {0.4, 0.2, 0.4}, {ninf, 0.1, ninf}, {0.1, 0.1, 0.8}},
                new double[] {-1.0, 0.0, 2.0, 0.5, -3.0});
        assertArrayEquals(new byte[] {0, 9, 12, 14, 5}, OutcomeCodes.encode(p));
        assertEquals(2, OutcomeCodes.truthOf(SentimentTask.BINARY, 14));
        assertEquals(1, OutcomeCodes.predictedOf(SentimentTask.BINARY, 14));
    }

    /*
     * Seven task: truth rint(y) + 3 (half to even), prediction the argmax.
     *   y  2.5 -> rint 2 -> 5; argmax 6  -> 5*7 + 6 = 41
     *   y -0.5 -> rint -0 -> 3; argmax 0 -> 21
     */
    @Test
    void encodesSevenOutcomesByHand() {
        double[] high = {0, 0, 0, 0, 0, 0, 1};
        double[] low = {1, 0, 0, 0, 0, 0, 0};
        ScoredPredictions p = new ScoredPredictions(SentimentTask.SEVEN, new double[][] {high, low}, new double[] {2.5, -0.5});
        assertArrayEquals(new byte[] {41, 21}, OutcomeCodes.encode(p));
    }

    @Test
    void metricsEqualSentimentMetricsBitForBitOnRandomPredictions() {
        Random rng = new Random(20261207L);
        for (SentimentTask task : SentimentTask.values()) {
            for (int trial = 0; trial < 300; trial++) {
                ScoredPredictions p = randomPredictions(task, 1 + rng.nextInt(40), rng);
                long[] counts = new long[OutcomeCodes.codeCount(task)];
                OutcomeCodes.tally(OutcomeCodes.encode(p), null, counts);
                Map<SentimentMetric, Double> expected = SentimentMetrics.evaluate(p).values();
                // Map equality compares Double objects, so bits (NaN equals NaN, 0.0 differs from -0.0).
                assertEquals(expected, OutcomeCodes.metrics(task, counts), "task " + task + ", trial " + trial);
                for (SentimentMetric m : SentimentMetric.forTask(task)) {
                    assertEquals(Double.doubleToLongBits(expected.get(m)), Double.doubleToLongBits(OutcomeCodes.metric(task, m, counts)));
                }
            }
        }
    }

    @Test
    void non0MetricsAreNaNWithoutNonNeutralUtterances() {
        ScoredPredictions allNeutral = new ScoredPredictions(SentimentTask.BINARY,
                new double[][] {{0.1, 0.8, 0.1}, {0.9, 0.05, 0.05}}, new double[] {0.0, 0.0});
        long[] counts = new long[18];
        OutcomeCodes.tally(OutcomeCodes.encode(allNeutral), null, counts);
        assertTrue(Double.isNaN(OutcomeCodes.metric(SentimentTask.BINARY, SentimentMetric.ACC2_NON0, counts)));
        assertTrue(Double.isNaN(OutcomeCodes.metric(SentimentTask.BINARY, SentimentMetric.F1_NON0, counts)));
        assertEquals(0.5, OutcomeCodes.metric(SentimentTask.BINARY, SentimentMetric.ACC3, counts));
        assertEquals(SentimentMetrics.evaluate(allNeutral).values(), OutcomeCodes.metrics(SentimentTask.BINARY, counts));
    }

    @Test
    void weightsCountUtterancesRepeatedly() {
        Random rng = new Random(7);
        for (SentimentTask task : SentimentTask.values()) {
            for (int trial = 0; trial < 50; trial++) {
                int n = 3 + rng.nextInt(30);
                ScoredPredictions p = randomPredictions(task, n, rng);
                int[] weights = new int[n];
                weights[0] = 2;
                weights[1] = 0;
                for (int i = 2; i < n; i++) {
                    weights[i] = 1;
                }
                // The same list with utterance 0 duplicated and utterance 1 dropped.
                double[][] scores = new double[n][];
                double[] y = new double[n];
                scores[0] = p.scores(0);
                y[0] = p.trueScore(0);
                for (int i = 2; i < n; i++) {
                    scores[i - 1] = p.scores(i);
                    y[i - 1] = p.trueScore(i);
                }
                scores[n - 1] = p.scores(0);
                y[n - 1] = p.trueScore(0);
                ScoredPredictions edited = new ScoredPredictions(task, scores, y);

                long[] counts = new long[OutcomeCodes.codeCount(task)];
                OutcomeCodes.tally(OutcomeCodes.encode(p), weights, counts);
                assertEquals(SentimentMetrics.evaluate(edited).values(), OutcomeCodes.metrics(task, counts), "trial " + trial);
            }
        }
    }

    @Test
    void tallyAddsToExistingCounts() {
        long[] counts = new long[18];
        counts[3] = 5;
        OutcomeCodes.tally(new byte[] {3, 3, 17}, new int[] {1, 4, 2}, counts);
        assertEquals(10, counts[3]);
        assertEquals(2, counts[17]);
        OutcomeCodes.tally(new byte[] {17}, null, counts);
        assertEquals(3, counts[17]);
    }

    @Test
    void badInputGetsClearErrors() {
        IllegalArgumentException weights = assertThrows(IllegalArgumentException.class,
                () -> OutcomeCodes.tally(new byte[] {1, 2}, new int[] {1}, new long[18]));
        assertTrue(weights.getMessage().contains("1 weights for 2 utterance codes"), weights.getMessage());
        IllegalArgumentException length = assertThrows(IllegalArgumentException.class,
                () -> OutcomeCodes.metrics(SentimentTask.SEVEN, new long[18]));
        assertTrue(length.getMessage().contains("49 counts, found 18"), length.getMessage());
        IllegalArgumentException task = assertThrows(IllegalArgumentException.class,
                () -> OutcomeCodes.metric(SentimentTask.SEVEN, SentimentMetric.ACC3, new long[49]));
        assertTrue(task.getMessage().contains("BINARY"), task.getMessage());
        assertThrows(IllegalArgumentException.class, () -> OutcomeCodes.truthOf(SentimentTask.BINARY, 18));
    }

    /**
     * Random predictions with many ties and extreme cases: scores from a few levels (with -Infinity), true scores
     * on a grid that includes 0 and the half-way values that round to even.
     */
    static ScoredPredictions randomPredictions(SentimentTask task, int n, Random rng) {
        double[] levels = {Double.NEGATIVE_INFINITY, -1.0, 0.0, 0.25, 0.5, 1.0};
        int k = task.numClasses();
        double[][] scores = new double[n][k];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < k; c++) {
                scores[i][c] = rng.nextInt(3) == 0 ? levels[rng.nextInt(levels.length)] : rng.nextGaussian();
            }
            y[i] = rng.nextInt(4) == 0 ? (rng.nextInt(13) - 6) / 2.0 : -3.0 + 6.0 * rng.nextDouble();
        }
        return new ScoredPredictions(task, scores, y);
    }
}
