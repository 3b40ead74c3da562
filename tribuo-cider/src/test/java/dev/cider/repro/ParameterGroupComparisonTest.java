package dev.cider.repro;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Counting differing values bit for bit and the largest absolute difference.
 */
class ParameterGroupComparisonTest {

    @Test
    void identicalValuesDifferNowhere() {
        ParameterGroupComparison c = ParameterGroupComparison.of("w", new float[] {1f, -2f, Float.NaN}, new float[] {1f, -2f, Float.NaN});
        assertTrue(c.identical());
        assertEquals(0, c.differing());
        assertEquals(0.0, c.maxAbsDifference());
    }

    @Test
    void countsDifferingValuesAndTheLargestDifference() {
        ParameterGroupComparison c = ParameterGroupComparison.of("w", new float[] {1f, 2f, 3f, 0f}, new float[] {1f, 2.5f, 2.75f, -0f});
        assertFalse(c.identical());
        assertEquals(3, c.differing(), "0 and -0 differ bit for bit");
        assertEquals(0.5, c.maxAbsDifference());
        ParameterGroupComparison d = ParameterGroupComparison.of("p", new double[] {0.25, 0.75}, new double[] {0.25, 0.5});
        assertEquals(1, d.differing());
        assertEquals(0.25, d.maxAbsDifference());
    }

    @Test
    void aNaNOnOneSideOrAnotherShapeHasNoFiniteDifference() {
        ParameterGroupComparison nan = ParameterGroupComparison.of("w", new float[] {1f, Float.NaN}, new float[] {1f, 2f});
        assertEquals(1, nan.differing());
        assertTrue(Double.isNaN(nan.maxAbsDifference()));
        ParameterGroupComparison shape = ParameterGroupComparison.of("w", new float[] {1f, 2f}, new float[] {1f, 2f, 3f});
        assertTrue(shape.shapesDiffer());
        assertEquals(3, shape.differing());
        ParameterGroupComparison missing = ParameterGroupComparison.of("w", null, new float[] {1f});
        assertEquals(0, missing.originalSize());
        assertFalse(missing.identical());
    }
}
