package dev.cider.train;

import dev.cider.data.DataSplit;
import dev.cider.data.MultimodalExample;
import dev.cider.data.MultimodalSplits;
import dev.cider.data.SentimentTask;
import dev.cider.data.source.SyntheticPreset;
import dev.cider.data.source.SyntheticSource;
import dev.cider.maci.TauDebiaser;
import dev.cider.metrics.SentimentMetric;
import dev.cider.metrics.SentimentMetrics;
import dev.cider.metrics.TribuoPredictions;
import dev.cider.missing.Rmfm;
import dev.cider.model.CiderModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.test.Helpers;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Trains one small CIDer model on synthetic MOSI-shaped data and checks what a user relies on: accuracy on complete
 * and incomplete inputs, serialisation, provenance and configuration.
 */
class CiderTrainerTest {

    private static MultimodalSplits splits;
    private static CiderTrainer trainer;
    private static CiderModel model;

    static CiderTrainer smallTrainer(long seed) {
        return CiderTrainer.builder(SentimentTask.BINARY, seed).schedule(10, 32, 10)
                .distillation(true, 0.6, 0.01, 0.1).showProgress(false)
                .architecture(CiderArchitecture.builder().size(32, 1, 4).build()).build();
    }

    @BeforeAll
    static void train() {
        SyntheticSource source = SyntheticSource.builder(SyntheticPreset.MOSI_ALIGNED).task(SentimentTask.BINARY).seed(3)
                .sizes(400, 100, 200).build();
        splits = MultimodalSplits.load(source);
        trainer = smallTrainer(1);
        model = trainer.train(splits);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static double acc2(List<MultimodalExample> examples) {
        return SentimentMetrics.evaluate(TribuoPredictions.predict(model, examples, SentimentTask.BINARY)).get(SentimentMetric.ACC2_NON0);
    }

    private static double majorityAcc2(List<MultimodalExample> test) {
        long neg = test.stream().filter(e -> e.getScore() < 0).count();
        long pos = test.stream().filter(e -> e.getScore() > 0).count();
        return Math.max(neg, pos) / (double) (neg + pos);
    }

    @Test
    void beatsTheMajorityClassOnCompleteAndIncompleteInputs() {
        List<MultimodalExample> test = splits.examples(DataSplit.TEST);
        double majority = majorityAcc2(test);
        double complete = acc2(test);
        assertTrue(complete > majority + 0.15, "complete-input Acc2 " + complete + " vs majority " + majority);
        List<MultimodalExample> corrupted = new ArrayList<>();
        Rmfm rmfm = new Rmfm();
        for (MultimodalExample ex : test) {
            corrupted.add(rmfm.corrupt(ex, 0.7, 5));
        }
        double incomplete = acc2(corrupted);
        assertTrue(incomplete > 0.6, "Acc2 at RMFM rate 0.7: " + incomplete);
    }

    @Test
    void predictionsAreProbabilitiesAndDebiasingCanBeSwitchedOff() {
        List<MultimodalExample> test = splits.examples(DataSplit.TEST).subList(0, 20);
        List<Prediction<Label>> debiased = model.predict(test, true);
        List<Prediction<Label>> plain = model.predict(test, false);
        for (Prediction<Label> p : debiased) {
            double sum = p.getOutputScores().values().stream().mapToDouble(Label::getScore).sum();
            assertEquals(1.0, sum, 1e-6);
            assertEquals(3, p.getOutputScores().size());
        }
        assertEquals(model.isDebiasing(), true);
        if (model.getTau() > 0) {
            boolean differs = false;
            for (int i = 0; i < test.size(); i++) {
                differs |= Math.abs(debiased.get(i).getOutput().getScore() - plain.get(i).getOutput().getScore()) > 1e-9;
            }
            assertTrue(differs, "tau " + model.getTau() + " must change the scores");
        }
        assertTrue(model.getTau() >= 0 && model.getTau() <= 3.0);
    }

    @Test
    void tauChosenAgainOnTheValidSplitIsTheTrainersAndWithTauAppliesAnotherTau() {
        TauDebiaser.Selection again = model.selectTau(splits.examples(DataSplit.VALID), 3.0);
        assertEquals(model.getTau(), again.tau(), 0.0);
        assertEquals(31, again.grid().length);
        List<MultimodalExample> test = splits.examples(DataSplit.TEST).subList(0, 40);
        double[][] logPcf = model.counterfactualLogProbabilities(test);
        List<Prediction<Label>> factual = model.predict(test, false);
        try (CiderModel strong = model.withTau(1.5)) {
            assertEquals(1.5, strong.getTau(), 0.0);
            assertEquals(model.getProvenance(), strong.getProvenance());
            List<Prediction<Label>> debiased = strong.predict(test, true);
            List<String> classes = SentimentTask.BINARY.classNames();
            for (int i = 0; i < test.size(); i++) {
                double[] y = new double[classes.size()];
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < y.length; c++) {
                    y[c] = Math.log(factual.get(i).getOutputScores().get(classes.get(c)).getScore()) - 1.5 * logPcf[i][c];
                    max = Math.max(max, y[c]);
                }
                double sum = 0;
                for (double v : y) {
                    sum += Math.exp(v - max);
                }
                for (int c = 0; c < y.length; c++) {
                    double expected = Math.exp(y[c] - max) / sum;
                    assertEquals(expected, debiased.get(i).getOutputScores().get(classes.get(c)).getScore(), 1e-5,
                            "utterance " + i + " class " + classes.get(c));
                }
            }
        }
        assertThrows(IllegalArgumentException.class, () -> model.withTau(-0.1));
        assertThrows(IllegalArgumentException.class, () -> model.withTau(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> model.selectTau(List.of(), 3.0));
    }

    @Test
    void protobufRoundTripGivesIdenticalProbabilitiesAndProvenance(@TempDir Path dir) throws IOException {
        List<MultimodalExample> test = splits.examples(DataSplit.TEST).subList(0, 30);
        Path file = dir.resolve("m.tribuo");
        model.serializeToFile(file);
        try (CiderModel loaded = CiderModel.load(file)) {
            List<Prediction<Label>> a = model.predict(test, true);
            List<Prediction<Label>> b = loaded.predict(test, true);
            for (int i = 0; i < a.size(); i++) {
                for (String label : a.get(i).getOutputScores().keySet()) {
                    assertEquals(a.get(i).getOutputScores().get(label).getScore(), b.get(i).getOutputScores().get(label).getScore(), 0.0);
                }
            }
            assertEquals(model.getProvenance(), loaded.getProvenance());
            assertEquals(model.getTau(), loaded.getTau());
            assertEquals(model.getBiasWords(), loaded.getBiasWords());
            assertEquals(model.getPrototypes(), loaded.getPrototypes());
        }
        List<org.tribuo.Example<Label>> examples = new ArrayList<>(test);
        Model<Label> viaHelpers = Helpers.testModelProtoSerialization(model, Label.class, examples);
        assertTrue(viaHelpers instanceof CiderModel);
        ((CiderModel) viaHelpers).close();
    }

    @Test
    void provenanceRecordsEveryHyperParameterAndTheData() {
        var trainerProvenance = model.getProvenance().getTrainerProvenance();
        for (String key : new String[] {"task", "batchSize", "epochs", "learningRate", "patience", "architecture",
                "reconstructionWeight", "attentionWeight", "jointWeight", "trainingPattern", "rateMode", "seed", "device", "threads",
                "incompleteView", "carryOverGradients", "biasThreshold", "biasWordCount", "maxTau"}) {
            assertTrue(trainerProvenance.getConfiguredParameters().containsKey(key), "trainer provenance lacks " + key);
        }
        var architecture = (com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance)
                trainerProvenance.getConfiguredParameters().get("architecture");
        assertEquals(CiderArchitecture.class.getName(), architecture.getClassName());
        for (String key : new String[] {"hiddenDim", "layers", "heads", "attentionDropout", "embeddingDropout", "outputDropout",
                "backbone", "compression", "fusion", "causalModule", "blockwiseAttention"}) {
            assertTrue(architecture.getConfiguredParameters().containsKey(key), "architecture provenance lacks " + key);
        }
        assertEquals("1", architecture.getConfiguredParameters().get("layers").toString());
        String data = model.getProvenance().getDatasetProvenance().toString();
        assertTrue(data.contains("SyntheticSource"), data);
        assertTrue(model.getProvenance().getInstanceProvenance().getMap().containsKey("validation-data"));
        Helpers.testProvenanceMarshalling(model.getProvenance());
        // the provenance was taken before the invocation count was incremented: the first model records 0
        assertEquals(0, ((com.oracle.labs.mlrg.olcut.provenance.primitives.IntProvenance)
                trainerProvenance.getInstanceValues().get("train-invocation-count")).getValue());
        assertEquals(1, trainer.getInvocationCount());
    }

    @Test
    void trainerConfigurationRoundTrips() {
        Helpers.testConfigurableRoundtrip(smallTrainer(7));
    }
}
