package dev.cider.eval.stats;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MultipleComparisonsTest {

    private static final double EPS = 1e-12;

    @Test
    void holmByHand() {
        // Sorted: 0.005 (#3) * 4 = 0.02; 0.01 (#0) * 3 = 0.03; 0.03 (#2) * 2 = 0.06; 0.04 (#1) * 1 = 0.04, raised to 0.06.
        double[] p = {0.01, 0.04, 0.03, 0.005};
        assertArrayEquals(new double[] {0.03, 0.06, 0.06, 0.02}, MultipleComparisons.holm(p), EPS);
        assertArrayEquals(MultipleComparisons.holm(p), MultipleComparisons.adjust(p));
        assertArrayEquals(new double[] {0.01, 0.04, 0.03, 0.005}, p, 0.0, "input untouched");
    }

    @Test
    void bonferroniByHand() {
        double[] p = {0.01, 0.04, 0.03, 0.005, 0.3};
        // m = 5: 0.05, 0.2, 0.15, 0.025, 1.5 -> capped at 1.
        assertArrayEquals(new double[] {0.05, 0.2, 0.15, 0.025, 1.0}, MultipleComparisons.bonferroni(p), EPS);
    }

    @Test
    void holmCapsAtOneAndKeepsTheOrderOfTheRawValues() {
        // Sorted: 0.2 (#2) * 3 = 0.6; 0.4 (#0) * 2 = 0.8; 0.5 (#1) * 1 = 0.5 -> 0.8; ties stay tied.
        assertArrayEquals(new double[] {0.8, 0.8, 0.6}, MultipleComparisons.holm(new double[] {0.4, 0.5, 0.2}), EPS);
        assertArrayEquals(new double[] {1.0, 1.0}, MultipleComparisons.holm(new double[] {0.7, 0.6}), EPS);
        assertArrayEquals(new double[] {0.04, 0.04}, MultipleComparisons.holm(new double[] {0.02, 0.02}), EPS);
        assertArrayEquals(new double[] {0.3}, MultipleComparisons.holm(new double[] {0.3}), EPS);
        assertEquals(0, MultipleComparisons.holm(new double[0]).length);
    }

    @Test
    void holmNeverExceedsBonferroni() {
        double[] p = {0.001, 0.2, 0.013, 0.04, 0.04, 0.5, 0.0};
        double[] holm = MultipleComparisons.holm(p);
        double[] bonferroni = MultipleComparisons.bonferroni(p);
        for (int i = 0; i < p.length; i++) {
            assertTrue(holm[i] >= p[i] && holm[i] <= bonferroni[i], "index " + i);
        }
    }

    @Test
    void invalidPValuesAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MultipleComparisons.holm(new double[] {0.1, Double.NaN}));
        assertTrue(e.getMessage().contains("p-value 1 is NaN"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MultipleComparisons.bonferroni(new double[] {1.2}));
    }
}
