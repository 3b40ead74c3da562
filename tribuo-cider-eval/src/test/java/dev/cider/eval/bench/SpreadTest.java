package dev.cider.eval.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The spread of timed runs: count, median, extremes and {@code (max - min) / median}, on values worked out by hand.
 */
class SpreadTest {

    @Test
    void oddCountUsesTheMiddleValue() {
        Spread s = Spread.of(new double[] {22.0, 18.0, 20.0});
        assertEquals(3, s.count());
        assertEquals(20.0, s.median());
        assertEquals(18.0, s.min());
        assertEquals(22.0, s.max());
        assertEquals(0.2, s.relative(), 1e-12);
    }

    @Test
    void evenCountUsesTheMeanOfTheMiddleValues() {
        Spread s = Spread.of(new double[] {4.0, 1.0, 3.0, 2.0});
        assertEquals(2.5, s.median());
        assertEquals(3.0 / 2.5, s.relative(), 1e-12);
    }

    @Test
    void oneValueHasNoSpreadAndTheInputIsNotReordered() {
        double[] values = {5.0, 1.0};
        Spread.of(values);
        assertEquals(5.0, values[0]);
        assertEquals(0.0, Spread.of(new double[] {7.0}).relative());
    }

    @Test
    void zeroMedianAndNoValues() {
        assertTrue(Double.isNaN(Spread.of(new double[] {0.0, 0.0, 1.0}).relative()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Spread.of(new double[0]));
        assertTrue(e.getMessage().contains("No values"), e.getMessage());
    }
}
