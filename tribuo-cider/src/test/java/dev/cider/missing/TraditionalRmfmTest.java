package dev.cider.missing;

import com.oracle.labs.mlrg.olcut.config.PropertyException;
import dev.cider.data.Modality;
import dev.cider.data.MultimodalExample;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TraditionalRmfmTest {

    private static final List<MultimodalExample> DATA = MaskTestData.unaligned(500, 31L);

    @Test
    void dropsExactlyRoundRTimesNPerModality() {
        TraditionalRmfm pattern = new TraditionalRmfm();
        for (double r : new double[]{0.1, 0.25, 0.5, 0.75, 0.9}) {
            for (MultimodalExample ex : DATA) {
                KeepMask mask = pattern.mask(ex, r, 4L);
                for (Modality m : Modality.values()) {
                    int n = mask.droppableCount(m);
                    assertEquals(Math.round(r * n), mask.droppedCount(m), ex.getId() + " " + m + " at rate " + r + " of " + n);
                }
            }
        }
        assertEquals(4, TraditionalRmfm.droppedCount(0.5, 7), "half rounds up");
        assertEquals(2, TraditionalRmfm.droppedCount(0.1, 20));
    }

    @Test
    void droppedPositionsAreSpreadUniformly() {
        TraditionalRmfm pattern = new TraditionalRmfm();
        int[] counts = new int[20]; // every example has at least 20 valid audio frames
        for (MultimodalExample ex : DATA) {
            KeepMask mask = pattern.mask(ex, 0.5, 4L);
            for (int t = 0; t < counts.length; t++) {
                counts[t] += mask.isKept(Modality.AUDIO, t) ? 0 : 1;
            }
        }
        for (int t = 0; t < counts.length; t++) {
            assertEquals(0.5, counts[t] / (double) DATA.size(), 0.1, "audio frame " + t + " drop frequency");
        }
    }

    @Test
    void fixedRatesOverrideTheSweepRate() {
        TraditionalRmfm pattern = new TraditionalRmfm(TraditionalRmfm.FOLLOW, 0.3, 1.0);
        assertEquals("Traditional-RMFM:A=0.3,V=1.0", pattern.name());
        for (double r : new double[]{0.0, 0.6}) {
            for (MultimodalExample ex : DATA.subList(0, 100)) {
                KeepMask mask = pattern.mask(ex, r, 4L);
                assertEquals(Math.round(r * mask.droppableCount(Modality.TEXT)), mask.droppedCount(Modality.TEXT));
                assertEquals(Math.round(0.3 * mask.droppableCount(Modality.AUDIO)), mask.droppedCount(Modality.AUDIO));
                assertTrue(mask.isEntirelyDropped(Modality.VISION));
            }
        }
        TraditionalRmfm parsed = (TraditionalRmfm) MissingPatterns.parse(pattern.name());
        assertEquals(0.3, parsed.fixedRate(Modality.AUDIO));
        assertTrue(parsed.fixedRate(Modality.TEXT) < 0);
    }

    @Test
    void invalidRatesAreRefused() {
        assertThrows(PropertyException.class, () -> new TraditionalRmfm(1.5, TraditionalRmfm.FOLLOW, TraditionalRmfm.FOLLOW));
        assertThrows(PropertyException.class, () -> new TraditionalRmfm(TraditionalRmfm.FOLLOW, Double.NaN, TraditionalRmfm.FOLLOW));
    }
}
