package dev.cider.train;

import dev.cider.data.MultimodalSplits;
import dev.cider.data.SentimentTask;
import dev.cider.data.source.SyntheticPreset;
import dev.cider.data.source.SyntheticSource;
import dev.cider.model.CiderModel;
import dev.cider.runtime.CpuFeatures;
import dev.cider.runtime.NumericsEnvironment;
import dev.cider.runtime.NumericsMode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Training with {@code numerics=PORTABLE} in a JVM started with the portable settings. Runs in the
 * {@code portable-numerics} surefire execution of this module ({@code mvn verify}), whose JVM environment has them;
 * skipped in the other test JVMs, which run in native mode.
 */
@EnabledIfEnvironmentVariable(named = "CIDER_NUMERICS", matches = "portable")
class PortableNumericsTest {

    @Test
    void trainsAndRecordsPortableNumerics() {
        CpuFeatures cpu = CpuFeatures.current();
        Assumptions.assumeTrue(cpu.has("avx2") && cpu.has("fma"), "portable numerics need AVX2 and FMA");
        MultimodalSplits splits = MultimodalSplits.load(SyntheticSource.builder(SyntheticPreset.MOSI_ALIGNED).task(SentimentTask.BINARY)
                .seed(5).sizes(60, 20, 10).build());
        CiderTrainer trainer = CiderTrainer.builder(SentimentTask.BINARY, 3).schedule(1, 16, 5)
                .showProgress(false).numerics(NumericsMode.PORTABLE)
                .architecture(CiderArchitecture.builder().size(16, 1, 2).build()).build();
        try (CiderModel model = trainer.train(splits)) {
            Map<String, String> v = NumericsEnvironment.fromProvenance(model.getProvenance().getInstanceProvenance().getMap())
                    .orElseThrow().values();
            assertEquals("portable", v.get("mode"));
            assertEquals("avx2", v.get("aten.cpu-capability"));
            assertEquals("COMPATIBLE,STRICT", v.get("env.MKL_CBWR"));
            assertEquals("1", v.get("pytorch.intra-op-threads"));
        }
    }
}
