package dev.cider.metrics;

import dev.cider.data.SentimentTask;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuilcTest {

    private static final double EPS = 1e-12;

    private static double[] elevenRates() {
        double[] r = new double[11];
        for (int i = 0; i <= 10; i++) {
            r[i] = i / 10.0;
        }
        return r;
    }

    @Test
    void constantCurveOverZeroToOneIsTheConstant() {
        double[] v = new double[11];
        java.util.Arrays.fill(v, 0.7);
        assertEquals(0.7, Auilc.compute(elevenRates(), v), EPS);
    }

    @Test
    void linearCurveIsIntegratedExactly() {
        // v(p) = 0.8 - 0.5 p; the integral over [0, 1] is 0.8 - 0.25 = 0.55.
        double[] rates = elevenRates();
        double[] v = new double[rates.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = 0.8 - 0.5 * rates[i];
        }
        assertEquals(0.55, Auilc.compute(rates, v), EPS);
    }

    @Test
    void unequalSpacingUsesEachIntervalWidth() {
        // (0.8 + 0.6)/2 * 0.1 + (0.6 + 0.5)/2 * 0.4 + (0.5 + 0.2)/2 * 0.5 = 0.07 + 0.22 + 0.175 = 0.465
        assertEquals(0.465, Auilc.compute(new double[]{0.0, 0.1, 0.5, 1.0}, new double[]{0.8, 0.6, 0.5, 0.2}), EPS);
        // A range that does not start at 0: (1 + 0)/2 * 0.4 = 0.2.
        assertEquals(0.2, Auilc.compute(new double[]{0.2, 0.6}, new double[]{1.0, 0.0}), EPS);
    }

    @Test
    void invalidCurvesAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Auilc.compute(new double[]{0.0, 0.5, 0.4}, new double[]{1, 1, 1}));
        assertTrue(e.getMessage().contains("strictly increasing") && e.getMessage().contains("rate 2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Auilc.compute(new double[]{0.0, 0.5, 0.5}, new double[]{1, 1, 1}));
        e = assertThrows(IllegalArgumentException.class, () -> Auilc.compute(new double[]{0.0, 1.0}, new double[]{1}));
        assertTrue(e.getMessage().contains("2 rates") && e.getMessage().contains("1 values"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Auilc.compute(new double[]{0.0}, new double[]{1}));
        assertTrue(e.getMessage().contains("at least 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Auilc.compute(new double[]{0.0, 1.0}, new double[]{1, Double.NaN}));
        assertTrue(e.getMessage().contains("Value 1"), e.getMessage());
    }

    @Test
    void integratesAMetricOverASweepOfEvaluations() {
        // Rate 0: both 3-way predictions right (Acc3 = 1); rate 1: one right (Acc3 = 1/2). Area = (1 + 1/2)/2 = 0.75.
        double[] y = {-1.0, 1.0};
        SentimentMetrics complete = SentimentMetrics.evaluate(new ScoredPredictions(SentimentTask.BINARY,
                new double[][]{{0.9, 0.05, 0.05}, {0.1, 0.1, 0.8}}, y));
        SentimentMetrics missing = SentimentMetrics.evaluate(new ScoredPredictions(SentimentTask.BINARY,
                new double[][]{{0.9, 0.05, 0.05}, {0.1, 0.8, 0.1}}, y));
        assertEquals(0.75, Auilc.compute(new double[]{0.0, 1.0}, List.of(complete, missing), SentimentMetric.ACC3), EPS);
        assertThrows(IllegalArgumentException.class,
                () -> Auilc.compute(new double[]{0.0, 1.0}, List.of(complete, missing), SentimentMetric.ACC7));
    }
}
