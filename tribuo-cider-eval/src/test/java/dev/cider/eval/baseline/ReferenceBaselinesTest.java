package dev.cider.eval.baseline;

import dev.cider.data.FeatureSequence;
import dev.cider.data.MultimodalExample;
import dev.cider.data.SentimentTask;
import dev.cider.data.SpecialTokens;
import dev.cider.data.TextInput;
import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.baseline.DummyClassifierTrainer;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.evaluation.LabelEvaluator;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The baselines that make a comparison fair: the lengths-only reference, class-balanced weights and the choice of a
 * candidate on the validation split.
 */
class ReferenceBaselinesTest {

    private static final int TEXT_STEPS = 20;
    private static final LabelFactory LABELS = new LabelFactory();

    /** Positive utterances are long (12-19 tokens), negative ones short (4-11); audio and vision are noise. */
    private static MutableDataset<Label> lengthDependent(int count, long seed) {
        Random rng = new Random(seed);
        SpecialTokens special = SpecialTokens.BERT_UNCASED;
        MutableDataset<Label> out = new MutableDataset<>(new SimpleDataSourceProvenance("lengths " + seed, LABELS), LABELS);
        for (int i = 0; i < count; i++) {
            boolean positive = i % 2 == 0;
            double score = positive ? 1.5 : -1.5;
            int length = positive ? 12 + rng.nextInt(8) : 4 + rng.nextInt(8);
            int[] ids = new int[TEXT_STEPS];
            ids[0] = special.cls();
            for (int t = 1; t < length - 1; t++) {
                ids[t] = 2000 + rng.nextInt(50);
            }
            ids[length - 1] = special.sep();
            float[][] audio = new float[6][3];
            for (float[] row : audio) {
                for (int d = 0; d < 3; d++) {
                    row[d] = (float) rng.nextGaussian();
                }
            }
            out.add(new MultimodalExample(SentimentTask.BINARY.label(score), "u" + seed + "-" + i, "utterance " + i, score,
                    new TextInput(ids, length, null), FeatureSequence.fromRows(audio, 8, 3), FeatureSequence.fromRows(audio, 8, 3),
                    special));
        }
        return out;
    }

    @Test
    void lengthsOnlyModelPredictsFromTheLengthsAndSurvivesProtobuf() throws Exception {
        MutableDataset<Label> train = lengthDependent(200, 1);
        MutableDataset<Label> test = lengthDependent(100, 2);
        Model<Label> model = new LengthsOnlyTrainer(new CARTClassificationTrainer(3)).train(train);
        assertTrue(model instanceof LengthsOnlyModel);
        double accuracy = new LabelEvaluator().evaluate(model, test).accuracy();
        assertEquals(1.0, accuracy, 1e-12, "the label is a threshold on the text length");
        assertEquals(List.of(ValidLengths.AUDIO, ValidLengths.TEXT, ValidLengths.VISION),
                List.of(model.getFeatureIDMap().get(0).getName(), model.getFeatureIDMap().get(1).getName(),
                        model.getFeatureIDMap().get(2).getName()));
        assertTrue(model.getProvenance().getDatasetProvenance().getSourceProvenance().toString().contains("valid lengths of"));

        Model<?> back = Model.deserialize(model.serialize());
        assertTrue(back instanceof LengthsOnlyModel);
        assertEquals(model.getProvenance(), back.getProvenance());
        @SuppressWarnings("unchecked")
        Model<Label> read = (Model<Label>) back;
        List<Prediction<Label>> a = model.predict(test);
        List<Prediction<Label>> b = read.predict(test);
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).getOutput().getLabel(), b.get(i).getOutput().getLabel());
            assertTrue(b.get(i).getExample() instanceof MultimodalExample, "the prediction keeps the multimodal example");
        }
    }

    @Test
    void lengthsOnlyModelRefusesPlainExamples() {
        Model<Label> model = new LengthsOnlyTrainer(new CARTClassificationTrainer(3)).train(lengthDependent(40, 3));
        ArrayExample<Label> plain = new ArrayExample<>(new Label("Positive"));
        plain.add("audio.mean.0", 1.0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.predict(plain));
        assertTrue(e.getMessage().contains("multimodal examples"), e.getMessage());
    }

    /** 90 examples of class A around x = +1, 10 of class B around x = -0.2: overlapping, B rare. */
    private static MutableDataset<Label> imbalanced(long seed) {
        Random rng = new Random(seed);
        MutableDataset<Label> out = new MutableDataset<>(new SimpleDataSourceProvenance("imbalanced " + seed, LABELS), LABELS);
        for (int i = 0; i < 100; i++) {
            boolean rare = i % 10 == 0;
            ArrayExample<Label> ex = new ArrayExample<>(new Label(rare ? "B" : "A"));
            ex.add("x", (rare ? -0.2 : 1.0) + 0.6 * rng.nextGaussian());
            ex.add("bias", 1.0);
            out.add(ex);
        }
        return out;
    }

    @Test
    void classFactorsGiveEveryClassTheSameTotalWeight() {
        Map<String, Double> f = ClassBalancedTrainer.classFactors(imbalanced(1));
        assertEquals(100.0 / (2 * 90), f.get("A"), 1e-12);
        assertEquals(100.0 / (2 * 10), f.get("B"), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> ClassBalancedTrainer.classFactors(
                new MutableDataset<>(new SimpleDataSourceProvenance("empty", LABELS), LABELS)));
    }

    @Test
    void balancedWeightsRaiseTheRareClassRecall() {
        MutableDataset<Label> train = imbalanced(1);
        MutableDataset<Label> test = imbalanced(2);
        LabelEvaluator ev = new LabelEvaluator();
        Label rare = new Label("B");
        double plain = ev.evaluate(new LogisticRegressionTrainer().train(train), test).recall(rare);
        double balanced = ev.evaluate(new ClassBalancedTrainer(new LogisticRegressionTrainer()).train(train), test).recall(rare);
        assertTrue(balanced > plain + 0.2, "rare-class recall " + plain + " -> " + balanced);
        for (var ex : train) {
            assertEquals(1.0f, ex.getWeight(), "the caller's examples keep their weights");
        }
    }

    @Test
    void validationSelectionChoosesOnTheValidSplitAndReturnsTheScoredModel() {
        MutableDataset<Label> train = imbalanced(1);
        MutableDataset<Label> valid = imbalanced(3);
        Trainer<Label> majority = DummyClassifierTrainer.createMostFrequentTrainer();
        Trainer<Label> balanced = new ClassBalancedTrainer(new LogisticRegressionTrainer());
        ValidationSelectedTrainer selecting = new ValidationSelectedTrainer(List.of(majority, balanced),
                SelectionMetric.BALANCED_ACCURACY, 0.2, 5);
        Model<Label> chosen = selecting.train(train, valid, Map.of());
        String choice = ValidationSelectedTrainer.choiceOf(chosen).orElseThrow();
        assertTrue(choice.startsWith("candidate 1 of 2"), choice);
        // Balanced accuracy of the majority class is exactly 0.5 (recall 1 and 0).
        assertTrue(choice.contains("0:0.5000"), choice);

        // The returned model is the one scored: the same candidate trained again from the same RNG state predicts alike.
        Model<Label> again = new ClassBalancedTrainer(new LogisticRegressionTrainer()).train(train);
        List<Prediction<Label>> a = chosen.predict(valid);
        List<Prediction<Label>> b = again.predict(valid);
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).getOutput().getScore(), b.get(i).getOutput().getScore(), 0.0);
        }

        // With plain accuracy on this 90/10 split, always answering A can win or lose; the metric is what decides.
        Model<Label> byAccuracy = new ValidationSelectedTrainer(List.of(majority, balanced), SelectionMetric.ACCURACY, 0.2, 5)
                .train(train, valid, Map.of());
        double accMajority = new LabelEvaluator().evaluate(majority.train(train), valid).accuracy();
        double accBalanced = new LabelEvaluator().evaluate(new ClassBalancedTrainer(new LogisticRegressionTrainer()).train(train), valid).accuracy();
        String expected = accBalanced > accMajority ? "candidate 1" : "candidate 0";
        assertTrue(ValidationSelectedTrainer.choiceOf(byAccuracy).orElseThrow().startsWith(expected));
    }

    @Test
    void validationSelectionWithoutAValidSplitHoldsOutPartOfTheTrainingData() {
        ValidationSelectedTrainer selecting = new ValidationSelectedTrainer(List.of(DummyClassifierTrainer.createMostFrequentTrainer(),
                new ClassBalancedTrainer(new LogisticRegressionTrainer())), SelectionMetric.BALANCED_ACCURACY, 0.3, 5);
        Model<Label> m = selecting.train(imbalanced(1));
        String choice = ValidationSelectedTrainer.choiceOf(m).orElseThrow();
        assertTrue(choice.contains("on 30 validation examples") && choice.contains("held out 0.3"), choice);
        assertEquals(100, m.getProvenance().getDatasetProvenance().getNumExamples(), "the chosen candidate is retrained on all of it");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> selecting.train(imbalanced(1),
                new MutableDataset<>(new SimpleDataSourceProvenance("none", LABELS), LABELS), Map.of()));
        assertTrue(e.getMessage().contains("needs validation data"), e.getMessage());
    }

    @Test
    void configurationIsValidated() {
        assertThrows(com.oracle.labs.mlrg.olcut.config.PropertyException.class,
                () -> new ValidationSelectedTrainer(new ArrayList<>(), SelectionMetric.ACCURACY, 0.2, 1));
        assertThrows(com.oracle.labs.mlrg.olcut.config.PropertyException.class,
                () -> new ValidationSelectedTrainer(List.of(new LogisticRegressionTrainer()), SelectionMetric.ACCURACY, 1.0, 1));
    }
}
