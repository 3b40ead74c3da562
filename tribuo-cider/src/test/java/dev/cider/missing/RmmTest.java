package dev.cider.missing;

import dev.cider.data.Modality;
import dev.cider.data.MultimodalExample;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RmmTest {

    private static final List<MultimodalExample> DATA = MaskTestData.unaligned(2000, 41L);

    @Test
    void dropsWholeModalitiesWithProbabilityR() {
        Rmm rmm = new Rmm();
        for (double r : new double[]{0.2, 0.5, 0.8}) {
            int droppedPairs = 0;
            int allThree = 0;
            int[] perModality = new int[3];
            for (MultimodalExample ex : DATA) {
                KeepMask mask = rmm.mask(ex, r, 77L);
                int gone = 0;
                for (Modality m : Modality.values()) {
                    int dropped = mask.droppedCount(m);
                    assertTrue(dropped == 0 || mask.isEntirelyDropped(m), ex.getId() + ": partial drop of " + m + " " + mask);
                    if (dropped > 0) {
                        gone++;
                        perModality[m.ordinal()]++;
                    }
                }
                droppedPairs += gone;
                allThree += gone == 3 ? 1 : 0;
            }
            // 6000 pairs: standard error below 0.007.
            assertEquals(r, droppedPairs / (3.0 * DATA.size()), 0.03, "fraction of dropped (example, modality) pairs at rate " + r);
            for (Modality m : Modality.values()) {
                assertEquals(r, perModality[m.ordinal()] / (double) DATA.size(), 0.05, m + " at rate " + r);
            }
            assertEquals(r * r * r, allThree / (double) DATA.size(), 0.03, "modalities are dropped independently at rate " + r);
        }
    }
}
