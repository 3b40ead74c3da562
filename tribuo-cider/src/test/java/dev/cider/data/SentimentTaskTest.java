package dev.cider.data;

import org.junit.jupiter.api.Test;
import org.tribuo.classification.Label;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SentimentTaskTest {

    @Test
    void binaryTaskHasANeutralClass() {
        assertEquals(0, SentimentTask.BINARY.classIndex(-0.2));
        assertEquals(1, SentimentTask.BINARY.classIndex(0.0));
        assertEquals(2, SentimentTask.BINARY.classIndex(0.2));
        assertEquals(new Label("neutral"), SentimentTask.BINARY.label(0.0));
    }

    @Test
    void sevenTaskRoundsHalfToEven() {
        assertEquals(3, SentimentTask.SEVEN.classIndex(0.5));   // rint(0.5) = 0
        assertEquals(5, SentimentTask.SEVEN.classIndex(1.5));   // rint(1.5) = 2
        assertEquals(5, SentimentTask.SEVEN.classIndex(2.5));   // rint(2.5) = 2
        assertEquals(0, SentimentTask.SEVEN.classIndex(-3.0));
        assertEquals(6, SentimentTask.SEVEN.classIndex(3.0));
        assertEquals(2, SentimentTask.SEVEN.classIndex(-0.6));
        assertEquals("-1", SentimentTask.SEVEN.labelOf(2).getLabel());
    }

    @Test
    void badScoresAndLabelsAreRefusedClearly() {
        assertThrows(IllegalArgumentException.class, () -> SentimentTask.BINARY.classIndex(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> SentimentTask.SEVEN.classIndex(3.01));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SentimentTask.BINARY.indexOf(new Label("happy")));
        assertTrue(e.getMessage().contains("happy") && e.getMessage().contains("neutral"), e.getMessage());
        assertEquals(SentimentTask.SEVEN, SentimentTask.parse("7"));
        assertThrows(IllegalArgumentException.class, () -> SentimentTask.parse("five"));
    }
}
