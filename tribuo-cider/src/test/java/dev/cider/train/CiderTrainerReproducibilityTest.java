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

    private static CiderTrainer.Builder tinyBuilder(int epochs) {
        return CiderTrainer.builder(SentimentTask.BINARY, 11).schedule(epochs, 16, 50).showProgress(false)
                .architecture(CiderArchitecture.builder().size(16, 1, 2).build());
    }

    private static CiderTrainer tiny(int epochs) {
        return tinyBuilder(epochs).build();
    }

    private static CiderTrainer checkpointed(int epochs, Path dir, boolean resume) {
        return tinyBuilder(epochs).checkpoints(dir, resume, false).build();
    }

    private static CiderArchitecture twoLayers() {
        return CiderArchitecture.builder().size(16, 2, 2).build();
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
    void aSecondTrainingDrawsTheNextSeedAndAFreshTrainerReproducesItFromTheInvocationCount() throws Exception {
        CiderTrainer reused = tiny(1);
        byte[] first;
        try (CiderModel m = reused.train(splits)) {
            first = parameters(m);
        }
        byte[] second;
        int recordedCount;
        try (CiderModel m = reused.train(splits)) {
            second = parameters(m);
            recordedCount = ((IntProvenance) m.getProvenance().getTrainerProvenance().getInstanceValues()
                    .get(TrainerProvenance.TRAIN_INVOCATION_COUNT)).getValue();
        }
        assertEquals(1, recordedCount);
        CiderTrainer rerun = reused.toBuilder().build();
        assertEquals(0, rerun.getInvocationCount(), "a trainer from toBuilder starts from its seed");
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
        checkpointed(1, dir, false).train(splits).close();
        assertTrue(Files.isRegularFile(dir.resolve(CiderTrainer.checkpointFileName())));
        try (CiderModel resumed = checkpointed(3, dir, true).train(splits)) {
            assertArrayEquals(straight, parameters(resumed));
        }
    }

    @Test
    void aCheckpointOfOtherSettingsIsRefusedNamingTheSetting(@TempDir Path dir) {
        checkpointed(1, dir, false).train(splits).close();
        CiderTrainer other = tinyBuilder(2).architecture(twoLayers()).checkpoints(dir, true, false).build();
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
        checkpointed(1, before, false).train(splits).close();
        Path after = Files.move(before, Files.createDirectories(dir.resolve("elsewhere")).resolve("after"));
        try (CiderModel resumed = checkpointed(2, after, true).train(splits)) {
            assertArrayEquals(straight, parameters(resumed));
        }
    }

    @Test
    void aRunWithoutResumeRefusesToReplaceACheckpointUnlessTold(@TempDir Path dir) throws Exception {
        checkpointed(1, dir, false).train(splits).close();
        byte[] first = Files.readAllBytes(dir.resolve(CiderTrainer.checkpointFileName()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> checkpointed(1, dir, false).train(splits));
        assertTrue(e.getMessage().contains(dir.toAbsolutePath().toString()) && e.getMessage().contains("already holds a checkpoint")
                && e.getMessage().contains("overwriteCheckpoint"), e.getMessage());
        assertArrayEquals(first, Files.readAllBytes(dir.resolve(CiderTrainer.checkpointFileName())));
        tinyBuilder(1).architecture(twoLayers()).checkpoints(dir, false, true).build().train(splits).close();
        assertFalse(Arrays.equals(first, Files.readAllBytes(dir.resolve(CiderTrainer.checkpointFileName()))),
                "overwriteCheckpoint did not start over");
    }

    @Test
    void aCheckpointDirectoryLockedByAnotherRunIsRefused(@TempDir Path dir) throws Exception {
        try (RunLock other = RunLock.tryAcquire(dir.resolve(CiderTrainer.checkpointLockFileName())).orElseThrow()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> checkpointed(1, dir, false).train(splits));
            assertTrue(e.getMessage().contains(dir.toAbsolutePath().toString()) && e.getMessage().contains("another training run"),
                    e.getMessage());
            assertFalse(Files.exists(dir.resolve(CiderTrainer.checkpointFileName())));
        }
        checkpointed(1, dir, false).train(splits).close();
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
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tinyBuilder(1).device("gpu", 0).build().train(splits));
        assertTrue(e.getMessage().contains("not available"), e.getMessage());
    }

    @Test
    void refusesBadSettingsNamingTheProperty() {
        assertRefused("heads", () -> CiderArchitecture.builder().size(30, 1, 4).build());
        assertRefused("learningRate", () -> tinyBuilder(1).learningRate(-1f).build());
        assertRefused("device", () -> tinyBuilder(1).device("tpu", 0).build());
        assertRefused("resume", () -> tinyBuilder(1).checkpoints(null, true, false).build());
        assertRefused("overwriteCheckpoint", () -> tinyBuilder(1).checkpoints(null, false, true).build());
        assertRefused("overwriteCheckpoint", () -> tinyBuilder(1).checkpoints(Path.of("x"), true, true).build());
        assertRefused("architecture", () -> tinyBuilder(1).architecture(null).build());
    }

    @Test
    void aBuilderBuildsOnceAndToBuilderLeavesTheOriginalUnchanged() {
        CiderTrainer.Builder builder = tinyBuilder(1);
        CiderTrainer built = builder.build();
        assertThrows(IllegalStateException.class, builder::build);
        CiderTrainer longer = built.toBuilder().epochs(7).build();
        assertTrue(longer.toString().contains("epochs=7"), longer.toString());
        assertTrue(built.toString().contains("epochs=1"), built.toString());
        assertEquals(built.getArchitecture(), longer.getArchitecture());
    }

    private static void assertRefused(String property, org.junit.jupiter.api.function.Executable build) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build);
        assertTrue(e.getMessage().startsWith(property + ": "), e.getMessage());
    }
}
