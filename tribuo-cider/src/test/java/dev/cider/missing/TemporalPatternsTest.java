package dev.cider.missing;

import dev.cider.data.DataLayout;
import dev.cider.data.Modality;
import dev.cider.data.MultimodalExample;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TMFM and STMFM: the masks shared by the three modalities of word-aligned data.
 */
class TemporalPatternsTest {

    private static final List<MultimodalExample> DATA = MaskTestData.aligned(600, 51L);

    @Test
    void tmfmSharesOneMaskAcrossModalities() {
        Tmfm tmfm = new Tmfm();
        for (double r : new double[]{0.2, 0.6}) {
            long dropped = 0;
            long droppable = 0;
            for (MultimodalExample ex : DATA) {
                KeepMask mask = tmfm.mask(ex, r, 9L);
                dropped += mask.droppedCount(Modality.TEXT);
                droppable += mask.droppableCount(Modality.TEXT);
                boolean[] text = MaskTestData.dropped(mask, Modality.TEXT);
                int avLength = ex.length(Modality.AUDIO);
                for (Modality m : new Modality[]{Modality.AUDIO, Modality.VISION}) {
                    boolean[] other = MaskTestData.dropped(mask, m);
                    for (int t = 0; t < other.length; t++) {
                        assertEquals(t < avLength && text[t], other[t], ex.getId() + " " + m + " step " + t + " follows the text step");
                    }
                }
            }
            assertEquals(r, dropped / (double) droppable, 0.02, "TMFM fraction at rate " + r);
        }
    }

    @Test
    void stmfmDropsOneContiguousBlockInAllModalities() {
        Stmfm stmfm = new Stmfm();
        for (double r : new double[]{0.1, 0.33, 0.5, 0.8, 1.0}) {
            for (MultimodalExample ex : DATA) {
                KeepMask mask = stmfm.mask(ex, r, 13L);
                int len = ex.length(Modality.TEXT);
                int[] positions = mask.droppedPositions(Modality.TEXT);
                int block = (int) Math.round((len - 2) * r);
                assertEquals(block, positions.length, ex.getId() + " block length at rate " + r);
                assertEquals(Stmfm.blockLength(len, r), block);
                if (block > 0) {
                    int start = positions[0];
                    assertTrue(start >= 1 && start + block <= len - 1, ex.getId() + ": block [" + start + ", " + (start + block)
                            + ") must lie inside [1, " + (len - 1) + ")");
                    for (int i = 0; i < positions.length; i++) {
                        assertEquals(start + i, positions[i], ex.getId() + ": the block is contiguous");
                    }
                }
                if (ex.length(Modality.AUDIO) == len) {
                    assertArrayEquals(positions, mask.droppedPositions(Modality.AUDIO), "audio block equals text block");
                    assertArrayEquals(positions, mask.droppedPositions(Modality.VISION), "vision block equals text block");
                } else {
                    for (int t : mask.droppedPositions(Modality.AUDIO)) {
                        assertTrue(t < ex.length(Modality.AUDIO) && !mask.isKept(Modality.TEXT, t));
                    }
                }
            }
        }
    }

    @Test
    void stmfmStartIsUniform() {
        Stmfm stmfm = new Stmfm();
        int len = 20;
        double r = 0.3; // block of round(18 * 0.3) = 5 steps, start uniform in [1, 15)
        int[] counts = new int[len];
        int n = 3000;
        for (int i = 0; i < n; i++) {
            MultimodalExample ex = MaskTestData.example("s" + i, 24, len, 24, len, 24, len, false);
            counts[stmfm.mask(ex, r, 17L).droppedPositions(Modality.TEXT)[0]]++;
        }
        assertEquals(0, counts[0]);
        for (int s = 1; s < 15; s++) {
            double expected = n / 14.0;
            assertTrue(Math.abs(counts[s] - expected) < 0.35 * expected, "start " + s + " drawn " + counts[s] + " times, expected about " + expected);
        }
        for (int s = 15; s < len; s++) {
            assertEquals(0, counts[s], "start " + s + " would leave no room for the block");
        }
    }

    @Test
    void unalignedDataIsRefusedNamingTheUtterance() {
        MultimodalExample unaligned = MaskTestData.unaligned(1, 3L).get(0);
        for (MissingPattern p : List.of(new Tmfm(), new Stmfm())) {
            assertTrue(p.needsAlignedData());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.mask(unaligned, 0.5, 1L));
            String msg = e.getMessage();
            assertTrue(msg.contains(p.name()) && msg.contains("'u0'") && msg.contains("aligned") && msg.contains("T_a=" + MaskTestData.T_A), msg);
            assertThrows(IllegalArgumentException.class, () -> p.trainingMask(unaligned, TrainingRateMode.PER_EXAMPLE, new SplittableRandom(1)));
            IllegalArgumentException layout = assertThrows(IllegalArgumentException.class, () -> p.checkLayout(DataLayout.of(unaligned)));
            assertTrue(layout.getMessage().contains("unaligned"), layout.getMessage());
            assertDoesNotThrow(() -> p.checkLayout(DataLayout.of(DATA.get(0))));
        }
        assertDoesNotThrow(() -> new Rmfm().checkLayout(DataLayout.of(unaligned)));
    }
}
