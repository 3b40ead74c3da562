package dev.cider.runtime;

import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.IntProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.StringProvenance;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NumericsEnvironmentTest {

    private static final Map<String, String> PROPERTIES = Map.of("os.arch", "amd64", "os.name", "Linux", "os.version", "6.1",
            "java.runtime.version", "17.0.15+6", "java.vm.name", "OpenJDK 64-Bit Server VM", "ai.djl.pytorch.num_threads", "1");

    private static NumericsEnvironment capture(String cpuinfo, Map<String, String> env) {
        return NumericsEnvironment.capture(CpuFeatures.parse(cpuinfo), env::get, PROPERTIES::get, false);
    }

    @Test
    void recordsTheCpuTheDerivedCapabilityAndTheEnvironment() {
        NumericsEnvironment e = capture(CpuFeaturesTest.EPYC, Map.of("MKL_CBWR", "COMPATIBLE,STRICT"));
        Map<String, String> v = e.values();
        assertEquals("AMD EPYC 9454P 48-Core Processor", v.get("cpu.model-name"));
        assertEquals("AuthenticAMD", v.get("cpu.vendor"));
        assertEquals("x86-64-v4", v.get("cpu.x86-level"));
        assertTrue(v.get("cpu.simd-flags").contains("avx512bw avx512dq avx512vl"), v.get("cpu.simd-flags"));
        assertEquals("avx512", v.get("aten.cpu-capability"));
        assertEquals("COMPATIBLE,STRICT", v.get("env.MKL_CBWR"));
        assertEquals(NumericsEnvironment.UNSET, v.get("env.ATEN_CPU_CAPABILITY"));
        assertEquals("native", v.get("mode"));
        assertEquals("1", v.get("property.ai.djl.pytorch.num_threads"));
        assertEquals(NumericsEnvironment.UNSET, v.get("property.ai.djl.pytorch.num_interop_threads"));
        assertEquals(NumericsEnvironment.NOT_LOADED, v.get("pytorch.version"));
        assertEquals("17.0.15+6", v.get("java.version"));
        for (String name : NumericsEnvironment.ENVIRONMENT_VARIABLES) {
            assertTrue(v.containsKey("env." + name), name);
        }
        List<String> keys = new ArrayList<>(v.keySet());
        assertEquals("cpu.model-name", keys.get(0));
        assertEquals("os", keys.get(keys.size() - 1));

        assertEquals("avx2", capture(CpuFeaturesTest.EPYC, Map.of("ATEN_CPU_CAPABILITY", "avx2")).values().get("aten.cpu-capability"));
        assertEquals("portable", capture(CpuFeaturesTest.EPYC, NumericsMode.PORTABLE.requiredEnvironment()).values().get("mode"));
    }

    @Test
    void provenanceRoundTripsInKeyOrder() {
        NumericsEnvironment e = capture(CpuFeaturesTest.EPYC, Map.of("OMP_NUM_THREADS", "1"));
        Map<String, Provenance> prov = e.toProvenance();
        assertEquals(e.values().size(), prov.size());
        prov.forEach((k, p) -> {
            assertTrue(k.startsWith(NumericsEnvironment.PROVENANCE_PREFIX), k);
            assertTrue(p instanceof StringProvenance, k);
        });
        // a provenance map does not keep the order; other entries are ignored
        List<Map.Entry<String, Provenance>> entries = new ArrayList<>(prov.entrySet());
        Collections.reverse(entries);
        Map<String, Provenance> shuffled = new HashMap<>();
        entries.forEach(en -> shuffled.put(en.getKey(), en.getValue()));
        shuffled.put("validation-data", new IntProvenance("validation-data", 3));
        NumericsEnvironment back = NumericsEnvironment.fromProvenance(shuffled).orElseThrow();
        assertEquals(e, back);
        assertEquals(new ArrayList<>(e.values().keySet()), new ArrayList<>(back.values().keySet()));
    }

    @Test
    void aMapWithoutTheSnapshotGivesNothingAndAForeignValueIsRefused() {
        assertTrue(NumericsEnvironment.fromProvenance(Map.of("validation-data", new IntProvenance("validation-data", 3))).isEmpty());
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> NumericsEnvironment.fromProvenance(Map.of("numerics.mode", new IntProvenance("numerics.mode", 1))));
        assertTrue(ex.getMessage().contains("numerics.mode"), ex.getMessage());
    }

    @Test
    void differencesNameEachKeyThatDiffers() {
        NumericsEnvironment epyc = capture(CpuFeaturesTest.EPYC, Map.of());
        NumericsEnvironment xeon = capture(CpuFeaturesTest.HASWELL, Map.of("MKL_CBWR", "COMPATIBLE,STRICT"));
        assertTrue(epyc.differences(capture(CpuFeaturesTest.EPYC, Map.of())).isEmpty());
        List<String> d = epyc.differences(xeon);
        assertTrue(d.contains("aten.cpu-capability: avx512 | avx2"), d.toString());
        assertTrue(d.contains("env.MKL_CBWR: (unset) | COMPATIBLE,STRICT"), d.toString());
        assertTrue(d.contains("cpu.vendor: AuthenticAMD | GenuineIntel"), d.toString());
        assertTrue(d.stream().noneMatch(line -> line.startsWith("java.")), d.toString());
    }
}
