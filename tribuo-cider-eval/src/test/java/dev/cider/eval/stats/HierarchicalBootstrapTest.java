package dev.cider.eval.stats;

import com.oracle.labs.mlrg.olcut.config.PropertyException;
import dev.cider.data.SentimentTask;
import dev.cider.metrics.Auilc;
import dev.cider.metrics.SentimentMetric;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HierarchicalBootstrapTest {

    private static final SentimentMetric ACC2 = SentimentMetric.ACC2_NON0;

    @Test
    void twoUtterancesGiveTheExactReplicateDistribution() {
        // One seed, one utterance right and one wrong: a replicate draws 2 utterances with replacement, so its accuracy is
        // 0 (wrong twice, 1/4), 0.5 (one of each, 1/2) or 1 (right twice, 1/4); the 2.5% and 97.5% quantiles are 0 and 1.
        HierarchicalBootstrap bootstrap = new HierarchicalBootstrap();
        CurveSummary summary = bootstrap.summarize(Curves.completeOnly(Curves.firstRight(2, 1)));
        double[] replicates = summary.replicateValues(Quantity.COMPLETE_INPUT, ACC2);
        assertEquals(2000, replicates.length);
        int zeros = 0;
        int halves = 0;
        int ones = 0;
        for (double v : replicates) {
            if (v == 0.0) {
                zeros++;
            } else if (v == 0.5) {
                halves++;
            } else if (v == 1.0) {
                ones++;
            }
        }
        assertEquals(2000, zeros + halves + ones, "every replicate is 0, 0.5 or 1");
        // Binomial standard deviations: sqrt(2000 * 1/4 * 3/4) = 19.4, sqrt(2000 * 1/2 * 1/2) = 22.4; allow 4 of them.
        assertEquals(500, zeros, 78);
        assertEquals(1000, halves, 90);
        assertEquals(500, ones, 78);
        Estimate e = summary.completeInput(ACC2);
        assertEquals(0.5, e.mean());
        assertTrue(Double.isNaN(e.sd()), "one seed has no sd");
        assertEquals(0.0, e.lower());
        assertEquals(1.0, e.upper());
        assertEquals(0, e.skippedReplicates());
    }

    @Test
    void oneSeedIntervalMatchesTheNormalApproximation() {
        // 320 of 400 right: 0.8 +- 1.96 * sqrt(0.8 * 0.2 / 400) = 0.8 +- 0.0392.
        Estimate e = new HierarchicalBootstrap().summarize(Curves.completeOnly(Curves.firstRight(400, 320))).completeInput(ACC2);
        double half = 1.96 * Math.sqrt(0.8 * 0.2 / 400);
        assertEquals(0.8, e.mean(), 1e-12);
        assertEquals(0.8 - half, e.lower(), 0.01);
        assertEquals(0.8 + half, e.upper(), 0.01);
    }

    @Test
    void trainingSeedsWidenTheInterval() {
        // Five seeds right on the first 600, 650, 700, 750, 800 of 1000 utterances (in a shuffled order): accuracies 0.6..0.8.
        // Expected replicate variance = seed part + utterance part:
        //  - seed part: the mean of 5 seed accuracies drawn with replacement from {0.6, 0.65, 0.7, 0.75, 0.8} has variance
        //    (population variance 0.005) / 5 = 0.001;
        //  - utterance part: given the seeds, the replicate is a mean over 1000 reweighted utterances of c_i, the fraction
        //    of the drawn seeds right on utterance i. With all five seeds c is 1 on 600 utterances, 0.8/0.6/0.4/0.2 on 50
        //    each and 0 on 200: variance 0.66 - 0.49 = 0.17; resampling the seeds adds E[c(1 - c)] / 5 = 0.04 / 5 = 0.008,
        //    so about 0.177 / 1000 = 0.000177.
        // Total 0.001177, sd 0.0343, so a 95% interval about 2 * 1.96 * 0.0343 = 0.134 wide. One seed alone (0.7 on 1000
        // utterances) only has the utterance part: 2 * 1.96 * sqrt(0.21 / 1000) = 0.057.
        int n = 1000;
        int[] rank = shuffledRanks(n, 11);
        int[] rightCount = {600, 650, 700, 750, 800};
        byte[][] perSeed = new byte[5][];
        for (int s = 0; s < 5; s++) {
            boolean[] right = new boolean[n];
            for (int i = 0; i < n; i++) {
                right[i] = rank[i] < rightCount[s];
            }
            perSeed[s] = Curves.of(right);
        }
        HierarchicalBootstrap bootstrap = new HierarchicalBootstrap();
        Estimate both = bootstrap.summarize(Curves.completeOnly(perSeed)).completeInput(ACC2);
        Estimate oneSeed = bootstrap.summarize(Curves.completeOnly(perSeed[2])).completeInput(ACC2);

        assertEquals(0.7, both.mean(), 1e-12);
        assertEquals(Math.sqrt(0.025 / 4), both.sd(), 1e-12, "sample sd of 0.6..0.8");
        double expectedBoth = 2 * 1.96 * Math.sqrt(0.001 + 0.000177);
        double expectedOne = 2 * 1.96 * Math.sqrt(0.21 / n);
        assertEquals(expectedOne, oneSeed.width(), 0.1 * expectedOne);
        assertTrue(both.width() > 2 * oneSeed.width(), both + " versus " + oneSeed);
        assertEquals(expectedBoth, both.width(), 0.1 * expectedBoth, both.toString());
    }

    @Test
    void pointAndAuilcEstimatesAreMeansOverSeedsOfMaskAverages() {
        double[] rates = {0.0, 0.3, 1.0};
        CurveOutcomes curve = Curves.random(rates, 3, 2, 40, 5);
        CurveSummary summary = new HierarchicalBootstrap(200, 1, 0.9).summarize(curve);
        assertTrue(summary.hasAuilc());
        for (SentimentMetric metric : SentimentMetric.forTask(SentimentTask.BINARY)) {
            double[] expectedAuilc = new double[3];
            for (int s = 0; s < 3; s++) {
                double[][] byMask = new double[2][rates.length];
                for (int m = 0; m < 2; m++) {
                    for (int p = 0; p < rates.length; p++) {
                        long[] counts = new long[18];
                        OutcomeCodes.tally(curve.codes(s, m, p), null, counts);
                        byMask[m][p] = OutcomeCodes.metric(SentimentTask.BINARY, metric, counts);
                    }
                }
                for (int p = 0; p < rates.length; p++) {
                    assertEquals((byMask[0][p] + byMask[1][p]) / 2, summary.point(p, metric).perSeed()[s], 1e-15);
                }
                expectedAuilc[s] = (Auilc.compute(rates, byMask[0]) + Auilc.compute(rates, byMask[1])) / 2;
            }
            Estimate auilc = summary.auilc(metric);
            assertArrayEquals(expectedAuilc, auilc.perSeed(), 1e-15);
            assertEquals(Estimate.mean(expectedAuilc), auilc.mean(), 1e-15);
            assertEquals(Estimate.sampleSd(expectedAuilc), auilc.sd(), 1e-15);
            assertTrue(auilc.lower() <= auilc.upper());
            assertEquals(summary.point(0, metric), summary.completeInput(metric));
            assertEquals(200, summary.replicateValues(Quantity.AUILC, metric).length);
        }
    }

    @Test
    void subsetCurvesHaveNoAuilc() {
        double nan = Double.NaN;
        CurveSummary summary = new HierarchicalBootstrap(50, 1, 0.95).summarize(Curves.random(new double[] {nan, nan}, 1, 1, 20, 3));
        assertFalse(summary.hasAuilc());
        assertFalse(summary.hasCompleteInput());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> summary.auilc(ACC2));
        assertTrue(e.getMessage().contains("no AUILC"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> summary.replicateValues(Quantity.COMPLETE_INPUT, ACC2));
        assertEquals(1, summary.point(1, ACC2).n());
        assertThrows(IllegalArgumentException.class, () -> summary.point(2, ACC2));
        assertThrows(IllegalArgumentException.class, () -> summary.point(0, SentimentMetric.ACC7));
    }

    @Test
    void nanReplicatesAreSkippedAndCounted() {
        // One non-neutral (right) utterance and two neutral ones: a replicate misses the non-neutral one with probability
        // (2/3)^3 = 8/27, and then its "non0" accuracy is NaN. Acc3 is always defined.
        byte neutralRight = 1 * 6 + 1 * 2 + 0;
        CurveSummary summary = new HierarchicalBootstrap().summarize(Curves.completeOnly(new byte[] {Curves.RIGHT, neutralRight, neutralRight}));
        Estimate acc2 = summary.completeInput(ACC2);
        double expected = 2000 * 8.0 / 27.0;
        assertEquals(expected, acc2.skippedReplicates(), 4 * Math.sqrt(expected * 19.0 / 27.0));
        assertEquals(1.0, acc2.lower());
        assertEquals(1.0, acc2.upper());
        assertEquals(0, summary.completeInput(SentimentMetric.ACC3).skippedReplicates());
    }

    @Test
    void replicatesDependOnlyOnTheSeedAndTheirIndex() {
        HierarchicalBootstrap a = new HierarchicalBootstrap(100, 42, 0.95);
        HierarchicalBootstrap b = new HierarchicalBootstrap(300, 42, 0.8);
        HierarchicalBootstrap other = new HierarchicalBootstrap(100, 43, 0.95);
        for (int r = 0; r < 100; r++) {
            int[] w = a.utteranceWeights(r, 50);
            assertArrayEquals(w, b.utteranceWeights(r, 50));
            assertArrayEquals(a.seedDraws(r, 5), b.seedDraws(r, 5));
            int sum = 0;
            for (int x : w) {
                assertTrue(x >= 0);
                sum += x;
            }
            assertEquals(50, sum);
            for (int s : a.seedDraws(r, 5)) {
                assertTrue(s >= 0 && s < 5);
            }
        }
        assertFalse(java.util.Arrays.equals(a.utteranceWeights(0, 50), a.utteranceWeights(1, 50)));
        assertFalse(java.util.Arrays.equals(a.utteranceWeights(0, 50), other.utteranceWeights(0, 50)));
        assertThrows(IllegalArgumentException.class, () -> a.utteranceWeights(100, 50));
    }

    @Test
    void aBroadcastCurveSeesTheSameUtteranceWeightsAsEverySeed() {
        // Three seeds with identical codes behave as the one-seed curve with those codes, replicate by replicate.
        byte[] codes = Curves.random(new double[] {0.0}, 1, 1, 60, 8).codes(0, 0, 0);
        HierarchicalBootstrap bootstrap = new HierarchicalBootstrap(500, 3, 0.95);
        double[] three = bootstrap.summarize(Curves.completeOnly(codes, codes, codes)).replicateValues(Quantity.COMPLETE_INPUT, ACC2);
        double[] one = bootstrap.summarize(Curves.completeOnly(codes)).replicateValues(Quantity.COMPLETE_INPUT, ACC2);
        assertArrayEquals(one, three, 1e-15);
    }

    @Test
    void summariesAreDeterministicInAnyOrderAndInParallel() throws Exception {
        double[] rates = {0.0, 0.5, 1.0};
        CurveOutcomes first = Curves.random(rates, 3, 1, 80, 1);
        CurveOutcomes second = Curves.random(rates, 3, 2, 80, 2);
        HierarchicalBootstrap bootstrap = new HierarchicalBootstrap(300, 9, 0.95);
        CurveSummary alone = bootstrap.summarize(second);
        bootstrap.summarize(first);
        CurveSummary after = bootstrap.summarize(second);
        assertSameSummary(alone, after);

        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<CurveSummary>> futures = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                futures.add(pool.submit(() -> bootstrap.summarize(second)));
                futures.add(pool.submit(() -> bootstrap.summarize(first)));
            }
            for (int i = 0; i < futures.size(); i += 2) {
                assertSameSummary(alone, futures.get(i).get());
            }
        } finally {
            pool.shutdown();
        }
        CurveSummary otherSeed = new HierarchicalBootstrap(300, 10, 0.95).summarize(second);
        assertNotEquals(alone.auilc(ACC2), otherSeed.auilc(ACC2));
        assertEquals(alone.auilc(ACC2).mean(), otherSeed.auilc(ACC2).mean(), "the observed values do not depend on the bootstrap");
    }

    private static void assertSameSummary(CurveSummary expected, CurveSummary actual) {
        for (SentimentMetric m : expected.metrics()) {
            for (int p = 0; p < expected.pointCount(); p++) {
                assertEquals(expected.point(p, m), actual.point(p, m));
            }
            assertEquals(expected.auilc(m), actual.auilc(m));
            assertArrayEquals(expected.replicateValues(Quantity.AUILC, m), actual.replicateValues(Quantity.AUILC, m));
            assertArrayEquals(expected.replicateValues(Quantity.COMPLETE_INPUT, m), actual.replicateValues(Quantity.COMPLETE_INPUT, m));
        }
    }

    @Test
    void invalidConfigurationsAreRejected() {
        PropertyException replicates = assertThrows(PropertyException.class, () -> new HierarchicalBootstrap(0, 1, 0.95));
        assertTrue(replicates.getMessage().contains("at least 1 replicate"), replicates.getMessage());
        PropertyException level = assertThrows(PropertyException.class, () -> new HierarchicalBootstrap(10, 1, 1.0));
        assertTrue(level.getMessage().contains("level must be in (0, 1)"), level.getMessage());
        HierarchicalBootstrap defaults = new HierarchicalBootstrap();
        assertEquals(2000, defaults.replicates());
        assertEquals(20261207L, defaults.seed());
        assertEquals(0.95, defaults.level());
        // The configured fields are in the provenance, so a report can record how its intervals were made.
        assertEquals("2000", defaults.getProvenance().getConfiguredParameters().get("replicates").toString());
        assertEquals("20261207", defaults.getProvenance().getConfiguredParameters().get("seed").toString());
    }

    private static int[] shuffledRanks(int n, long seed) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        java.util.Collections.shuffle(order, new Random(seed));
        int[] rank = new int[n];
        for (int i = 0; i < n; i++) {
            rank[order.get(i)] = i;
        }
        return rank;
    }
}
