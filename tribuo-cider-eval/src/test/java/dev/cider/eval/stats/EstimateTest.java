package dev.cider.eval.stats;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EstimateTest {

    @Test
    void meanAndSampleSdOfThreeSeeds() {
        // mean (0.6 + 0.7 + 0.8) / 3 = 0.7; squared deviations 0.01 + 0 + 0.01 over n - 1 = 2 -> 0.01 -> sd 0.1.
        Estimate e = Estimate.of(new double[] {0.6, 0.7, 0.8}, 0.55, 0.85, 0);
        assertEquals(0.7, e.mean(), 1e-12);
        assertEquals(0.1, e.sd(), 1e-12);
        assertEquals(3, e.n());
        assertEquals(0.3, e.width(), 1e-12);
    }

    @Test
    void oneSeedHasNoSd() {
        Estimate e = Estimate.of(new double[] {0.4}, 0.3, 0.5, 0);
        assertEquals(0.4, e.mean());
        assertTrue(Double.isNaN(e.sd()));
    }

    @Test
    void excludesZeroOnlyWhenTheIntervalIsOnOneSide() {
        assertTrue(Estimate.of(new double[] {0.1}, 0.01, 0.2, 0).excludesZero());
        assertTrue(Estimate.of(new double[] {-0.1}, -0.2, -0.01, 0).excludesZero());
        assertFalse(Estimate.of(new double[] {0.1}, -0.01, 0.2, 0).excludesZero());
        assertFalse(Estimate.of(new double[] {0.0}, 0.0, 0.0, 0).excludesZero());
        assertFalse(Estimate.of(new double[] {0.1}, Double.NaN, Double.NaN, 10).excludesZero());
        assertTrue(Estimate.of(new double[] {0.1}, 0.0, 0.2, 0).contains(0.0));
    }

    @Test
    void perSeedIsCopiedAndCompared() {
        double[] values = {0.5, 0.6};
        Estimate e = Estimate.of(values, 0.4, 0.7, 0);
        values[0] = 9;
        e.perSeed()[1] = 9;
        assertArrayEquals(new double[] {0.5, 0.6}, e.perSeed());
        assertEquals(Estimate.of(new double[] {0.5, 0.6}, 0.4, 0.7, 0), e);
        assertEquals(Estimate.of(new double[] {0.5, 0.6}, 0.4, 0.7, 0).hashCode(), e.hashCode());
        assertNotEquals(Estimate.of(new double[] {0.5, 0.61}, 0.4, 0.7, 0), e);
    }

    @Test
    void invalidEstimatesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Estimate.of(new double[0], 0, 1, 0));
        IllegalArgumentException reversed = assertThrows(IllegalArgumentException.class, () -> Estimate.of(new double[] {0.5}, 0.6, 0.4, 0));
        assertTrue(reversed.getMessage().contains("lower end 0.6 exceeds its upper end 0.4"), reversed.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Estimate.of(new double[] {0.5}, 0.4, 0.6, -1));
    }
}
