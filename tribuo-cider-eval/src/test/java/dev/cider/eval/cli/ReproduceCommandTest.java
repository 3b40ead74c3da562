package dev.cider.eval.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.StringProvenance;
import dev.cider.data.SpecialTokens;
import dev.cider.model.CiderModel;
import dev.cider.runtime.NumericsEnvironment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.provenance.ModelProvenance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code cider reproduce} end to end: a model saved by {@code cider train} is reproduced identically (exit 0, JSON
 * report), a changed setting makes it differ (exit 1, the cause printed), a recorded numerics environment that differs
 * from this process's is shown and named among the causes, bad input fails with exit 2.
 */
class ReproduceCommandTest {

    @TempDir
    static Path dir;

    private static Path model;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @BeforeAll
    static void train() {
        model = dir.resolve("m.tribuo");
        CliRun train = run("train", "--synthetic", "mosi-aligned", "--train-size", "40", "--valid-size", "16", "--test-size", "20",
                "--epochs", "1", "--output", model.toString());
        assertEquals(0, train.code(), train.err());
    }

    @Test
    void reproducesASavedModelIdentically() throws Exception {
        Path json = dir.resolve("reports/repro.json");
        CliRun r = run("reproduce", "--model", model.toString(), "--set", "trainer.showProgress=false", "--output", json.toString());
        assertEquals(ReproduceCommand.IDENTICAL, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("Provenance: 4 expected differences (timestamps, checkpointing, progress output), no other difference"),
                r.out());
        assertTrue(r.out().contains("Data: SyntheticSource(mosi-aligned, train), validation SyntheticSource(mosi-aligned, valid)"), r.out());
        assertTrue(r.out().contains("Numerics environment: this process's is the one the saved model records ("), r.out());
        assertTrue(r.out().contains("Parameters: identical bit for bit"), r.out());
        assertTrue(r.out().contains("Test predictions: 20 of 20 utterances with the same label (100.0%), max |probability difference| 0"), r.out());
        assertTrue(r.out().contains("identical: yes"), r.out());
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        assertEquals("cider-reproduction", report.get("format").asText());
        assertTrue(report.get("identical").asBoolean());
        assertTrue(report.get("parameters").get("identical").asBoolean());
        assertEquals(20, report.get("predictions").get("sameLabel").asInt());
        int timestamps = 0;
        for (JsonNode d : report.get("provenanceDifferences")) {
            if (d.get("path").asText().equals("trainer.showProgress")) {
                assertEquals("REPRODUCTION_SETTING", d.get("kind").asText(), d.toString());
                assertEquals("true", d.get("original").asText());
            } else {
                assertEquals("TIMESTAMP", d.get("kind").asText(), d.toString());
                timestamps++;
            }
        }
        assertEquals(3, timestamps, "training time and the creation times of the training and validation sources");
        assertTrue(report.get("numericsEnvironment").get("same").asBoolean());
        assertEquals(report.get("numericsEnvironment").get("savedModel"), report.get("numericsEnvironment").get("thisProcess"));
        assertEquals("1", report.get("numericsEnvironment").get("thisProcess").get("pytorch.intra-op-threads").asText());
    }

    @Test
    void aModelRecordedWithTwoThreadsNamesThemAmongTheCauses() throws Exception {
        Path twoThreads = dir.resolve("two-threads.tribuo");
        String threads = NumericsEnvironment.PROVENANCE_PREFIX + "pytorch.intra-op-threads";
        try (CiderModel saved = CiderModel.load(model)) {
            ModelProvenance p = saved.getProvenance();
            Map<String, Provenance> run = new LinkedHashMap<>(p.getInstanceProvenance().getMap());
            assertEquals("1", ((StringProvenance) run.get(threads)).getValue(), "the test JVMs run PyTorch with one thread");
            run.put(threads, new StringProvenance(threads, "2"));
            ModelProvenance edited = new ModelProvenance(p.getClassName(), p.getTrainingTime(), p.getDatasetProvenance(),
                    p.getTrainerProvenance(), run);
            new CiderModel(saved.getName(), edited, saved.getFeatureIDMap(), saved.getOutputIDInfo(), saved.getNetworkSpec(),
                    saved.getParameters(), saved.getPrototypes(), saved.getBiasWords(), saved.getTau(), saved.getTask(), saved.getLayout(),
                    SpecialTokens.BERT_UNCASED, saved.isDebiasing(), 128, "cpu").serializeToFile(twoThreads);
        }
        CliRun same = run("reproduce", "--model", twoThreads.toString());
        assertEquals(ReproduceCommand.IDENTICAL, same.code(), "the thread count alone is not a difference: " + same.out() + same.err());
        assertTrue(same.out().contains("Numerics environment (saved model | this process): 1 difference:\n  pytorch.intra-op-threads: 2 | 1"),
                same.out());
        assertTrue(same.out().contains("no other difference"), "environment entries are not other provenance differences: " + same.out());
        assertTrue(same.out().contains("identical: yes"), same.out());

        Path json = dir.resolve("two-threads.json");
        CliRun differs = run("reproduce", "--model", twoThreads.toString(), "--set", "trainer.seed=7", "--output", json.toString());
        assertEquals(ReproduceCommand.DIFFERS, differs.code(), differs.out() + differs.err());
        assertTrue(differs.out().contains("Causes:\n  - trainer.seed: 1 != 7\n  - numerics.pytorch.intra-op-threads: 2 | 1 (saved model | this process)"),
                differs.out());
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        assertFalse(report.get("numericsEnvironment").get("same").asBoolean());
        assertEquals("pytorch.intra-op-threads: 2 | 1", report.get("numericsEnvironment").get("differences").get(0).asText());
        assertEquals("2", report.get("numericsEnvironment").get("savedModel").get("pytorch.intra-op-threads").asText());
        boolean classified = false;
        for (JsonNode d : report.get("provenanceDifferences")) {
            if (d.get("path").asText().equals("instance-values." + threads)) {
                assertEquals("NUMERICS_ENVIRONMENT", d.get("kind").asText(), d.toString());
                classified = true;
            }
        }
        assertTrue(classified, report.get("provenanceDifferences").toString());
    }

    @Test
    void aChangedSettingMakesItDifferAndIsNamed() throws Exception {
        Path json = dir.resolve("differs.json");
        CliRun r = run("reproduce", "--model", model.toString(), "--set", "trainer.seed=7", "--output", json.toString());
        assertEquals(ReproduceCommand.DIFFERS, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("Override: trainer.seed=7"), r.out());
        assertTrue(r.out().contains("identical: no"), r.out());
        assertTrue(r.out().contains("Causes:\n  - trainer.seed: 1 != 7"), r.out());
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        assertFalse(report.get("identical").asBoolean());
        assertEquals("trainer.seed: 1 != 7", report.get("causes").get(0).asText());
        assertTrue(report.get("parameters").get("differingGroups").size() > 0);
    }

    @Test
    void badInputFailsWithExitCodeTwo() throws Exception {
        CliRun missing = run("reproduce", "--model", dir.resolve("none.tribuo").toString());
        assertEquals(ReproduceCommand.FAILED, missing.code());
        assertTrue(missing.err().contains("No model file at"), missing.err());
        Path garbage = Files.writeString(dir.resolve("garbage.tribuo"), "not a model");
        CliRun bad = run("reproduce", "--model", garbage.toString());
        assertEquals(ReproduceCommand.FAILED, bad.code());
        assertTrue(bad.err().contains("Model file " + garbage.toAbsolutePath() + " (11 bytes) is not a Tribuo model file"), bad.err());
        CliRun none = run("reproduce");
        assertEquals(ReproduceCommand.FAILED, none.code());
        assertTrue(none.err().contains("--model FILE"), none.err());
        CliRun badSet = run("reproduce", "--model", model.toString(), "--set", "trainer.nosuchfield=1");
        assertEquals(ReproduceCommand.FAILED, badSet.code());
        assertTrue(badSet.err().contains("CiderTrainer has no configurable field 'nosuchfield'"), badSet.err());
        CliRun help = run("reproduce", "--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("Reproduce this saved CIDer model"), help.out());
        assertTrue(help.out().contains("Exit code 0: identical, 1: differs, 2: cannot reproduce"), help.out());
    }
}
