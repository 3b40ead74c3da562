package dev.cider.eval.stats;

import dev.cider.data.SentimentTask;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CurveOutcomesTest {

    private static final double[] RATES = {0.0, 0.5, 1.0};

    private static byte[][][][] shape(int seeds, int masks, int points, int n) {
        return new byte[seeds][masks][points][n];
    }

    private static void assertMessage(String expected, byte[][][][] codes, double[] rates) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CurveOutcomes(SentimentTask.BINARY, rates, codes));
        assertTrue(e.getMessage().contains(expected), "message was: " + e.getMessage());
    }

    @Test
    void reportsItsShape() {
        CurveOutcomes c = new CurveOutcomes(SentimentTask.BINARY, RATES, shape(5, 2, 3, 7));
        assertEquals(5, c.seedCount());
        assertEquals(2, c.maskSeedCount());
        assertEquals(3, c.pointCount());
        assertEquals(7, c.utteranceCount());
        assertTrue(c.isRateSweep());
        assertTrue(c.hasAuilc());
        assertEquals(0, c.completeInputPoint());
    }

    @Test
    void subsetCurvesHaveNoAuilcNorCompleteInput() {
        double nan = Double.NaN;
        CurveOutcomes c = new CurveOutcomes(SentimentTask.BINARY, new double[] {nan, nan}, shape(1, 1, 2, 3));
        assertFalse(c.isRateSweep());
        assertFalse(c.hasAuilc());
        assertEquals(-1, c.completeInputPoint());
        CurveOutcomes single = new CurveOutcomes(SentimentTask.BINARY, new double[] {0.3}, shape(1, 1, 1, 3));
        assertFalse(single.hasAuilc());
        assertEquals(-1, single.completeInputPoint());
    }

    @Test
    void copiesOnTheWayInAndOut() {
        byte[][][][] codes = shape(1, 1, 3, 2);
        double[] rates = RATES.clone();
        CurveOutcomes c = new CurveOutcomes(SentimentTask.BINARY, rates, codes);
        codes[0][0][1][0] = 17;
        rates[1] = 0.7;
        assertArrayEquals(new byte[] {0, 0}, c.codes(0, 0, 1));
        assertEquals(0.5, c.rates()[1]);
        c.codes(0, 0, 1)[0] = 5;
        c.rates()[1] = 0.9;
        assertArrayEquals(new byte[] {0, 0}, c.codes(0, 0, 1));
        assertEquals(0.5, c.rates()[1]);
    }

    @Test
    void shapeErrorsNameTheProblem() {
        assertMessage("at least one training seed", new byte[0][][][], RATES);
        assertMessage("Training seed 1 has no mask seeds", new byte[][][][] {shape(1, 1, 3, 2)[0], new byte[0][][]}, RATES);
        byte[][][][] masks = {shape(1, 2, 3, 2)[0], shape(1, 1, 3, 2)[0]};
        assertMessage("Training seed 1 has 1 mask seeds, training seed 0 has 2", masks, RATES);
        byte[][][][] points = shape(2, 1, 3, 2);
        points[1][0] = new byte[2][2];
        assertMessage("Training seed 1, mask seed 0 has 2 points, the curve has 3 rates", points, RATES);
        byte[][][][] lengths = shape(2, 1, 3, 4);
        lengths[1][0][2] = new byte[5];
        assertMessage("Training seed 1, mask seed 0, point 2 has 5 utterance codes, the first point has 4", lengths, RATES);
        byte[][][][] empty = shape(1, 1, 3, 0);
        assertMessage("point 0 has no utterance codes", empty, RATES);
        byte[][][][] bad = shape(1, 1, 3, 4);
        bad[0][0][1][3] = 18;
        assertMessage("point 1, utterance 3 has code 18, outside [0, 18) of the BINARY task", bad, RATES);
        bad[0][0][1][3] = -1;
        assertMessage("utterance 3 has code -1", bad, RATES);
    }

    @Test
    void sevenTaskAllowsItsLargerCodes() {
        byte[][][][] codes = shape(1, 1, 1, 2);
        codes[0][0][0][1] = 48;
        assertEquals(2, new CurveOutcomes(SentimentTask.SEVEN, new double[] {0.0}, codes).utteranceCount());
    }

    @Test
    void rateErrorsNameTheProblem() {
        assertMessage("at least one point", shape(1, 1, 0, 2), new double[0]);
        assertMessage("all NaN (modality subsets) or all missing rates", shape(1, 1, 2, 2), new double[] {0.0, Double.NaN});
        assertMessage("strictly increasing values in [0, 1], but rate 1 is 0.5", shape(1, 1, 3, 2), new double[] {0.5, 0.5, 1.0});
        assertMessage("but rate 0 is -0.1", shape(1, 1, 1, 2), new double[] {-0.1});
        assertMessage("but rate 0 is Infinity", shape(1, 1, 1, 2), new double[] {Double.POSITIVE_INFINITY});
    }
}
