package dev.cider.metrics;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfusionMatrixTest {

    private static final double EPS = 1e-12;

    /*
     * Unequal supports, three classes a, b, c (rows truth, columns predicted):
     *        a  b  c
     *   a    5  1  0     support 6
     *   b    2  1  0     support 3
     *   c    0  0  1     support 1
     * a: P = 5/7, R = 5/6, F1 = 2*(5/7)(5/6)/((5/7)+(5/6)) = (50/42)/(65/42) = 10/13
     * b: P = 1/2, R = 1/3, F1 = 2*(1/6)/(5/6) = 2/5
     * c: P = 1,   R = 1,   F1 = 1
     * weighted F1 = (6 * 10/13 + 3 * 2/5 + 1 * 1) / 10 = (60/13 + 6/5 + 1) / 10 = (300 + 78 + 65) / 650 = 443/650
     * (the unweighted macro F1 would be (10/13 + 2/5 + 1)/3 = 141/195, a different number).
     * accuracy = 7/10.
     */
    @Test
    void weightedF1WeighsClassesBySupport() {
        ConfusionMatrix m = new ConfusionMatrix(List.of("a", "b", "c"), List.of("a", "b", "c"),
                new long[][]{{5, 1, 0}, {2, 1, 0}, {0, 0, 1}});
        assertEquals(10.0 / 13.0, m.f1("a"), EPS);
        assertEquals(0.4, m.f1("b"), EPS);
        assertEquals(1.0, m.f1("c"), EPS);
        assertEquals(443.0 / 650.0, m.weightedF1(), EPS);
        assertEquals(0.7, m.accuracy(), EPS);
        assertEquals(10, m.total());
        assertEquals(7, m.correct());
    }

    @Test
    void neverPredictedClassHasZeroPrecisionAndF1() {
        // Truth a a b b, all predicted a: a P = 1/2, R = 1, F1 = 2/3; b never predicted, F1 = 0.
        // weighted = (2 * 2/3 + 2 * 0) / 4 = 1/3.
        ConfusionMatrix m = new ConfusionMatrix(List.of("a", "b"), List.of("a", "b"), new long[][]{{2, 0}, {2, 0}});
        assertEquals(0.0, m.precision("b"), EPS);
        assertEquals(0.0, m.f1("b"), EPS);
        assertEquals(1.0 / 3.0, m.weightedF1(), EPS);
    }

    @Test
    void emptyMatrixHasNaNScores() {
        ConfusionMatrix m = new ConfusionMatrix(List.of("a"), List.of("a"), new long[][]{{0}});
        assertTrue(Double.isNaN(m.accuracy()));
        assertTrue(Double.isNaN(m.weightedF1()));
    }

    @Test
    void badShapesAndLabelsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new ConfusionMatrix(List.of("a", "a"), List.of("a"), new long[][]{{1}, {1}}));
        assertThrows(IllegalArgumentException.class, () -> new ConfusionMatrix(List.of("a"), List.of("a", "b"), new long[][]{{1}}));
        assertThrows(IllegalArgumentException.class, () -> new ConfusionMatrix(List.of("a"), List.of("a"), new long[][]{{-1}}));
        ConfusionMatrix m = new ConfusionMatrix(List.of("a"), List.of("a"), new long[][]{{3}});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.count("a", "z"));
        assertTrue(e.getMessage().contains("'z'"), e.getMessage());
        assertTrue(m.toTable().contains("3"));
    }
}
