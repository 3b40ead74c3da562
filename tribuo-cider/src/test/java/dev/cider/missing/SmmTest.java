package dev.cider.missing;

import com.oracle.labs.mlrg.olcut.config.PropertyException;
import dev.cider.data.Modality;
import dev.cider.data.MultimodalExample;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import static dev.cider.missing.MaskTestData.SPECIAL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SmmTest {

    private static final List<MultimodalExample> DATA = MaskTestData.unaligned(50, 61L);

    @Test
    void sixSubsetsDropExactlyTheOtherModalities() {
        List<Smm> subsets = Smm.allSubsets();
        List<String> names = new ArrayList<>();
        for (Smm smm : subsets) {
            names.add(smm.name());
            assertFalse(smm.usesRate());
            for (MultimodalExample ex : DATA) {
                KeepMask mask = smm.mask(ex, 0.5, 1L);
                assertEquals(mask, smm.mask(ex, 0.0, 99L), "rate and seed are ignored");
                for (Modality m : Modality.values()) {
                    if (smm.keptModalities().contains(m)) {
                        assertEquals(0, mask.droppedCount(m), smm + " " + m);
                    } else {
                        assertTrue(mask.isEntirelyDropped(m), smm + " " + m);
                    }
                }
                MultimodalExample out = mask.apply(ex);
                boolean textGone = !smm.keptModalities().contains(Modality.TEXT);
                for (int t = 1; t < ex.length(Modality.TEXT) - 1; t++) {
                    assertEquals(textGone ? SPECIAL.unk() : ex.getText().tokenId(t), out.getText().tokenId(t));
                }
                boolean audioGone = !smm.keptModalities().contains(Modality.AUDIO);
                for (int t = 0; t < ex.length(Modality.AUDIO); t++) {
                    assertEquals(audioGone, out.getAudio().isZeroFrame(t), smm + " audio frame " + t);
                }
                boolean visionGone = !smm.keptModalities().contains(Modality.VISION);
                for (int t = 0; t < ex.length(Modality.VISION); t++) {
                    assertEquals(visionGone, out.getVision().isZeroFrame(t), smm + " vision frame " + t);
                }
            }
        }
        assertEquals(List.of("SMM:L", "SMM:A", "SMM:V", "SMM:LA", "SMM:LV", "SMM:AV"), names);
    }

    @Test
    void keptSetsAreParsedAndChecked() {
        assertEquals("LA", new Smm("a+l").keptLetters());
        assertEquals("LV", new Smm(EnumSet.of(Modality.VISION, Modality.TEXT)).keptLetters());
        assertEquals(EnumSet.of(Modality.AUDIO, Modality.VISION), new Smm("V, A").keptModalities());
        for (String bad : new String[]{"", "LAV", "LL", "X", " , "}) {
            assertThrows(PropertyException.class, () -> new Smm(bad), "'" + bad + "' must be refused");
        }
    }
}
