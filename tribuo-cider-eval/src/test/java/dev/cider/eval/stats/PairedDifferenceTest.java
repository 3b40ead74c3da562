package dev.cider.eval.stats;

import dev.cider.data.SentimentTask;
import dev.cider.metrics.SentimentMetric;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PairedDifferenceTest {

    private static final SentimentMetric ACC2 = SentimentMetric.ACC2_NON0;

    /** N = 100: A right and B wrong on 30, B right and A wrong on 20, both right on 25, both wrong on 25. */
    private static CurveOutcomes[] discordantPairs() {
        boolean[] a = new boolean[100];
        boolean[] b = new boolean[100];
        for (int i = 0; i < 100; i++) {
            a[i] = i < 30 || (i >= 50 && i < 75);
            b[i] = (i >= 30 && i < 50) || (i >= 50 && i < 75);
        }
        return new CurveOutcomes[] {Curves.completeOnly(Curves.of(a)), Curves.completeOnly(Curves.of(b))};
    }

    private static PairedDifference compare(HierarchicalBootstrap bootstrap, CurveOutcomes a, CurveOutcomes b) {
        return PairedDifference.between(bootstrap.summarize(a), bootstrap.summarize(b), ACC2, Quantity.COMPLETE_INPUT);
    }

    @Test
    void pValueAgreesWithMcNemar() {
        // Accuracies 0.55 and 0.45: d = 0.10. A replicate's difference is (n10 - n01) / 100 over the resampled discordant
        // pairs, with variance (0.3 + 0.2 - 0.1^2) / 100 = 0.0049 (sd 0.07). McNemar's normal approximation of the two-sided
        // p-value: z = (30 - 20) / sqrt(30 + 20) = 1.4142, p = 2 (1 - Phi(1.4142)) = 2 (1 - 0.92135) = 0.1573.
        CurveOutcomes[] pair = discordantPairs();
        HierarchicalBootstrap bootstrap = new HierarchicalBootstrap();
        PairedDifference d = compare(bootstrap, pair[0], pair[1]);
        assertEquals(0.10, d.observed(), 1e-12);
        assertEquals(0.1573, d.pValue(), 0.03);
        // The limit of the bootstrap p-value as B grows: P(|n10* - n01* - 10| >= 10) for (n10*, n01*, rest) multinomial
        // (100; 0.3, 0.2, 0.5). It is a little above McNemar's 0.157 because the lattice points n10* - n01* = 0 and 20,
        // exactly as far from d as 0 is, count as extreme. The estimate's Monte Carlo sd is sqrt(p (1 - p) / 2000).
        double exact = exactShiftPValue();
        assertEquals(exact, d.pValue(), 3 * Math.sqrt(exact * (1 - exact) / 2000));
        assertEquals(0.10 - 1.96 * 0.07, d.difference().lower(), 0.015);
        assertEquals(0.10 + 1.96 * 0.07, d.difference().upper(), 0.015);
        assertTrue(Double.isNaN(d.difference().sd()), "one seed");
        assertEquals(d.pValue() < 0.05, d.significantAt(0.05));

        PairedDifference again = compare(bootstrap, pair[0], pair[1]);
        assertEquals(d, again);

        // Another bootstrap seed: the p-value moves by Monte Carlo error only; each estimate has sd sqrt(p (1 - p) / B)
        // = 0.008, their difference sqrt(2) times that; allow 4 sd.
        PairedDifference otherSeed = compare(new HierarchicalBootstrap(2000, 7, 0.95), pair[0], pair[1]);
        assertNotEquals(d.pValue(), otherSeed.pValue());
        double mcSd = Math.sqrt(2 * 0.1573 * (1 - 0.1573) / 2000);
        assertEquals(d.pValue(), otherSeed.pValue(), 4 * mcSd);

        PairedDifference reversed = compare(bootstrap, pair[1], pair[0]);
        assertEquals(-0.10, reversed.observed(), 1e-12);
        assertEquals(d.pValue(), reversed.pValue(), 1e-12);
    }

    private static double exactShiftPValue() {
        double[] logFactorial = new double[101];
        for (int i = 1; i <= 100; i++) {
            logFactorial[i] = logFactorial[i - 1] + Math.log(i);
        }
        double p = 0;
        for (int n10 = 0; n10 <= 100; n10++) {
            for (int n01 = 0; n10 + n01 <= 100; n01++) {
                int rest = 100 - n10 - n01;
                if (Math.abs(n10 - n01 - 10) >= 10) {
                    p += Math.exp(logFactorial[100] - logFactorial[n10] - logFactorial[n01] - logFactorial[rest]
                            + n10 * Math.log(0.3) + n01 * Math.log(0.2) + rest * Math.log(0.5));
                }
            }
        }
        return p;
    }

    @Test
    void identicalSystemsDoNotDiffer() {
        CurveOutcomes a = Curves.random(Curves.elevenRates(), 3, 1, 50, 4);
        CurveOutcomes same = Curves.random(Curves.elevenRates(), 3, 1, 50, 4);
        HierarchicalBootstrap bootstrap = new HierarchicalBootstrap(500, 1, 0.95);
        for (Quantity q : Quantity.values()) {
            PairedDifference d = PairedDifference.between(bootstrap.summarize(a), bootstrap.summarize(same), SentimentMetric.F1_HAS0, q);
            assertEquals(0.0, d.observed());
            assertEquals(0.0, d.difference().lower());
            assertEquals(0.0, d.difference().upper());
            assertEquals(0.0, d.difference().sd());
            assertEquals(1.0, d.pValue());
        }
    }

    @Test
    void aBroadcastCurvePairsWithEverySeed() {
        // A: three seeds right on 50, 60, 70 of 100; B: one model right on 40. Per-seed differences 0.1, 0.2, 0.3: mean 0.2,
        // sample sd 0.1.
        CurveOutcomes a = Curves.completeOnly(Curves.firstRight(100, 50), Curves.firstRight(100, 60), Curves.firstRight(100, 70));
        CurveOutcomes b = Curves.completeOnly(Curves.firstRight(100, 40));
        HierarchicalBootstrap bootstrap = new HierarchicalBootstrap(400, 5, 0.95);
        PairedDifference d = compare(bootstrap, a, b);
        assertArrayEquals(new double[] {0.1, 0.2, 0.3}, d.difference().perSeed(), 1e-12);
        assertEquals(0.2, d.observed(), 1e-12);
        assertEquals(0.1, d.difference().sd(), 1e-12);
        assertEquals(3, d.difference().n());
        // B is right on a subset of every seed's right utterances, so each replicate difference is the mean over drawn
        // seeds of (right_s - 40) / 100 on reweighted utterances: positive in every replicate, so the interval excludes 0.
        assertTrue(d.difference().excludesZero(), d.toString());
        // Reaching |d_b - 0.2| >= 0.2 needs d_b >= 0.4 (about 4 replicate sds away): at most a replicate or two of 400.
        assertTrue(d.pValue() < 0.01, d.toString());
    }

    @Test
    void shiftPValueByHand() {
        // d_obs = 0.1: distances |d_b - 0.1| are 0 (no), 0.2 (yes), 0.15 (yes); NaN skipped: p = (1 + 2) / (3 + 1).
        assertEquals(0.75, PairedDifference.shiftPValue(new double[] {0.1, 0.3, -0.05, Double.NaN}, 0.1), 1e-15);
        assertEquals(1.0, PairedDifference.shiftPValue(new double[] {0.2, -0.1}, 0.0));
        assertTrue(Double.isNaN(PairedDifference.shiftPValue(new double[] {Double.NaN}, 0.1)));
        assertTrue(Double.isNaN(PairedDifference.shiftPValue(new double[] {0.1}, Double.NaN)));
    }

    @Test
    void summariesOfDifferentSettingsAreNotPaired() {
        HierarchicalBootstrap bootstrap = new HierarchicalBootstrap(100, 1, 0.95);
        double[] rates = {0.0, 0.5, 1.0};
        CurveSummary five = bootstrap.summarize(Curves.random(rates, 5, 1, 30, 1));
        CurveSummary three = bootstrap.summarize(Curves.random(rates, 3, 1, 30, 2));
        assertMessage("Cannot pair 5 training seeds with 3", five, three, Quantity.AUILC);
        CurveSummary fewer = bootstrap.summarize(Curves.random(rates, 5, 1, 29, 3));
        assertMessage("different test sets: 30 versus 29 utterances", five, fewer, Quantity.COMPLETE_INPUT);
        CurveSummary otherBootstrap = new HierarchicalBootstrap(100, 2, 0.95).summarize(Curves.random(rates, 5, 1, 30, 4));
        assertMessage("different bootstraps", five, otherBootstrap, Quantity.AUILC);
        CurveSummary otherRates = bootstrap.summarize(Curves.random(new double[] {0.0, 1.0}, 5, 1, 30, 5));
        assertMessage("AUILCs over different rates", five, otherRates, Quantity.AUILC);
        CurveSummary single = bootstrap.summarize(Curves.random(new double[] {0.0}, 5, 1, 30, 6));
        assertMessage("Cannot compare on AUILC", five, single, Quantity.AUILC);
        CurveSummary noComplete = bootstrap.summarize(Curves.random(new double[] {0.5, 1.0}, 5, 1, 30, 7));
        assertMessage("Cannot compare on complete input", five, noComplete, Quantity.COMPLETE_INPUT);
        byte[][][][] seven = new byte[5][1][3][30];
        CurveSummary sevenTask = bootstrap.summarize(new CurveOutcomes(SentimentTask.SEVEN, rates, seven));
        assertMessage("Cannot pair a BINARY-task curve with a SEVEN-task curve", five, sevenTask, Quantity.AUILC);
        // A broadcast curve pairs with any seed count, and the paired quantities exist.
        assertEquals(5, PairedDifference.between(five, bootstrap.summarize(Curves.random(rates, 1, 1, 30, 8)), ACC2, Quantity.AUILC)
                .difference().n());
    }

    private static void assertMessage(String expected, CurveSummary a, CurveSummary b, Quantity q) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PairedDifference.between(a, b, ACC2, q));
        assertTrue(e.getMessage().contains(expected), "message was: " + e.getMessage());
    }
}
