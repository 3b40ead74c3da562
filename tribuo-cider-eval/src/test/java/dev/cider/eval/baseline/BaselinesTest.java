package dev.cider.eval.baseline;

import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.PrimitiveProvenance;
import dev.cider.data.MultimodalExample;
import dev.cider.data.SentimentTask;
import dev.cider.metrics.SentimentMetric;
import dev.cider.metrics.SentimentMetrics;
import dev.cider.metrics.TribuoPredictions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.ensemble.VotingCombiner;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.Hinge;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.common.tree.RandomForestTrainer;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.provenance.TrainerProvenance;
import org.tribuo.transform.TransformTrainer;
import org.tribuo.transform.TransformedModel;
import org.tribuo.transform.TransformationMap;
import org.tribuo.transform.TransformerMap;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BaselinesTest {

    private static List<MultimodalExample> train;
    private static List<MultimodalExample> test;
    private static MutableDataset<Label> trainSet;

    @BeforeAll
    static void data() {
        train = LabelDependentExamples.generate(60, 1L);
        test = LabelDependentExamples.generate(60, 2L);
        LabelFactory factory = new LabelFactory();
        trainSet = new MutableDataset<>(new SimpleDataSourceProvenance("label-dependent audio means", factory), factory);
        trainSet.addAll(train);
    }

    private static SentimentMetrics trainAndEvaluate(String name) {
        Model<Label> model = Baselines.trainer(name).train(trainSet);
        return SentimentMetrics.evaluate(TribuoPredictions.predict(model, test, SentimentTask.BINARY));
    }

    private static void assertBeatsMajority(String name) {
        SentimentMetrics m = trainAndEvaluate(name);
        // The classes are balanced, so the majority class scores 1/3 on the 3-way accuracy and 1/2 on non0 Acc2.
        assertTrue(m.get(SentimentMetric.ACC3) >= 0.8, name + ": " + m);
        assertTrue(m.get(SentimentMetric.ACC2_NON0) >= 0.8, name + ": " + m);
    }

    @Test
    void logisticRegressionLearnsTheAudioSignal() {
        assertBeatsMajority(Baselines.LOGISTIC_REGRESSION);
    }

    @Test
    void linearSvmLearnsTheAudioSignal() {
        assertBeatsMajority(Baselines.LINEAR_SVM);
    }

    @Test
    void randomForestLearnsTheAudioSignal() {
        assertBeatsMajority(Baselines.RANDOM_FOREST);
    }

    @Test
    void adaptiveBaselinesChooseAmongSixCandidatesOnTheValidSplit() {
        for (String name : List.of(Baselines.LOGISTIC_REGRESSION_ADAPTIVE, Baselines.LINEAR_SVM_ADAPTIVE)) {
            ValidationSelectedTrainer t = assertInstanceOf(ValidationSelectedTrainer.class, Baselines.trainer(name));
            assertEquals(6, t.candidates().size(), name);
            MutableDataset<Label> valid = new MutableDataset<>(new SimpleDataSourceProvenance("valid", new LabelFactory()), new LabelFactory());
            valid.addAll(LabelDependentExamples.generate(30, 3L));
            Model<Label> m = t.train(trainSet, valid, java.util.Map.of());
            String choice = ValidationSelectedTrainer.choiceOf(m).orElseThrow();
            assertTrue(choice.contains("of 6") && choice.contains("on 30 validation examples"), choice);
            SentimentMetrics metrics = SentimentMetrics.evaluate(TribuoPredictions.predict(m, test, SentimentTask.BINARY));
            assertTrue(metrics.get(SentimentMetric.ACC3) >= 0.8, name + ": " + metrics);
        }
    }

    private static ConfiguredObjectProvenance child(ConfiguredObjectProvenance p, String field) {
        Provenance c = p.getConfiguredParameters().get(field);
        return assertInstanceOf(ConfiguredObjectProvenance.class, c, field + " of " + p.getClassName());
    }

    private static Object value(ConfiguredObjectProvenance p, String field) {
        return assertInstanceOf(PrimitiveProvenance.class, p.getConfiguredParameters().get(field), field).getValue();
    }

    @Test
    void sgdBaselinesAreScaledAndTheirProvenanceRecordsTheConfiguration() {
        Model<Label> model = Baselines.trainer(Baselines.LINEAR_SVM).train(trainSet);
        TransformerMap transformers = assertInstanceOf(TransformedModel.class, model).getTransformerMap();
        // Dense summaries are rescaled; presence fractions and token frequencies are left as they are.
        assertEquals(1, transformers.get("audio.mean.0").size());
        assertEquals(1, transformers.get("vision.std.2").size());
        assertNull(transformers.get(MultimodalExample.AUDIO_PRESENT));
        assertNull(transformers.get("text.tok.2001"));
        assertTrue(trainSet.getFeatureMap().get("text.tok.2001") != null, "the token feature exists in the data");
        TrainerProvenance tp = model.getProvenance().getTrainerProvenance();
        assertEquals(TransformTrainer.class.getName(), tp.getClassName());
        assertEquals(true, value(tp, "includeImplicitZeroFeatures"));
        assertEquals(TransformationMap.class.getName(), child(tp, "transformations").getClassName());
        ConfiguredObjectProvenance sgd = child(tp, "innerTrainer");
        assertEquals(LinearSGDTrainer.class.getName(), sgd.getClassName());
        assertEquals(Hinge.class.getName(), child(sgd, "objective").getClassName());
        assertEquals(50, value(sgd, "epochs"));
        ConfiguredObjectProvenance opt = child(sgd, "optimiser");
        assertEquals(AdaGrad.class.getName(), opt.getClassName());
        assertEquals(0.5, value(opt, "initialLearningRate"));

        TrainerProvenance lr = Baselines.trainer(Baselines.LOGISTIC_REGRESSION).train(trainSet).getProvenance().getTrainerProvenance();
        assertEquals(LogMulticlass.class.getName(), child(child(lr, "innerTrainer"), "objective").getClassName());
    }

    @Test
    void randomForestProvenanceRecordsTheConfiguration() {
        TrainerProvenance tp = Baselines.trainer(Baselines.RANDOM_FOREST).train(trainSet).getProvenance().getTrainerProvenance();
        assertEquals(RandomForestTrainer.class.getName(), tp.getClassName());
        assertEquals(50, value(tp, "numMembers"));
        assertEquals(VotingCombiner.class.getName(), child(tp, "combiner").getClassName());
        ConfiguredObjectProvenance cart = child(tp, "innerTrainer");
        assertEquals(CARTClassificationTrainer.class.getName(), cart.getClassName());
        assertEquals(0.3f, value(cart, "fractionFeaturesInSplit"));
    }

    @Test
    void everyLoadGivesAFreshTrainer() {
        Map<String, Trainer<Label>> all = Baselines.all();
        assertEquals(Baselines.NAMES, List.copyOf(all.keySet()));
        assertNotSame(all.get(Baselines.LINEAR_SVM), Baselines.trainer(Baselines.LINEAR_SVM));
    }

    @Test
    void unknownNameListsTheConfiguredTrainers() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Baselines.trainer("svm"));
        assertTrue(e.getMessage().contains("'svm'") && e.getMessage().contains(Baselines.RANDOM_FOREST), e.getMessage());
        // A component that exists but is not a trainer.
        e = assertThrows(IllegalArgumentException.class, () -> Baselines.trainer("unit-range"));
        assertTrue(e.getMessage().contains("'unit-range'"), e.getMessage());
    }

    @Test
    void loadsFromAConfigurationFileAndRejectsAMissingOne() throws Exception {
        Path dir = Files.createTempDirectory("baselines");
        Path copy = dir.resolve("b.xml");
        try (var in = Baselines.defaultConfig().openStream()) {
            Files.copy(in, copy);
        }
        assertInstanceOf(RandomForestTrainer.class, Baselines.trainer(copy, Baselines.RANDOM_FOREST));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Baselines.trainer(dir.resolve("missing.xml"), Baselines.RANDOM_FOREST));
        assertTrue(e.getMessage().contains("missing.xml"), e.getMessage());
    }
}
