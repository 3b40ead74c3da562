package dev.cider.runtime;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NumericsModeTest {

    private static final CpuFeatures AVX512 = CpuFeatures.parse(CpuFeaturesTest.EPYC);

    private static Map<String, String> portableEnvironment() {
        Map<String, String> env = new HashMap<>(NumericsMode.PORTABLE.requiredEnvironment());
        env.put("PATH", "/usr/bin");
        return env;
    }

    @Test
    void nativeNeedsNothing() {
        assertTrue(NumericsMode.NATIVE.requiredEnvironment().isEmpty());
        assertTrue(NumericsMode.NATIVE.problems(Map.of(), AVX512, 4).isEmpty());
    }

    @Test
    void portableNeedsItsVariablesOneThreadAndAvx2() {
        assertTrue(NumericsMode.PORTABLE.problems(portableEnvironment(), AVX512, 1).isEmpty());
        assertTrue(NumericsMode.PORTABLE.problems(portableEnvironment(), AVX512, -1).isEmpty(), "an unknown thread count is not checked");
        assertEquals(NumericsMode.PORTABLE, NumericsMode.satisfiedBy(portableEnvironment()));

        Map<String, String> env = portableEnvironment();
        env.put("ATEN_CPU_CAPABILITY", "avx512");
        env.remove("MKL_CBWR");
        List<String> problems = NumericsMode.PORTABLE.problems(env, AVX512, 2);
        assertEquals(3, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("ATEN_CPU_CAPABILITY is 'avx512', needs 'avx2'"), problems.get(0));
        assertTrue(problems.get(1).contains("MKL_CBWR is unset"), problems.get(1));
        assertTrue(problems.get(2).contains("2 intra-op threads"), problems.get(2));
        assertEquals(NumericsMode.NATIVE, NumericsMode.satisfiedBy(env));

        CpuFeatures noAvx2 = CpuFeatures.parse(CpuFeaturesTest.HASWELL.replace(" avx2", ""));
        List<String> old = NumericsMode.PORTABLE.problems(portableEnvironment(), noAvx2, 1);
        assertEquals(1, old.size());
        assertTrue(old.get(0).contains("lacks AVX2"), old.get(0));
    }

    @Test
    void theInstructionsNameTheLauncherAndEveryVariable() {
        String how = NumericsMode.PORTABLE.howToStart();
        assertTrue(how.contains("CIDER_NUMERICS=portable"), how);
        NumericsMode.PORTABLE.requiredEnvironment().forEach((k, v) -> assertTrue(how.contains(k + "=" + v), how));
    }
}
