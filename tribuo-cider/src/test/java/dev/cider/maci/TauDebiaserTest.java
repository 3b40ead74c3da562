package dev.cider.maci;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The choice of tau on validation predictions.
 */
class TauDebiaserTest {

    private static final TauDebiaser.Metric ACCURACY = TauDebiaser.Metric.ofPredictions((pred, truth) -> {
        int correct = 0;
        for (int i = 0; i < pred.length; i++) {
            if (pred[i] == truth[i]) {
                correct++;
            }
        }
        return correct / (double) pred.length;
    });

    @Test
    void defaultGridIsZeroToThreeInTenths() {
        double[] grid = TauDebiaser.defaultGrid();
        assertEquals(31, grid.length);
        assertEquals(0.0, grid[0]);
        assertEquals(0.1, grid[1]);
        assertEquals(0.8, grid[8]);
        assertEquals(3.0, grid[30]);
        assertArrayEquals(grid, new TauDebiaser().grid());
    }

    @Test
    void debiasSubtractsTauTimesTheCounterfactual() {
        double[][] out = TauDebiaser.debias(new double[][] {{-1, -2}}, new double[][] {{-0.5, -4}}, 0.5);
        assertArrayEquals(new double[] {-0.75, 0.0}, out[0], 1e-15);
        assertArrayEquals(new int[] {1, 0, 0}, TauDebiaser.argmax(new double[][] {{0, 1}, {2, 1}, {3, 3}}));
    }

    /**
     * Three validation examples where the text alone pushes towards class 0.
     * <ul>
     *     <li>A (truth 2): final = [-0.5+0.2t, -3+3t, -1+2.2t]; class 2 wins for 0.25 &lt; t &lt; 2.5.</li>
     *     <li>B (truth 0): final = [-0.4+t, -2.9+3t, -1.2+t]; class 0 wins for t &lt; 1.25.</li>
     *     <li>C (truth 2): final = [-0.5+0.2t, -3+3t, -1.25+1.2t]; class 2 wins for 0.75 &lt; t &lt; 0.97.</li>
     * </ul>
     * So accuracy is 1/3 at t = 0, 2/3 for t in 0.3..0.7, 1 at t = 0.8 and 0.9, 2/3 for 1.0..1.2, and at most 1/3
     * above; the smaller of the two best taus is 0.8.
     */
    @Test
    void picksTheSmallestTauWithTheBestValidationMetric() {
        double[][] logP = {{-0.5, -3, -1.0}, {-0.4, -2.9, -1.2}, {-0.5, -3, -1.25}};
        double[][] logPcf = {{-0.2, -3, -2.2}, {-1.0, -3, -1.0}, {-0.2, -3, -1.2}};
        int[] truth = {2, 0, 2};
        TauDebiaser.Selection s = new TauDebiaser().select(logP, logPcf, truth, ACCURACY);
        assertEquals(0.8, s.tau());
        assertEquals(1.0, s.score());
        double[] scores = s.scores();
        assertEquals(31, scores.length);
        assertEquals(1 / 3.0, scores[0], 1e-12);
        assertEquals(2 / 3.0, scores[5], 1e-12);
        assertEquals(1.0, scores[9], 1e-12);
        assertEquals(2 / 3.0, scores[12], 1e-12);
        for (int i = 13; i < 31; i++) {
            assertTrue(scores[i] <= 1 / 3.0 + 1e-12, "tau " + s.grid()[i] + " scores " + scores[i]);
        }
    }

    @Test
    void returnsZeroWhenDebiasingCannotHelp() {
        // Predictions at tau = 0: class 0 (right), class 1 (right), class 1 (wrong, the truth is 2).
        double[][] logP = {{-0.2, -2.0, -3.0}, {-2.5, -0.4, -1.5}, {-1.0, -0.8, -1.9}};
        int[] truth = {0, 1, 2};
        // A counterfactual that is the same for every class shifts all scores of a row equally: nothing changes,
        // every tau ties, and the tie goes to tau = 0.
        double[][] flat = {{-1.1, -1.1, -1.1}, {-0.3, -0.3, -0.3}, {-2.0, -2.0, -2.0}};
        TauDebiaser.Selection s = new TauDebiaser().select(logP, flat, truth, ACCURACY);
        assertEquals(0.0, s.tau());
        for (double v : s.scores()) {
            assertEquals(2 / 3.0, v, 1e-12);
        }
        // A counterfactual that backs each row's true class only lowers it as tau grows:
        // row 1 turns wrong above tau = 0.62, row 2 above 0.38, row 3 never turns right.
        double[][] agreeing = {{-0.1, -3.0, -3.0}, {-3.0, -0.1, -3.0}, {-3.0, -3.0, -0.1}};
        s = new TauDebiaser().select(logP, agreeing, truth, ACCURACY);
        assertEquals(0.0, s.tau());
        assertEquals(2 / 3.0, s.score(), 1e-12);
        assertEquals(1 / 3.0, s.scores()[5], 1e-12);
        assertEquals(0.0, s.scores()[30], 1e-12);
    }

    @Test
    void metricSeesTheDebiasedScoresAndTruth() {
        // A metric of the scores themselves: the mean margin of the true class over class 0.
        TauDebiaser.Metric margin = (scores, truth) -> {
            double m = 0;
            for (int n = 0; n < scores.length; n++) {
                m += scores[n][truth[n]] - scores[n][0];
            }
            return m / scores.length;
        };
        // margin(t) = (-1 - (-0.5)) - t * ((-2) - (-0.2)) = -0.5 + 1.8 t: grows with t, so the largest tau wins.
        TauDebiaser.Selection s = new TauDebiaser(new double[] {0.0, 0.5, 1.0}).select(
                new double[][] {{-0.5, -1.0}}, new double[][] {{-0.2, -2.0}}, new int[] {1}, margin);
        assertEquals(1.0, s.tau());
        assertEquals(1.3, s.score(), 1e-12);
    }

    @Test
    void invalidInputsAreRejected() {
        TauDebiaser d = new TauDebiaser();
        double[][] two = {{0, 1}, {1, 0}};
        assertThrows(IllegalArgumentException.class, () -> d.select(two, new double[][] {{0, 1}}, new int[] {0, 1}, ACCURACY));
        assertThrows(IllegalArgumentException.class, () -> d.select(two, two, new int[] {0}, ACCURACY));
        assertThrows(IllegalArgumentException.class, () -> d.select(two, two, new int[] {0, 2}, ACCURACY));
        assertThrows(IllegalArgumentException.class, () -> d.select(two, two, new int[] {0, 1}, (s, t) -> Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new TauDebiaser(new double[] {0.5, 0.5}));
        assertThrows(IllegalArgumentException.class, () -> new TauDebiaser(new double[] {-0.1}));
        assertThrows(IllegalArgumentException.class, () -> new TauDebiaser(new double[0]));
    }
}
