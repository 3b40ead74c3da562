package dev.cider.repro;

import com.oracle.labs.mlrg.olcut.provenance.MapProvenance;
import com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.LongProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.StringProvenance;
import com.oracle.labs.mlrg.olcut.util.Pair;
import dev.cider.data.DataSplit;
import dev.cider.data.MultimodalSplits;
import dev.cider.data.SentimentTask;
import dev.cider.data.source.MultimodalSourceProvenance;
import dev.cider.data.source.SyntheticPreset;
import dev.cider.data.source.SyntheticSource;
import dev.cider.model.CiderModel;
import dev.cider.runtime.NumericsEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.baseline.DummyClassifierTrainer;
import org.tribuo.provenance.DatasetProvenance;
import org.tribuo.provenance.ModelProvenance;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.provenance.impl.TrainerProvenanceImpl;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What cannot be reproduced fails with a message naming the problem: no model file, a file that is not a model, a
 * model that is not a CIDer model, and provenance that does not record how to rebuild the trainer or the data. A
 * provenance that was edited after training is reproduced but reported as not identical, with the recorded numerics
 * environment entries that differ from this process's (or the lack of a recorded one) named.
 */
class ReproductionFailuresTest {

    private static MultimodalSplits splits;
    private static CiderModel model;

    @TempDir
    Path dir;

    @BeforeAll
    static void train() {
        splits = MultimodalSplits.load(SyntheticSource.builder(SyntheticPreset.MOSI_ALIGNED).task(SentimentTask.BINARY).seed(5)
                .sizes(48, 16, 12).build());
        model = ReproductionFixtures.tinyTrainer(11, 1).train(splits);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static Map<String, Provenance> entries(Iterable<Pair<String, Provenance>> p) {
        Map<String, Provenance> m = new LinkedHashMap<>();
        for (Pair<String, Provenance> e : p) {
            m.put(e.getA(), e.getB());
        }
        return m;
    }

    private static CiderModel withProvenance(ModelProvenance provenance) {
        return new CiderModel(model.getName(), provenance, model.getFeatureIDMap(), model.getOutputIDInfo(), model.getNetworkSpec(),
                model.getParameters(), model.getPrototypes(), model.getBiasWords(), model.getTau(), model.getTask(), model.getLayout(),
                splits.examples(DataSplit.TRAIN).get(0).getSpecialTokens(), true, 128, "cpu");
    }

    private static ModelProvenance edited(String key, Provenance value) {
        Map<String, Provenance> m = entries(model.getProvenance());
        m.put(key, value);
        return new ModelProvenance(m);
    }

    private static DatasetProvenance datasetWithSource(DatasetProvenance dataset, Provenance source) {
        Map<String, Provenance> m = entries(dataset);
        m.put("datasource", source);
        return new DatasetProvenance(m);
    }

    private static String failure(CiderModel m) {
        return assertThrows(ReproductionException.class, () -> new ModelReproducer().reproduce(m)).getMessage();
    }

    @Test
    void aMissingFileIsNamed() {
        Path missing = dir.resolve("none.tribuo");
        ReproductionException e = assertThrows(ReproductionException.class, () -> new ModelReproducer().reproduce(missing));
        assertEquals("No model file at " + missing.toAbsolutePath(), e.getMessage());
    }

    @Test
    void aFileThatIsNotAModelIsNamed() throws Exception {
        Path garbage = Files.writeString(dir.resolve("garbage.tribuo"), "not a model");
        ReproductionException e = assertThrows(ReproductionException.class, () -> new ModelReproducer().reproduce(garbage));
        assertTrue(e.getMessage().startsWith("Model file " + garbage.toAbsolutePath() + " (11 bytes) is not a Tribuo model file"), e.getMessage());
    }

    @Test
    void anotherKindOfModelIsRefused() throws Exception {
        Path file = dir.resolve("dummy.tribuo");
        DummyClassifierTrainer.createMostFrequentTrainer().train(splits.train()).serializeToFile(file);
        ReproductionException e = assertThrows(ReproductionException.class, () -> new ModelReproducer().reproduce(file));
        assertTrue(e.getMessage().contains("holds a org.tribuo.classification.baseline.DummyClassifierModel"), e.getMessage());
        assertTrue(e.getMessage().contains("only CIDer models"), e.getMessage());
    }

    @Test
    void aModelOfAnotherTrainerIsRefused() {
        CiderModel m = withProvenance(edited("trainer", DummyClassifierTrainer.createMostFrequentTrainer().getProvenance()));
        String message = failure(m);
        assertTrue(message.contains("trained by org.tribuo.classification.baseline.DummyClassifierTrainer"), message);
        assertTrue(message.contains("only models trained by CiderTrainer"), message);
    }

    @Test
    void trainingDataWithoutAConfiguredSourceIsNamed() {
        DatasetProvenance inMemory = datasetWithSource(model.getProvenance().getDatasetProvenance(),
                new SimpleDataSourceProvenance("examples built in memory", new LabelFactory()));
        String message = failure(withProvenance(edited("dataset", inMemory)));
        assertTrue(message.startsWith("The training data source records no configuration"), message);
        assertTrue(message.contains("SimpleDataSourceProvenance") && message.contains("examples built in memory"), message);
    }

    @Test
    void validationDataWithoutAConfiguredSourceIsNamed() {
        @SuppressWarnings("unchecked")
        Map<String, Provenance> run = new LinkedHashMap<>((Map<String, Provenance>) model.getProvenance().getInstanceProvenance().getMap());
        run.put("validation-data", datasetWithSource((DatasetProvenance) run.get("validation-data"),
                new SimpleDataSourceProvenance("valid in memory", new LabelFactory())));
        String message = failure(withProvenance(edited("instance-values", new MapProvenance<>(run))));
        assertTrue(message.startsWith("The validation data source records no configuration"), message);
    }

    @Test
    void aSourceClassThatNoLongerExistsIsNamed() {
        DatasetProvenance dataset = model.getProvenance().getDatasetProvenance();
        Map<String, Provenance> source = entries((ObjectProvenance) dataset.getSourceProvenance());
        source.put("class-name", new StringProvenance("class-name", "dev.cider.data.source.RemovedSource"));
        String message = failure(withProvenance(edited("dataset", datasetWithSource(dataset, new MultimodalSourceProvenance(source)))));
        assertEquals("The training data source needs the class dev.cider.data.source.RemovedSource, which is not on the classpath", message);
    }

    @Test
    void aProvenanceEditedAfterTrainingIsReportedAsNotIdentical() {
        Map<String, Provenance> trainer = entries(model.getProvenance().getTrainerProvenance());
        trainer.put("seed", new LongProvenance("seed", 12L));
        try (CiderModel m = withProvenance(edited("trainer", new TrainerProvenanceImpl(trainer)))) {
            ReproductionReport report = new ModelReproducer().reproduce(m);
            assertFalse(report.identical());
            assertFalse(report.parameters().identical());
            assertTrue(report.significantDifferences().isEmpty(), report.significantDifferences().toString());
            assertEquals(1, report.causes().size());
            assertTrue(report.causes().get(0).startsWith("no difference in configuration, data or recorded machine facts was found"),
                    report.causes().get(0));
            assertTrue(report.environment().same(), () -> report.environment().differences().toString());
            assertTrue(report.causes().get(0).contains("numerics environment (CPU, ATen kernels, threads, numerics mode, versions) is the"
                    + " one the saved model records"), report.causes().get(0));
        }
    }

    /**
     * The model with the trainer seed 12 in its provenance (so that its reproduction differs without a provenance
     * difference) and its run values edited.
     */
    private static CiderModel reseeded(Consumer<Map<String, Provenance>> editRunValues) {
        Map<String, Provenance> trainer = entries(model.getProvenance().getTrainerProvenance());
        trainer.put("seed", new LongProvenance("seed", 12L));
        @SuppressWarnings("unchecked")
        Map<String, Provenance> run = new LinkedHashMap<>((Map<String, Provenance>) model.getProvenance().getInstanceProvenance().getMap());
        editRunValues.accept(run);
        Map<String, Provenance> m = entries(model.getProvenance());
        m.put("trainer", new TrainerProvenanceImpl(trainer));
        m.put("instance-values", new MapProvenance<>(run));
        return withProvenance(new ModelProvenance(m));
    }

    @Test
    void aRecordedEnvironmentOfTwoThreadsIsNamedAmongTheCauses() {
        String threads = NumericsEnvironment.PROVENANCE_PREFIX + "pytorch.intra-op-threads";
        assertEquals("1", ((StringProvenance) model.getProvenance().getInstanceProvenance().getMap().get(threads)).getValue(),
                "the test JVMs run PyTorch with one thread");
        try (CiderModel edited = reseeded(run -> run.put(threads, new StringProvenance(threads, "2")))) {
            ReproductionReport report = new ModelReproducer().reproduce(edited);
            assertFalse(report.identical());
            assertEquals(List.of("pytorch.intra-op-threads: 2 | 1"), report.environment().differences());
            assertTrue(report.significantDifferences().isEmpty(), report.significantDifferences().toString());
            assertEquals(List.of("numerics.pytorch.intra-op-threads: 2 | 1 (saved model | this process)"), report.causes());
            assertTrue(report.provenanceDifferences().stream().anyMatch(d -> d.kind() == ProvenanceDifference.Kind.NUMERICS_ENVIRONMENT
                    && d.path().equals("instance-values." + threads)), report.provenanceDifferences().toString());
        }
    }

    @Test
    void aModelWithoutARecordedEnvironmentSaysSo() {
        try (CiderModel edited = reseeded(run -> run.keySet().removeIf(k -> k.startsWith(NumericsEnvironment.PROVENANCE_PREFIX)))) {
            ReproductionReport report = new ModelReproducer().reproduce(edited);
            assertFalse(report.identical());
            assertTrue(report.environment().first().isEmpty());
            assertTrue(report.environment().differences().isEmpty());
            assertEquals(1, report.causes().size(), report.causes().toString());
            assertTrue(report.causes().get(0).contains("the saved model records no numerics environment"), report.causes().get(0));
        }
    }
}
