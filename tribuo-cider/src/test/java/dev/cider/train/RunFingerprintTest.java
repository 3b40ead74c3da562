package dev.cider.train;

import dev.cider.data.MultimodalSplits;
import dev.cider.data.SentimentTask;
import dev.cider.data.source.SyntheticPreset;
import dev.cider.data.source.SyntheticSource;
import dev.cider.missing.MissingPatterns;
import dev.cider.missing.TrainingRateMode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunFingerprintTest {

    private static MultimodalSplits splits;
    private static MultimodalSplits otherSplits;

    @BeforeAll
    static void data() {
        splits = MultimodalSplits.load(SyntheticSource.builder(SyntheticPreset.MOSI_ALIGNED).task(SentimentTask.BINARY).seed(5)
                .sizes(30, 10, 10).build());
        otherSplits = MultimodalSplits.load(SyntheticSource.builder(SyntheticPreset.MOSI_ALIGNED).task(SentimentTask.BINARY).seed(6)
                .sizes(30, 10, 10).build());
    }

    private static CiderTrainer trainer() {
        return CiderTrainer.builder(SentimentTask.BINARY, 11).schedule(3, 16, 50).showProgress(false)
                .architecture(CiderArchitecture.builder().size(16, 1, 2).build()).build();
    }

    private static RunFingerprint of(CiderTrainer trainer, long runSeed, MultimodalSplits data) {
        return RunFingerprint.of(trainer.getProvenance().getConfiguredParameters(), runSeed, data.train(), data.valid());
    }

    @Test
    void whereTheRunKeepsItsFilesAndHowLongItRunsAreNotPartOfIt() {
        RunFingerprint here = of(trainer().toBuilder().checkpoints(Path.of("/tmp/a/checkpoints"), false, false).build(), 7, splits);
        RunFingerprint moved = of(trainer().toBuilder().schedule(9, 16, 50).showProgress(true)
                .checkpoints(Path.of("/elsewhere/b"), true, false).build(), 7, splits);
        assertEquals(List.of(), moved.differencesFrom(here));
        assertEquals(here, moved);
        assertTrue(here.values().keySet().stream().noneMatch(RunFingerprint.UNFINGERPRINTED_SETTINGS::contains), here.values().toString());
    }

    @Test
    void namesEachDifferingSettingWithBothValues() {
        RunFingerprint recorded = of(trainer(), 7, splits);
        RunFingerprint now = of(trainer().toBuilder().learningRate(5e-4f)
                .architecture(CiderArchitecture.builder().size(16, 2, 2).build()).build(), 7, splits);
        List<String> differences = now.differencesFrom(recorded);
        assertEquals(2, differences.size(), differences.toString());
        assertTrue(differences.get(0).startsWith("architecture.layers: 1 in the checkpoint, 2 in this run"), differences.toString());
        assertTrue(differences.get(1).startsWith("learningRate: ") && differences.get(1).contains("5.0E-4 in this run"), differences.toString());
    }

    @Test
    void namesNestedComponentSettings() {
        RunFingerprint recorded = of(trainer().toBuilder()
                .trainingPattern(MissingPatterns.parse("rmfm"), TrainingRateMode.PER_EXAMPLE).build(), 7, splits);
        RunFingerprint now = of(trainer().toBuilder()
                .trainingPattern(MissingPatterns.parse("rmm"), TrainingRateMode.PER_EXAMPLE).build(), 7, splits);
        List<String> differences = now.differencesFrom(recorded);
        assertTrue(differences.stream().anyMatch(d -> d.startsWith("trainingPattern")), differences.toString());
    }

    @Test
    void namesTheDataAndTheRunSeed() {
        RunFingerprint recorded = of(trainer(), 7, splits);
        List<String> otherData = of(trainer(), 7, otherSplits).differencesFrom(recorded);
        assertTrue(otherData.stream().anyMatch(d -> d.startsWith(RunFingerprint.TRAINING_DATA + ": ")), otherData.toString());
        assertTrue(otherData.stream().anyMatch(d -> d.startsWith(RunFingerprint.VALIDATION_DATA + ": ")), otherData.toString());
        assertEquals(2, otherData.size(), otherData.toString());
        List<String> otherSeed = of(trainer(), 8, splits).differencesFrom(recorded);
        assertEquals(List.of(RunFingerprint.RUN_SEED + ": 7 in the checkpoint, 8 in this run"), otherSeed);
        RunFingerprint heldOut = RunFingerprint.of(trainer().getProvenance().getConfiguredParameters(), 7, splits.train(), null);
        assertEquals(1, heldOut.differencesFrom(recorded).size(), heldOut.differencesFrom(recorded).toString());
    }

    @Test
    void aSettingOnlyOneSideHasIsNamedAsAbsentOnTheOther() {
        RunFingerprint recorded = new RunFingerprint(Map.of("a", "1", "gone", "x"));
        RunFingerprint now = new RunFingerprint(Map.of("a", "1", "new", "y"));
        assertEquals(List.of("gone: x in the checkpoint, (none) in this run", "new: (none) in the checkpoint, y in this run"),
                now.differencesFrom(recorded));
    }
}
