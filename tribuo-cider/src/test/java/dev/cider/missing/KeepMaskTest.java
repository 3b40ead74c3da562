package dev.cider.missing;

import dev.cider.data.FeatureSequence;
import dev.cider.data.Modality;
import dev.cider.data.MultimodalExample;
import dev.cider.data.TextInput;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static dev.cider.missing.MaskTestData.D_A;
import static dev.cider.missing.MaskTestData.D_L;
import static dev.cider.missing.MaskTestData.D_V;
import static dev.cider.missing.MaskTestData.PAD_MARKER;
import static dev.cider.missing.MaskTestData.SPECIAL;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeepMaskTest {

    private static MultimodalExample sample() {
        return MaskTestData.example("utt-1", 12, 9, 30, 20, 25, 17, true);
    }

    @Test
    void allFalseFlagsDropOnlyDroppablePositions() {
        MultimodalExample ex = sample();
        KeepMask mask = KeepMask.of(ex, new boolean[12], new boolean[30], new boolean[25]);
        // text: [CLS], 7 words, [SEP], 3 padding
        assertEquals(7, mask.droppableCount(Modality.TEXT));
        assertEquals(7, mask.droppedCount(Modality.TEXT));
        assertArrayEquals(new int[]{1, 2, 3, 4, 5, 6, 7}, mask.droppedPositions(Modality.TEXT));
        assertTrue(mask.isKept(Modality.TEXT, 0), "[CLS] is kept");
        assertTrue(mask.isKept(Modality.TEXT, 8), "[SEP] is kept");
        for (int t = 9; t < 12; t++) {
            assertTrue(mask.isKept(Modality.TEXT, t), "text padding is kept");
        }
        assertEquals(20, mask.droppedCount(Modality.AUDIO));
        assertEquals(17, mask.droppedCount(Modality.VISION));
        for (int t = 20; t < 30; t++) {
            assertTrue(mask.isKept(Modality.AUDIO, t), "audio padding is kept");
        }
        assertTrue(mask.isEntirelyDropped(Modality.AUDIO));
        assertEquals(7 + 20 + 17, mask.totalDropped());
        assertEquals(mask.totalDroppable(), mask.totalDropped());
        assertEquals(1.0, mask.droppedFraction(Modality.VISION));
    }

    @Test
    void allKeptDropsNothing() {
        MultimodalExample ex = sample();
        KeepMask mask = KeepMask.allKept(ex);
        assertTrue(mask.isComplete());
        assertEquals(7 + 20 + 17, mask.totalDroppable());
        assertEquals(0, mask.droppedPositions(Modality.AUDIO).length);
        assertFalse(mask.isEntirelyDropped(Modality.TEXT));
    }

    @Test
    void applyZeroesDroppedFramesMakesUnkAndLeavesTheRest() {
        MultimodalExample ex = sample();
        KeepMask mask = new Rmfm().mask(ex, 0.5, 42L);
        assertTrue(mask.droppedCount(Modality.TEXT) > 0 && mask.droppedCount(Modality.AUDIO) > 0
                && mask.droppedCount(Modality.VISION) > 0, "the test needs drops in every modality: " + mask);
        MultimodalExample out = mask.apply(ex);
        assertEquals(ex.getId(), out.getId());
        assertEquals(ex.getOutput(), out.getOutput());

        TextInput before = ex.getText();
        TextInput after = out.getText();
        FeatureSequence fb = before.tokenFeatures().orElseThrow();
        FeatureSequence fa = after.tokenFeatures().orElseThrow();
        for (int t = 0; t < before.steps(); t++) {
            if (mask.isKept(Modality.TEXT, t)) {
                assertEquals(before.tokenId(t), after.tokenId(t), "kept token " + t);
                for (int d = 0; d < D_L; d++) {
                    assertEquals(fb.get(t, d), fa.get(t, d), "kept token feature " + t);
                }
            } else {
                assertEquals(SPECIAL.unk(), after.tokenId(t), "dropped token " + t + " becomes [UNK]");
                for (int d = 0; d < D_L; d++) {
                    assertEquals(0f, fa.get(t, d), "dropped token feature " + t);
                }
            }
        }
        assertEquals(SPECIAL.cls(), after.tokenId(0));
        assertEquals(SPECIAL.sep(), after.tokenId(before.length() - 1));
        for (int t = before.length(); t < before.steps(); t++) {
            assertEquals(SPECIAL.pad(), after.tokenId(t), "text padding untouched");
            assertEquals(PAD_MARKER, fa.get(t, 0), "token-feature padding untouched");
        }
        checkFrames(mask, Modality.AUDIO, ex.getAudio(), out.getAudio(), D_A);
        checkFrames(mask, Modality.VISION, ex.getVision(), out.getVision(), D_V);

        double audioPresent = out.lookup(MultimodalExample.AUDIO_PRESENT).getValue();
        assertEquals(1.0 - mask.droppedFraction(Modality.AUDIO), audioPresent, 1e-9, "pooled features see the corruption");
    }

    private static void checkFrames(KeepMask mask, Modality m, FeatureSequence before, FeatureSequence after, int dim) {
        for (int t = 0; t < before.steps(); t++) {
            for (int d = 0; d < dim; d++) {
                float expected = mask.isKept(m, t) ? before.get(t, d) : 0f;
                assertEquals(expected, after.get(t, d), m + " step " + t + " dim " + d);
            }
            if (t >= before.length()) {
                assertEquals(PAD_MARKER, after.get(t, 0), m + " padding untouched at " + t);
            } else {
                assertNotEquals(0f, before.get(t, 0), "test data frames are non-zero");
            }
        }
    }

    @Test
    void droppedPositionsMatchTheFlags() {
        MultimodalExample ex = sample();
        KeepMask mask = new Rmfm().mask(ex, 0.3, 7L);
        for (Modality m : Modality.values()) {
            boolean[] flags = mask.keepFlags(m);
            int[] expected = java.util.stream.IntStream.range(0, flags.length).filter(t -> !flags[t]).toArray();
            assertArrayEquals(expected, mask.droppedPositions(m), m.displayName());
            assertEquals(expected.length, mask.droppedCount(m));
        }
    }

    @Test
    void keepFlagsAreCopies() {
        MultimodalExample ex = sample();
        boolean[] text = new boolean[12];
        Arrays.fill(text, true);
        KeepMask mask = KeepMask.of(ex, text, null, null);
        text[3] = false;
        assertTrue(mask.isKept(Modality.TEXT, 3), "the mask copies its input");
        mask.keepFlags(Modality.TEXT)[3] = false;
        assertTrue(mask.isKept(Modality.TEXT, 3), "keepFlags returns a copy");
    }

    @Test
    void wrongSizesAreRejectedNamingTheUtterance() {
        MultimodalExample ex = sample();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KeepMask.of(ex, new boolean[11], null, null));
        assertTrue(e.getMessage().contains("utt-1") && e.getMessage().contains("text"), e.getMessage());

        KeepMask mask = KeepMask.allKept(ex);
        MultimodalExample other = MaskTestData.example("utt-2", 12, 9, 30, 19, 25, 17, false);
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class, () -> mask.apply(other));
        assertTrue(e2.getMessage().contains("utt-1") && e2.getMessage().contains("utt-2") && e2.getMessage().contains("audio"), e2.getMessage());
    }
}
