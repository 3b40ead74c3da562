package dev.cider.train;

import dev.cider.data.MultimodalSplits;
import dev.cider.data.SentimentTask;
import dev.cider.data.source.SyntheticPreset;
import dev.cider.data.source.SyntheticSource;
import dev.cider.model.CiderModel;
import dev.cider.runtime.NumericsEnvironment;
import dev.cider.runtime.NumericsMode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The numerics snapshot in a trained model's provenance, and the trainer's refusal of PORTABLE numerics in a JVM
 * started without the portable settings (the default test JVMs).
 */
class CiderTrainerNumericsTest {

    private static MultimodalSplits splits;

    @BeforeAll
    static void data() {
        splits = MultimodalSplits.load(SyntheticSource.builder(SyntheticPreset.MOSI_ALIGNED).task(SentimentTask.BINARY).seed(5)
                .sizes(60, 20, 10).build());
    }

    private static CiderTrainer tiny() {
        return CiderTrainer.builder(SentimentTask.BINARY, 3).schedule(1, 16, 5).showProgress(false)
                .architecture(CiderArchitecture.builder().size(16, 1, 2).build()).build();
    }

    @Test
    void theModelRecordsTheNumericsEnvironmentAndItSurvivesSaving(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("m.tribuo");
        NumericsEnvironment recorded;
        try (CiderModel model = tiny().train(splits)) {
            Map<String, ?> instance = model.getProvenance().getInstanceProvenance().getMap();
            for (String key : NumericsEnvironment.current().values().keySet()) {
                assertTrue(instance.containsKey(NumericsEnvironment.PROVENANCE_PREFIX + key), key);
            }
            recorded = NumericsEnvironment.fromProvenance(model.getProvenance().getInstanceProvenance().getMap()).orElseThrow();
            model.serializeToFile(file);
        }
        // training loaded PyTorch before the snapshot: its fields are filled in, with the test JVM's one thread
        assertNotEquals(NumericsEnvironment.NOT_LOADED, recorded.values().get("pytorch.version"));
        assertEquals("1", recorded.values().get("pytorch.intra-op-threads"));
        NumericsEnvironment now = NumericsEnvironment.current();
        assertTrue(recorded.differences(now).isEmpty(), recorded.differences(now).toString());
        assertEquals(NumericsMode.satisfiedBy(System.getenv()), recorded.mode().orElseThrow(), "the test JVMs run one thread");
        try (CiderModel loaded = CiderModel.load(file)) {
            assertEquals(recorded, NumericsEnvironment.fromProvenance(loaded.getProvenance().getInstanceProvenance().getMap()).orElseThrow());
        }
    }

    @Test
    void portableNumericsAreRefusedWithoutThePortableSettings() {
        Assumptions.assumeTrue(System.getenv("MKL_CBWR") == null, "this JVM was started with MKL settings: nothing to refuse");
        CiderTrainer trainer = tiny().toBuilder().numerics(NumericsMode.PORTABLE).build();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> trainer.train(splits));
        assertTrue(e.getMessage().contains("MKL_CBWR is unset"), e.getMessage());
        assertTrue(e.getMessage().contains("CIDER_NUMERICS=portable"), e.getMessage());
        assertTrue(trainer.getProvenance().getConfiguredParameters().get("numerics").toString().contains("PORTABLE"));
    }
}
