package dev.cider.repro;

import dev.cider.data.MultimodalSplits;
import dev.cider.data.SentimentTask;
import dev.cider.data.source.SyntheticPreset;
import dev.cider.data.source.SyntheticSource;
import dev.cider.model.CiderModel;
import dev.cider.train.CiderTrainer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Train, save, reproduce on tiny data: identical reproductions (with a validation split, and with the trainer's own
 * held-out validation after an earlier training), and reproductions that differ because a setting or a data file
 * changed.
 */
class ModelReproducerTest {

    private static MultimodalSplits splits;

    @TempDir
    Path dir;

    @BeforeAll
    static void data() {
        splits = MultimodalSplits.load(SyntheticSource.builder(SyntheticPreset.MOSI_ALIGNED).task(SentimentTask.BINARY).seed(5)
                .sizes(64, 24, 20).build());
    }

    private static void assertIdentical(ReproductionReport report) {
        assertTrue(report.parameters().networkBytesIdentical());
        assertTrue(report.parameters().differingGroups().isEmpty(), () -> report.parameters().differingGroups().toString());
        assertTrue(report.parameters().tauIdentical());
        assertTrue(report.parameters().biasWordsIdentical());
        assertEquals(report.predictions().utterances(), report.predictions().sameLabel());
        assertEquals(0.0, report.predictions().maxProbabilityDifference());
        assertTrue(report.dataFileChanges().isEmpty(), () -> report.dataFileChanges().toString());
        for (ProvenanceDifference d : report.provenanceDifferences()) {
            assertEquals(ProvenanceDifference.Kind.TIMESTAMP, d.kind(), d.describe());
        }
        assertTrue(report.identical());
        assertTrue(report.causes().isEmpty());
    }

    @Test
    void aSavedModelIsReproducedBitForBit() throws Exception {
        Path file;
        try (CiderModel model = ReproductionFixtures.tinyTrainer(11, 2).train(splits)) {
            file = ReproductionFixtures.save(model, dir.resolve("m.tribuo"));
        }
        ReproductionReport report = new ModelReproducer().reproduce(file);
        assertIdentical(report);
        assertEquals(splits.test().size(), report.predictions().utterances());
        assertEquals(0, report.invocationCount());
        assertTrue(report.validationData().contains("valid"), report.validationData());
        assertTrue(report.parameters().groups().size() > 10);
        assertTrue(report.provenanceDifferences().stream().anyMatch(d -> d.path().equals("trained-at")));
    }

    @Test
    void theInvocationCountAndTheHeldOutValidationAreRestored() throws Exception {
        CiderTrainer trainer = ReproductionFixtures.tinyTrainer(11, 1);
        trainer.train(splits.train()).close();
        Path file;
        try (CiderModel second = trainer.train(splits.train())) {
            file = ReproductionFixtures.save(second, dir.resolve("second.tribuo"));
        }
        ReproductionReport report = new ModelReproducer().reproduce(file);
        assertEquals(1, report.invocationCount());
        assertNull(report.validationData());
        assertIdentical(report);
    }

    @Test
    void anOverriddenSeedIsReportedAsTheCause() throws Exception {
        Path file;
        try (CiderModel model = ReproductionFixtures.tinyTrainer(11, 1).train(splits)) {
            file = ReproductionFixtures.save(model, dir.resolve("m.tribuo"));
        }
        ReproductionReport report = new ModelReproducer(List.of(SettingOverride.parse("trainer.seed=12")), line -> { }).reproduce(file);
        assertFalse(report.identical());
        assertFalse(report.parameters().identical());
        assertTrue(report.parameters().differingValues() > 0);
        assertTrue(report.predictions().maxProbabilityDifference() > 0);
        assertEquals(List.of("trainer.seed: 11 != 12"), report.causes());
    }

    @Test
    void aChangedDataFileIsNamedWithItsHashes() throws Exception {
        Path csv = ReproductionFixtures.writeCsv(dir.resolve("corpus.csv"));
        Path file;
        try (CiderModel model = ReproductionFixtures.tinyTrainer(3, 1).train(MultimodalSplits.load(ReproductionFixtures.csvSource(csv)))) {
            file = ReproductionFixtures.save(model, dir.resolve("csv.tribuo"));
        }
        String before = com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil.hashResource(
                com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil.HashType.SHA256, csv);
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        lines.set(1, lines.get(1).replace("a great and good film", "a great and wonderful film"));
        Files.write(csv, lines, StandardCharsets.UTF_8);
        String after = com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil.hashResource(
                com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil.HashType.SHA256, csv);

        ReproductionReport report = new ModelReproducer().reproduce(file);
        assertEquals(1, report.dataFileChanges().size(), report.dataFileChanges().toString());
        DataFileChange change = report.dataFileChanges().get(0);
        assertEquals(csv.toAbsolutePath().toString(), change.file());
        assertEquals(before, change.recordedSha256());
        assertEquals(after, change.currentSha256());
        assertEquals("data file " + csv.toAbsolutePath() + " changed: sha256 " + before + " != " + after, change.message());
        assertFalse(report.identical());
        assertEquals(change.message(), report.causes().get(0));
        assertTrue(report.provenanceDifferences().stream()
                .anyMatch(d -> d.kind() == ProvenanceDifference.Kind.DATA_HASH && d.path().equals("dataset.datasource.sha256:csv")));
    }

    @Test
    void aMovedDataFileFailsClearlyAndAnOverrideFindsIt() throws Exception {
        Path csv = ReproductionFixtures.writeCsv(dir.resolve("corpus.csv"));
        Path file;
        try (CiderModel model = ReproductionFixtures.tinyTrainer(3, 1).train(MultimodalSplits.load(ReproductionFixtures.csvSource(csv)))) {
            file = ReproductionFixtures.save(model, dir.resolve("csv.tribuo"));
        }
        Path moved = Files.move(csv, dir.resolve("moved.csv"));
        ReproductionException e = assertThrows(ReproductionException.class, () -> new ModelReproducer().reproduce(file));
        assertTrue(e.getMessage().startsWith("Cannot read the training data source CsvTextSource(corpus.csv, train): "), e.getMessage());
        assertTrue(e.getMessage().contains(csv.toAbsolutePath().toString()), e.getMessage());
        assertTrue(e.getMessage().contains("data.path=NEW_PATH"), e.getMessage());

        ReproductionReport report = new ModelReproducer(List.of(SettingOverride.parse("data.path=" + moved)), line -> { }).reproduce(file);
        assertTrue(report.identical(), () -> report.causes().toString());
        assertEquals(List.of("dataset.datasource.path", "instance-values.validation-data.datasource.path"),
                report.significantDifferences().stream().map(ProvenanceDifference::path).toList());
    }
}
