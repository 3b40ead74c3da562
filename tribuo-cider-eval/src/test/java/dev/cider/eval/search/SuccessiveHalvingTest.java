package dev.cider.eval.search;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The promotion arithmetic of successive halving. */
class SuccessiveHalvingTest {

    @Test
    void rungsMultiplyEpochsByEtaAndKeepOneInEta() {
        assertEquals(List.of(new SuccessiveHalving.Rung(0, 1, 9), new SuccessiveHalving.Rung(1, 3, 3), new SuccessiveHalving.Rung(2, 9, 1)),
                SuccessiveHalving.rungs(9, 3, 1, 9));
        // the last rung is capped at maxEpochs
        assertEquals(List.of(new SuccessiveHalving.Rung(0, 2, 10), new SuccessiveHalving.Rung(1, 6, 3), new SuccessiveHalving.Rung(2, 10, 1)),
                SuccessiveHalving.rungs(10, 3, 2, 10));
        assertEquals(List.of(new SuccessiveHalving.Rung(0, 1, 4), new SuccessiveHalving.Rung(1, 2, 2)), SuccessiveHalving.rungs(4, 2, 1, 2));
        // minEpochs == maxEpochs is a single round, as random search
        assertEquals(List.of(new SuccessiveHalving.Rung(0, 5, 7)), SuccessiveHalving.rungs(7, 3, 5, 5));
        // never fewer than one survivor
        assertEquals(1, SuccessiveHalving.survivors(2, 3));
        assertEquals(2, SuccessiveHalving.survivors(8, 3));
        assertThrows(IllegalArgumentException.class, () -> SuccessiveHalving.rungs(4, 1, 1, 4));
        assertThrows(IllegalArgumentException.class, () -> SuccessiveHalving.rungs(4, 2, 5, 4));
    }

    @Test
    void theBestGoOnWithTiesByNameAndUnscoredLast() {
        Map<String, Double> scores = new LinkedHashMap<>();
        scores.put("c01", 0.60);
        scores.put("c02", Double.NaN);
        scores.put("c03", 0.70);
        scores.put("c04", 0.60);
        scores.put("c05", 0.55);
        assertEquals(List.of("c03", "c01"), SuccessiveHalving.best(scores, 2));
        assertEquals(List.of("c03", "c01", "c04", "c05", "c02"), SuccessiveHalving.best(scores, 9));
    }
}
