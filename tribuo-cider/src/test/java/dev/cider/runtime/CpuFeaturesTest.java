package dev.cider.runtime;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CpuFeaturesTest {

    /** Two processors; the second claims other features, which must be ignored (only the first block is read). */
    static final String EPYC = "processor\t: 0\nvendor_id\t: AuthenticAMD\ncpu family\t: 25\nmodel\t\t: 17\n"
            + "model name\t: AMD EPYC 9454P 48-Core Processor\nflags\t\t: fpu sse sse2 pni ssse3 fma cx16 sse4_1 sse4_2 movbe popcnt"
            + " xsave avx f16c lahf_lm abm bmi1 avx2 bmi2 avx512f avx512dq avx512cd avx512bw avx512vl avx512_bf16 avx512_vnni\n\n"
            + "processor\t: 1\nvendor_id\t: GenuineIntel\nmodel name\t: other\nflags\t\t: sse2\n";

    static final String HASWELL = "vendor_id\t: GenuineIntel\ncpu family\t: 6\nmodel\t\t: 63\nmodel name\t: Intel(R) Xeon(R) CPU E5-2680 v3\n"
            + "flags\t\t: sse2 pni ssse3 fma cx16 sse4_1 sse4_2 movbe popcnt xsave avx f16c lahf_lm abm bmi1 avx2 bmi2\n";

    @Test
    void readsTheFirstProcessor() {
        CpuFeatures cpu = CpuFeatures.parse(EPYC);
        assertEquals("AMD EPYC 9454P 48-Core Processor", cpu.modelName());
        assertEquals("AuthenticAMD", cpu.vendor());
        assertEquals("25", cpu.family());
        assertEquals("17", cpu.model());
        assertTrue(cpu.has("AVX512BW"));
        assertFalse(cpu.has("amx_tile"));
        assertEquals(List.of("sse2", "pni", "ssse3", "sse4_1", "sse4_2", "avx", "f16c", "fma", "avx2", "avx512f", "avx512cd",
                "avx512bw", "avx512dq", "avx512vl", "avx512_vnni", "avx512_bf16"), cpu.simdFlags());
    }

    @Test
    void namesTheX86Level() {
        assertEquals("x86-64-v4", CpuFeatures.parse(EPYC).x86Level());
        assertEquals("x86-64-v3", CpuFeatures.parse(HASWELL).x86Level());
        assertEquals("x86-64-v2", CpuFeatures.parse(HASWELL.replace(" avx2", "")).x86Level());
        assertEquals("x86-64-v1", CpuFeatures.parse("flags : sse sse2\n").x86Level());
    }

    @Test
    void anEmptyFileGivesUnknownFields() {
        CpuFeatures cpu = CpuFeatures.parse("");
        assertEquals(CpuFeatures.UNKNOWN, cpu.modelName());
        assertEquals(CpuFeatures.UNKNOWN, cpu.x86Level());
        assertFalse(cpu.flagsKnown());
        assertTrue(cpu.simdFlags().isEmpty());
    }
}
