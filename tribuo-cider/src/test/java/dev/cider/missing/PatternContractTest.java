package dev.cider.missing;

import com.oracle.labs.mlrg.olcut.config.ConfigurationData;
import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import dev.cider.data.Modality;
import dev.cider.data.MultimodalExample;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static dev.cider.missing.MaskTestData.PAD_MARKER;
import static dev.cider.missing.MaskTestData.SPECIAL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Properties every pattern has, checked on word-aligned data (which every pattern accepts).
 */
class PatternContractTest {

    private static final List<MultimodalExample> DATA = MaskTestData.aligned(200, 11L);
    private static final double[] RATES = {0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0};

    static List<MissingPattern> patterns() {
        return List.of(new Rmfm(), new TraditionalRmfm(), new TraditionalRmfm(TraditionalRmfm.FOLLOW, 0.4, TraditionalRmfm.FOLLOW),
                new Rmm(), new Tmfm(), new Stmfm(), new Smm("LA"), new Smm("V"));
    }

    static List<MissingPattern> ratePatterns() {
        List<MissingPattern> out = new ArrayList<>();
        for (MissingPattern p : patterns()) {
            if (p.usesRate()) {
                out.add(p);
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("patterns")
    void sameSeedGivesSameMasksWhateverTheOrder(MissingPattern pattern) {
        MissingPattern twin = MissingPatterns.parse(pattern.name());
        List<MultimodalExample> reversed = new ArrayList<>(DATA);
        Collections.reverse(reversed);
        List<KeepMask> forward = new ArrayList<>();
        for (MultimodalExample ex : DATA) {
            forward.add(pattern.mask(ex, 0.5, 1234L));
        }
        List<KeepMask> backward = new ArrayList<>();
        for (MultimodalExample ex : reversed) {
            backward.add(twin.mask(ex, 0.5, 1234L));
        }
        Collections.reverse(backward);
        assertEquals(forward, backward);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ratePatterns")
    void differentSeedsAndIdsGiveDifferentMasks(MissingPattern pattern) {
        int differentSeed = 0;
        int differentId = 0;
        for (MultimodalExample ex : DATA) {
            if (!pattern.mask(ex, 0.5, 1L).equals(pattern.mask(ex, 0.5, 2L))) {
                differentSeed++;
            }
            MultimodalExample renamed = MaskTestData.example(ex.getId() + "-copy", ex.steps(Modality.TEXT), ex.length(Modality.TEXT),
                    ex.steps(Modality.AUDIO), ex.length(Modality.AUDIO), ex.steps(Modality.VISION), ex.length(Modality.VISION), false);
            if (!sameFlags(pattern.mask(ex, 0.5, 1L), pattern.mask(renamed, 0.5, 1L))) {
                differentId++;
            }
        }
        // RMM has only 8 possible masks per example, so some coincide by chance; the others have many more.
        assertTrue(differentSeed > DATA.size() / 2, pattern + ": only " + differentSeed + " of " + DATA.size() + " masks changed with the seed");
        assertTrue(differentId > DATA.size() / 2, pattern + ": only " + differentId + " of " + DATA.size() + " masks changed with the id");
    }

    private static boolean sameFlags(KeepMask a, KeepMask b) {
        for (Modality m : Modality.values()) {
            if (!java.util.Arrays.equals(a.keepFlags(m), b.keepFlags(m))) {
                return false;
            }
        }
        return true;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ratePatterns")
    void masksAreNestedAcrossRates(MissingPattern pattern) {
        for (MultimodalExample ex : DATA) {
            KeepMask previous = null;
            for (double r : RATES) {
                KeepMask mask = pattern.mask(ex, r, 99L);
                if (previous != null) {
                    for (Modality m : Modality.values()) {
                        assertTrue(mask.droppedCount(m) >= previous.droppedCount(m));
                        for (int t : previous.droppedPositions(m)) {
                            assertTrue(!mask.isKept(m, t), pattern + " " + ex.getId() + ": " + m + " step " + t
                                    + " dropped at a lower rate but kept at " + r);
                        }
                    }
                }
                previous = mask;
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ratePatterns")
    void rateZeroKeepsAllAndRateOneDropsAllText(MissingPattern pattern) {
        for (MultimodalExample ex : DATA) {
            KeepMask none = pattern.mask(ex, 0.0, 5L);
            KeepMask full = pattern.mask(ex, 1.0, 5L);
            for (Modality m : Modality.values()) {
                if (followsTheRate(pattern, m)) {
                    assertEquals(0, none.droppedCount(m), pattern + " dropped " + m + " at rate 0");
                }
            }
            if (followsTheRate(pattern, Modality.TEXT)) {
                assertTrue(full.isEntirelyDropped(Modality.TEXT), pattern + " kept text at rate 1: " + full);
            }
        }
    }

    /** False only for a Traditional RMFM modality whose rate is fixed by configuration. */
    private static boolean followsTheRate(MissingPattern pattern, Modality m) {
        return !(pattern instanceof TraditionalRmfm) || ((TraditionalRmfm) pattern).fixedRate(m) < 0;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("patterns")
    void specialTokensAndPaddingSurviveCorruption(MissingPattern pattern) {
        for (MultimodalExample ex : DATA.subList(0, 40)) {
            MultimodalExample out = pattern.corrupt(ex, 1.0, 3L);
            assertEquals(pattern.mask(ex, 1.0, 3L).apply(ex).getText(), out.getText(), "corrupt is mask + apply");
            int len = ex.length(Modality.TEXT);
            assertEquals(SPECIAL.cls(), out.getText().tokenId(0));
            assertEquals(SPECIAL.sep(), out.getText().tokenId(len - 1));
            for (int t = len; t < ex.steps(Modality.TEXT); t++) {
                assertEquals(SPECIAL.pad(), out.getText().tokenId(t));
            }
            for (int t = ex.length(Modality.AUDIO); t < ex.steps(Modality.AUDIO); t++) {
                assertEquals(PAD_MARKER, out.getAudio().get(t, 0), "audio padding");
            }
            for (int t = ex.length(Modality.VISION); t < ex.steps(Modality.VISION); t++) {
                assertEquals(PAD_MARKER, out.getVision().get(t, 0), "vision padding");
            }
            for (int t = 1; t < len - 1; t++) {
                boolean unk = out.getText().tokenId(t) == SPECIAL.unk();
                assertEquals(!pattern.mask(ex, 1.0, 3L).isKept(Modality.TEXT, t), unk, "token " + t);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("patterns")
    void ratesOutsideZeroOneAreRefused(MissingPattern pattern) {
        MultimodalExample ex = DATA.get(0);
        assertThrows(IllegalArgumentException.class, () -> pattern.mask(ex, -0.1, 1L));
        assertThrows(IllegalArgumentException.class, () -> pattern.mask(ex, 1.5, 1L));
        assertThrows(IllegalArgumentException.class, () -> pattern.mask(ex, Double.NaN, 1L));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("patterns")
    void provenanceRebuildsAnEquivalentPattern(MissingPattern pattern) {
        List<ConfigurationData> config = ProvenanceUtil.extractConfiguration(pattern.getProvenance());
        ConfigurationManager cm = new ConfigurationManager();
        cm.addConfiguration(config);
        MissingPattern rebuilt = (MissingPattern) cm.lookup(config.get(0).getName());
        assertEquals(pattern.getClass(), rebuilt.getClass());
        assertEquals(pattern.name(), rebuilt.name());
        assertEquals(pattern.getProvenance(), rebuilt.getProvenance());
        for (MultimodalExample ex : DATA.subList(0, 20)) {
            assertEquals(pattern.mask(ex, 0.4, 8L), rebuilt.mask(ex, 0.4, 8L));
        }
        assertNotEquals("", pattern.toString());
    }
}
