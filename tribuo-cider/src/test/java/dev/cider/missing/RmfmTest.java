package dev.cider.missing;

import dev.cider.data.Modality;
import dev.cider.data.MultimodalExample;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RmfmTest {

    private static final List<MultimodalExample> DATA = MaskTestData.unaligned(500, 21L);

    @Test
    void dropsEachPositionWithProbabilityR() {
        Rmfm rmfm = new Rmfm();
        for (double r : new double[]{0.1, 0.3, 0.5, 0.7, 0.9}) {
            long dropped = 0;
            long droppable = 0;
            long[] perModalityDropped = new long[3];
            long[] perModalityDroppable = new long[3];
            for (MultimodalExample ex : DATA) {
                KeepMask mask = rmfm.mask(ex, r, 2024L);
                dropped += mask.totalDropped();
                droppable += mask.totalDroppable();
                for (Modality m : Modality.values()) {
                    perModalityDropped[m.ordinal()] += mask.droppedCount(m);
                    perModalityDroppable[m.ordinal()] += mask.droppableCount(m);
                }
            }
            // ~40k positions: the standard error is below 0.003.
            assertEquals(r, dropped / (double) droppable, 0.015, "overall fraction at rate " + r);
            for (Modality m : Modality.values()) {
                assertEquals(r, perModalityDropped[m.ordinal()] / (double) perModalityDroppable[m.ordinal()], 0.03, m + " fraction at rate " + r);
            }
        }
    }

    @Test
    void modalitiesLoseDifferentAmountsByChance() {
        Rmfm rmfm = new Rmfm();
        int inexact = 0;
        for (MultimodalExample ex : DATA) {
            KeepMask mask = rmfm.mask(ex, 0.5, 3L);
            int n = mask.droppableCount(Modality.TEXT);
            if (mask.droppedCount(Modality.TEXT) != TraditionalRmfm.droppedCount(0.5, n)) {
                inexact++;
            }
        }
        assertTrue(inexact > DATA.size() / 3, "RMFM counts are binomial, not exact: only " + inexact + " differ from round(r*n)");

        int textGoneAudioLeft = 0;
        for (MultimodalExample ex : DATA) {
            KeepMask mask = rmfm.mask(ex, 0.9, 3L);
            if (mask.isEntirelyDropped(Modality.TEXT) && !mask.isEntirelyDropped(Modality.AUDIO)) {
                textGoneAudioLeft++;
            }
        }
        assertTrue(textGoneAudioLeft > 0, "at a high rate a short text vanishes by chance while longer audio survives");
    }
}
