package dev.cider.runtime;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The derived rule of PyTorch 2.7's compute_cpu_capability.
 */
class AtenCpuCapabilityTest {

    private static final CpuFeatures AVX512 = CpuFeatures.parse(CpuFeaturesTest.EPYC);
    private static final CpuFeatures AVX2 = CpuFeatures.parse(CpuFeaturesTest.HASWELL);

    @Test
    void takesTheHighestSetTheCpuSupports() {
        assertEquals(AtenCpuCapability.AVX512, AtenCpuCapability.derive(AVX512, null));
        assertEquals(AtenCpuCapability.AVX2, AtenCpuCapability.derive(AVX2, null));
        // AVX-512 needs VL, BW and DQ (and FMA): AVX512F alone is not enough
        assertEquals(AtenCpuCapability.AVX2, AtenCpuCapability.derive(CpuFeatures.parse(CpuFeaturesTest.EPYC.replace(" avx512dq", "")), null));
        // AVX2 without FMA gives the baseline kernels
        assertEquals(AtenCpuCapability.DEFAULT, AtenCpuCapability.derive(CpuFeatures.parse(CpuFeaturesTest.HASWELL.replace(" fma", "")), null));
    }

    @Test
    void theEnvironmentVariableWinsWhenPyTorchAcceptsIt() {
        assertEquals(AtenCpuCapability.AVX2, AtenCpuCapability.derive(AVX512, "avx2"));
        assertEquals(AtenCpuCapability.DEFAULT, AtenCpuCapability.derive(AVX512, "default"));
        // PyTorch does not check the request against the CPU
        assertEquals(AtenCpuCapability.AVX512, AtenCpuCapability.derive(AVX2, "avx512"));
        // values PyTorch ignores (it compares case-sensitively) leave the detection
        assertEquals(AtenCpuCapability.AVX512, AtenCpuCapability.derive(AVX512, "AVX2"));
        assertEquals(AtenCpuCapability.AVX512, AtenCpuCapability.derive(AVX512, "sse4"));
        assertNull(AtenCpuCapability.fromEnvironmentValue(""));
    }
}
