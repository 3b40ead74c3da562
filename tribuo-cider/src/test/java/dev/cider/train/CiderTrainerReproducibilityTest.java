package dev.cider.train;

import ai.djl.engine.Engine;
import com.oracle.labs.mlrg.olcut.provenance.primitives.IntProvenance;
import dev.cider.data.DataSplit;
import dev.cider.data.MultimodalExample;
import dev.cider.data.MultimodalSplits;
import dev.cider.data.SentimentTask;
import dev.cider.data.source.SyntheticPreset;
import dev.cider.data.source.SyntheticSource;
import dev.cider.model.CiderModel;
import dev.cider.model.protos.CiderModelProto;
import dev.cider.util.RunLock;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.provenance.TrainerProvenance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reproducibility (same seed, same model; resume equals an uninterrupted run) and the trainer's refusals, on tiny data.
 */
class CiderTrainerReproducibilityTest {

    private static MultimodalSplits splits;

    @BeforeAll
    static void data() {
        splits = MultimodalSplits.load(SyntheticSource.builder(SyntheticPreset.MOSI_ALIGNED).task(SentimentTask.BINARY).seed(5)
                .sizes(80, 30, 20).build());
    }

    private static CiderTrainer tiny(int epochs) {
        return new CiderTrainer(SentimentTask.BINARY, 11).setSchedule(epochs, 16, 50).setArchitecture(16, 1, 2).setShowProgress(false);
    }

    private static byte[] parameters(CiderModel m) throws Exception {
        return m.serialize().getSerializedData().unpack(CiderModelProto.class).getParameters().toByteArray();
    }

    @Test
    void theSameSeedGivesTheSameModel() throws Exception {
        try (CiderModel a = tiny(2).train(splits); CiderModel b = tiny(2).train(splits)) {
            assertArrayEquals(parameters(a), parameters(b));
        }
    }

    @Test
    void aSetterBetweenTrainingsKeepsTheInvocationCountsSeed() throws Exception {
        CiderTrainer reused = tiny(1);
        byte[] first;
        try (CiderModel m = reused.train(splits)) {
            first = parameters(m);
        }
        reused.setLearningRate(1e-3f);
        byte[] second;
        int recordedCount;
        try (CiderModel m = reused.train(splits)) {
            second = parameters(m);
            recordedCount = ((IntProvenance) m.getProvenance().getTrainerProvenance().getInstanceValues()
                    .get(TrainerProvenance.TRAIN_INVOCATION_COUNT)).getValue();
        }
        assertEquals(1, recordedCount);
        CiderTrainer rerun = tiny(1).setLearningRate(1e-3f);
        rerun.setInvocationCount(recordedCount);
        try (CiderModel m = rerun.train(splits)) {
            assertArrayEquals(parameters(m), second, "a rerun from the second model's provenance must give the second model");
        }
        assertFalse(Arrays.equals(first, second), "the second training must not reuse the first training's seed");
    }

    @Test
    void resumingFromACheckpointEqualsTheUninterruptedRun(@TempDir Path dir) throws Exception {
        byte[] straight;
        try (CiderModel m = tiny(3).train(splits)) {
            straight = parameters(m);
        }
        tiny(1).setCheckpoints(dir, false).train(splits).close();
        assertTrue(Files.isRegularFile(dir.resolve(CiderTrainer.checkpointFileName())));
        try (CiderModel resumed = tiny(3).setCheckpoints(dir, true).train(splits)) {
            assertArrayEquals(straight, parameters(resumed));
        }
    }

    @Test
    void aCheckpointOfOtherSettingsIsRefusedNamingTheSetting(@TempDir Path dir) {
        tiny(1).setCheckpoints(dir, false).train(splits).close();
        CiderTrainer other = tiny(2).setArchitecture(16, 2, 2).setCheckpoints(dir, true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> other.train(splits));
        assertTrue(e.getMessage().contains("layers: 1 in the checkpoint, 2 in this run"), e.getMessage());
        assertFalse(e.getMessage().contains("hiddenDim"), "named a setting that did not change: " + e.getMessage());
    }

    @Test
    void aMovedCheckpointDirectoryResumesToTheUninterruptedRun(@TempDir Path dir) throws Exception {
        byte[] straight;
        try (CiderModel m = tiny(2).train(splits)) {
            straight = parameters(m);
        }
        Path before = dir.resolve("before");
        tiny(1).setCheckpoints(before, false).train(splits).close();
        Path after = Files.move(before, Files.createDirectories(dir.resolve("elsewhere")).resolve("after"));
        try (CiderModel resumed = tiny(2).setCheckpoints(after, true).train(splits)) {
            assertArrayEquals(straight, parameters(resumed));
        }
    }

    @Test
    void aRunWithoutResumeRefusesToReplaceACheckpointUnlessTold(@TempDir Path dir) throws Exception {
        tiny(1).setCheckpoints(dir, false).train(splits).close();
        byte[] first = Files.readAllBytes(dir.resolve(CiderTrainer.checkpointFileName()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tiny(1).setCheckpoints(dir, false).train(splits));
        assertTrue(e.getMessage().contains(dir.toAbsolutePath().toString()) && e.getMessage().contains("already holds a checkpoint")
                && e.getMessage().contains("overwriteCheckpoint"), e.getMessage());
        assertArrayEquals(first, Files.readAllBytes(dir.resolve(CiderTrainer.checkpointFileName())));
        tiny(1).setArchitecture(16, 2, 2).setCheckpoints(dir, false, true).train(splits).close();
        assertFalse(Arrays.equals(first, Files.readAllBytes(dir.resolve(CiderTrainer.checkpointFileName()))),
                "overwriteCheckpoint did not start over");
    }

    @Test
    void aCheckpointDirectoryLockedByAnotherRunIsRefused(@TempDir Path dir) throws Exception {
        try (RunLock other = RunLock.tryAcquire(dir.resolve(CiderTrainer.checkpointLockFileName())).orElseThrow()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> tiny(1).setCheckpoints(dir, false).train(splits));
            assertTrue(e.getMessage().contains(dir.toAbsolutePath().toString()) && e.getMessage().contains("another training run"),
                    e.getMessage());
            assertFalse(Files.exists(dir.resolve(CiderTrainer.checkpointFileName())));
        }
        tiny(1).setCheckpoints(dir, false).train(splits).close();
        assertTrue(Files.isRegularFile(dir.resolve(CiderTrainer.checkpointFileName())));
        try (RunLock released = RunLock.tryAcquire(dir.resolve(CiderTrainer.checkpointLockFileName())).orElseThrow(
                () -> new AssertionError("the run kept its lock after it ended"))) {
            assertTrue(Files.exists(released.lockFile()));
        }
    }

    @Test
    void refusesNonMultimodalExamples() {
        MutableDataset<Label> plain = new MutableDataset<>(new SimpleDataSourceProvenance("plain", new LabelFactory()), new LabelFactory());
        plain.add(new ArrayExample<>(new Label("positive"), new String[] {"a"}, new double[] {1.0}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tiny(1).train(plain));
        assertTrue(e.getMessage().contains("MultimodalExample"), e.getMessage());
    }

    @Test
    void refusesMismatchedTrainAndValidDimensions() {
        MultimodalSplits other = MultimodalSplits.load(SyntheticSource.builder(SyntheticPreset.MOSI_UNALIGNED).task(SentimentTask.BINARY)
                .seed(5).sizes(20, 20, 20).build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> tiny(1).train(splits.train(), other.valid(), Collections.emptyMap()));
        assertTrue(e.getMessage().contains("mismatched dimensions"), e.getMessage());
    }

    @Test
    void refusesAnEmptyClassInTheTrainingSplit() {
        MutableDataset<Label> noNeutral = new MutableDataset<>(new SimpleDataSourceProvenance("no-neutral", new LabelFactory()), new LabelFactory());
        for (MultimodalExample ex : splits.examples(DataSplit.TRAIN)) {
            if (ex.getScore() != 0.0) {
                noNeutral.add(ex);
            }
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> tiny(1).train(noNeutral, splits.valid(), Collections.emptyMap()));
        assertTrue(e.getMessage().contains("neutral"), e.getMessage());
    }

    @Test
    void refusesAnUnavailableDevice() {
        Assumptions.assumeTrue(Engine.getInstance().getGpuCount() == 0, "a GPU is visible: nothing to refuse");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tiny(1).setDevice("gpu", 0).train(splits));
        assertTrue(e.getMessage().contains("not available"), e.getMessage());
    }

    @Test
    void refusesBadSettings() {
        assertThrows(com.oracle.labs.mlrg.olcut.config.PropertyException.class, () -> tiny(1).setArchitecture(30, 1, 4));
        assertThrows(com.oracle.labs.mlrg.olcut.config.PropertyException.class, () -> tiny(1).setLearningRate(-1f));
        assertThrows(com.oracle.labs.mlrg.olcut.config.PropertyException.class, () -> tiny(1).setDevice("tpu", 0));
        assertThrows(com.oracle.labs.mlrg.olcut.config.PropertyException.class, () -> tiny(1).setCheckpoints(null, true));
        assertThrows(com.oracle.labs.mlrg.olcut.config.PropertyException.class, () -> tiny(1).setCheckpoints(null, false, true));
        assertThrows(com.oracle.labs.mlrg.olcut.config.PropertyException.class, () -> tiny(1).setCheckpoints(Path.of("x"), true, true));
    }
}
