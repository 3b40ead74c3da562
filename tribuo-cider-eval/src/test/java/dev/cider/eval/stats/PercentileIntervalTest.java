package dev.cider.eval.stats;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PercentileIntervalTest {

    @Test
    void interpolatesBetweenOrderStatistics() {
        // Definition 7: h = (n - 1) q. {1, 2, 3, 4}: q 0.5 -> h 1.5 -> 2.5; q 0.1 -> h 0.3 -> 1.3; q 1 -> 4.
        double[] sorted = {1, 2, 3, 4};
        assertEquals(2.5, PercentileInterval.quantile(sorted, 0.5), 1e-15);
        assertEquals(1.3, PercentileInterval.quantile(sorted, 0.1), 1e-15);
        assertEquals(4.0, PercentileInterval.quantile(sorted, 1.0));
        assertEquals(1.0, PercentileInterval.quantile(sorted, 0.0));
        assertEquals(7.0, PercentileInterval.quantile(new double[] {7}, 0.3));
    }

    @Test
    void intervalOfUnsortedReplicatesSkipsNaN() {
        // 0..100 shuffled plus two NaN: 101 values, h = 100 q, so the 90% interval is [5, 95].
        double[] values = new double[103];
        for (int i = 0; i <= 100; i++) {
            values[i] = (i * 37) % 101;
        }
        values[101] = Double.NaN;
        values[102] = Double.NaN;
        PercentileInterval interval = PercentileInterval.of(values, 0.9);
        assertEquals(5.0, interval.lower(), 1e-12);
        assertEquals(95.0, interval.upper(), 1e-12);
        assertEquals(101, interval.used());
        assertEquals(2, interval.skipped());
        PercentileInterval none = PercentileInterval.of(new double[] {Double.NaN}, 0.9);
        assertTrue(Double.isNaN(none.lower()) && Double.isNaN(none.upper()));
        assertEquals(1, none.skipped());
    }

    @Test
    void invalidArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> PercentileInterval.of(new double[] {1}, 1.0));
        assertThrows(IllegalArgumentException.class, () -> PercentileInterval.quantile(new double[0], 0.5));
        assertThrows(IllegalArgumentException.class, () -> PercentileInterval.quantile(new double[] {1}, 1.5));
    }
}
