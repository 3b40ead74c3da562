package dev.cider.metrics;

import dev.cider.data.FeatureSequence;
import dev.cider.data.MultimodalExample;
import dev.cider.data.SentimentTask;
import dev.cider.data.SpecialTokens;
import dev.cider.data.TextInput;
import org.junit.jupiter.api.Test;
import org.tribuo.Example;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.impl.ArrayExample;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TribuoPredictionsTest {

    private static MultimodalExample example(String id, double score) {
        SentimentTask task = SentimentTask.BINARY;
        TextInput text = new TextInput(new int[]{101, 2000, 2001, 102, 0, 0}, 4, null);
        FeatureSequence audio = FeatureSequence.fromRows(new float[][]{{1f, 2f}, {3f, 4f}}, 3, 2);
        FeatureSequence vision = FeatureSequence.fromRows(new float[][]{{0.5f}}, 2, 1);
        return new MultimodalExample(task.label(score), id, "some words", score, text, audio, vision, SpecialTokens.BERT_UNCASED);
    }

    private static Prediction<Label> prediction(Example<Label> ex, String... namesAndScores) {
        Map<String, Label> scores = new LinkedHashMap<>();
        Label best = null;
        for (int i = 0; i < namesAndScores.length; i += 2) {
            Label l = new Label(namesAndScores[i], Double.parseDouble(namesAndScores[i + 1]));
            scores.put(l.getLabel(), l);
            if (best == null || l.getScore() > best.getScore()) {
                best = l;
            }
        }
        return new Prediction<>(best, scores, 3, ex, true);
    }

    @Test
    void readsScoresByLabelNameAndTruthFromTheExample() {
        List<Prediction<Label>> preds = List.of(
                prediction(example("u1", -1.2), "positive", "0.2", "negative", "0.5", "neutral", "0.3"),
                prediction(example("u2", 2.0), "neutral", "0.1", "positive", "0.6", "negative", "0.3"));
        ScoredPredictions p = TribuoPredictions.fromPredictions(preds, SentimentTask.BINARY);
        assertEquals(2, p.size());
        assertArrayEquals(new double[]{0.5, 0.3, 0.2}, p.scores(0), 0.0);
        assertArrayEquals(new double[]{0.3, 0.1, 0.6}, p.scores(1), 0.0);
        assertArrayEquals(new double[]{-1.2, 2.0}, p.trueScores(), 0.0);
        assertEquals(1.0, SentimentMetrics.evaluate(p).get(SentimentMetric.ACC2_NON0), 1e-12);
    }

    @Test
    void classesWithoutScoreAreNeverPredicted() {
        // A model trained without neutral examples only scores negative and positive.
        ScoredPredictions p = TribuoPredictions.fromPredictions(
                List.of(prediction(example("u1", 0.0), "negative", "-5.0", "positive", "-4.0")), SentimentTask.BINARY);
        assertEquals(Double.NEGATIVE_INFINITY, p.scores(0)[1], 0.0);
        assertEquals(2, p.predictedClass(0));
    }

    @Test
    void modelsWithoutScoresGiveOneHotRows() {
        Prediction<Label> bare = new Prediction<>(new Label("neutral"), 3, example("u1", 0.0));
        ScoredPredictions p = TribuoPredictions.fromPredictions(List.of(bare), SentimentTask.BINARY);
        assertArrayEquals(new double[]{0.0, 1.0, 0.0}, p.scores(0), 0.0);
    }

    @Test
    void unknownLabelIsAClearError() {
        List<Prediction<Label>> preds = List.of(prediction(example("utt-7", 1.0), "happy", "0.9", "negative", "0.1"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TribuoPredictions.fromPredictions(preds, SentimentTask.BINARY));
        assertTrue(e.getMessage().contains("'happy'") && e.getMessage().contains("utt-7") && e.getMessage().contains("BINARY"), e.getMessage());
        // A binary-task label under the seven task is unknown too.
        List<Prediction<Label>> binary = List.of(prediction(example("utt-8", 1.0), "positive", "0.9"));
        assertThrows(IllegalArgumentException.class, () -> TribuoPredictions.fromPredictions(binary, SentimentTask.SEVEN));
    }

    @Test
    void nonMultimodalExampleIsAClearError() {
        ArrayExample<Label> plain = new ArrayExample<>(new Label("positive"), new String[]{"f"}, new double[]{1.0});
        List<Prediction<Label>> preds = List.of(prediction(plain, "positive", "0.9", "negative", "0.1"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TribuoPredictions.fromPredictions(preds, SentimentTask.BINARY));
        assertTrue(e.getMessage().contains("not a MultimodalExample") && e.getMessage().contains("Prediction 0"), e.getMessage());
    }

    @Test
    void originalExamplesSupplyTheTruthForWrappedModels() {
        // As a TransformedModel does: the prediction carries a transformed plain copy.
        MultimodalExample original = example("u1", -0.6);
        ArrayExample<Label> transformed = new ArrayExample<>(original);
        List<Prediction<Label>> preds = List.of(prediction(transformed, "negative", "0.7", "neutral", "0.2", "positive", "0.1"));
        ScoredPredictions p = TribuoPredictions.fromPredictions(preds, List.of(original), SentimentTask.BINARY);
        assertEquals(-0.6, p.trueScore(0), 0.0);
        assertThrows(IllegalArgumentException.class,
                () -> TribuoPredictions.fromPredictions(preds, List.of(original, original), SentimentTask.BINARY));
    }

    @Test
    void nanScoreIsAClearError() {
        List<Prediction<Label>> preds = List.of(prediction(example("u1", 1.0), "negative", "NaN", "positive", "0.2"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TribuoPredictions.fromPredictions(preds, SentimentTask.BINARY));
        assertTrue(e.getMessage().contains("NaN") && e.getMessage().contains("negative"), e.getMessage());
    }
}
