package dev.cider.train;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EarlyStoppingTest {

    @Test
    void stopsAfterPatienceEpochsWithoutStrictImprovement() {
        EarlyStopping es = new EarlyStopping(2);
        assertTrue(es.record(0, 0.5));
        assertTrue(es.record(1, 0.6));
        assertFalse(es.record(2, 0.6)); // equal is not an improvement
        assertFalse(es.shouldStop());
        assertFalse(es.record(3, Double.NaN));
        assertTrue(es.shouldStop());
        assertEquals(1, es.bestEpoch());
        assertEquals(0.6, es.best());
    }

    @Test
    void restoredStateBehavesLikeTheOriginal() {
        EarlyStopping es = EarlyStopping.restore(3, 0.7, 4, 2);
        assertFalse(es.record(7, 0.69));
        assertTrue(es.shouldStop());
        assertThrows(IllegalArgumentException.class, () -> new EarlyStopping(0));
    }
}
