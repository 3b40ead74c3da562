package dev.cider.missing;

import dev.cider.data.DataLayout;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MissingPatternsTest {

    @Test
    void parsesEveryName() {
        assertInstanceOf(Rmfm.class, MissingPatterns.parse("rmfm"));
        assertInstanceOf(TraditionalRmfm.class, MissingPatterns.parse("traditional-rmfm"));
        assertInstanceOf(TraditionalRmfm.class, MissingPatterns.parse("Traditional_RMFM"));
        assertInstanceOf(Rmm.class, MissingPatterns.parse("RMM"));
        assertInstanceOf(Tmfm.class, MissingPatterns.parse("tmfm"));
        assertInstanceOf(Stmfm.class, MissingPatterns.parse(" STMFM "));
        MissingPattern smm = MissingPatterns.parse("smm:la");
        assertEquals("SMM:LA", smm.name());
        TraditionalRmfm t = (TraditionalRmfm) MissingPatterns.parse("traditional-rmfm:L=0.2,vision=0.7");
        assertEquals("Traditional-RMFM:L=0.2,V=0.7", t.name());
    }

    @Test
    void namesRoundTrip() {
        for (MissingPattern p : MissingPatterns.supportedBy(new DataLayout(50, 0, 50, 5, 50, 20))) {
            MissingPattern parsed = MissingPatterns.parse(p.name());
            assertEquals(p.getClass(), parsed.getClass());
            assertEquals(p.name(), parsed.name());
        }
    }

    @Test
    void badNamesGiveClearErrors() {
        for (String bad : List.of("", "rmfn", "smm", "smm:LAV", "rmfm:0.5", "traditional-rmfm:L=2", "traditional-rmfm:Q=0.2",
                "traditional-rmfm:L=x", "traditional-rmfm:L")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MissingPatterns.parse(bad), bad);
            assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), bad);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MissingPatterns.parse("rmfn"));
        assertTrue(e.getMessage().contains("rmfn") && e.getMessage().contains("stmfm"), e.getMessage());
    }

    @Test
    void supportedPatternsDependOnAlignment() {
        List<MissingPattern> aligned = MissingPatterns.supportedBy(new DataLayout(50, 0, 50, 5, 50, 20));
        List<MissingPattern> unaligned = MissingPatterns.supportedBy(new DataLayout(50, 0, 375, 5, 500, 20));
        assertEquals(11, aligned.size());
        assertEquals(9, unaligned.size());
        assertTrue(unaligned.stream().noneMatch(MissingPattern::needsAlignedData));
        assertTrue(aligned.stream().anyMatch(p -> p instanceof Stmfm));
    }
}
