package dev.cider.metrics;

import dev.cider.data.MultimodalExample;
import dev.cider.data.SentimentTask;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns Tribuo predictions of any {@code Model<Label>} into {@link ScoredPredictions}.
 * <p>
 * Class scores come from {@link Prediction#getOutputScores()}, keyed by label name; a task class the model
 * has no score for (for instance a class absent from its training data) gets {@code -Infinity}, so it is
 * never the argmax. A model that reports no scores at all contributes a one-hot row (1 for its predicted
 * label, 0 elsewhere). The true sentiment score comes from the {@link MultimodalExample}.
 * <p>
 * Models that wrap their input, such as Tribuo's {@code TransformedModel}, return predictions whose example
 * is a transformed copy that is no longer a {@code MultimodalExample}; for them use
 * {@link #fromPredictions(List, List, SentimentTask)} or {@link #predict(Model, List, SentimentTask)}, which
 * take the true scores from the original examples.
 */
public final class TribuoPredictions {

    private TribuoPredictions() {
    }

    /**
     * Converts predictions whose examples are {@link MultimodalExample}s.
     * @param predictions The predictions.
     * @param task The task whose classes the model predicts.
     * @return The scored predictions.
     * @throws IllegalArgumentException if a prediction's example is not multimodal, or a label is not a
     *     class of the task, or a score is NaN; the message names the prediction.
     */
    public static ScoredPredictions fromPredictions(List<Prediction<Label>> predictions, SentimentTask task) {
        Objects.requireNonNull(task, "task");
        double[][] scores = new double[predictions.size()][];
        double[] truth = new double[predictions.size()];
        for (int i = 0; i < predictions.size(); i++) {
            Prediction<Label> p = predictions.get(i);
            MultimodalExample ex = multimodal(p.getExample(), "Prediction " + i + " was made on");
            truth[i] = ex.getScore();
            scores[i] = classScores(p, task, describe(i, ex));
        }
        return new ScoredPredictions(task, scores, truth);
    }

    /**
     * Converts predictions whose examples are {@link MultimodalExample}s or, for a model that replaced its input
     * (such as a {@code TransformedModel}), any example that keeps its true label. A label stands for its class's
     * score: -1, 0 or 1 for the binary task, the rounded score for the seven task. Every {@link SentimentMetric}
     * depends on the true score only through that class (the "has0" truth, score &gt;= 0, is the neutral or positive
     * class), so the metrics equal those of the exact scores.
     * @param predictions The predictions.
     * @param task The task whose classes the model predicts.
     * @return The scored predictions.
     * @throws IllegalArgumentException if an example is neither multimodal nor labelled with a class of the task, a
     *     predicted label is not a class of the task, or a score is NaN.
     */
    public static ScoredPredictions fromLabelledPredictions(List<Prediction<Label>> predictions, SentimentTask task) {
        Objects.requireNonNull(task, "task");
        double[][] scores = new double[predictions.size()][];
        double[] truth = new double[predictions.size()];
        for (int i = 0; i < predictions.size(); i++) {
            Prediction<Label> p = predictions.get(i);
            Example<Label> example = p.getExample();
            if (example instanceof MultimodalExample) {
                MultimodalExample ex = (MultimodalExample) example;
                truth[i] = ex.getScore();
                scores[i] = classScores(p, task, describe(i, ex));
            } else {
                String where = "Prediction " + i;
                truth[i] = classScore(task, indexOf(example.getOutput().getLabel(), task, where + "'s example"));
                scores[i] = classScores(p, task, where);
            }
        }
        return new ScoredPredictions(task, scores, truth);
    }

    private static double classScore(SentimentTask task, int classIndex) {
        return task == SentimentTask.BINARY ? classIndex - 1 : classIndex - 3;
    }

    /**
     * Converts predictions, taking the true scores from the examples they were made on (same order).
     * @param predictions The predictions.
     * @param examples The original examples, one per prediction.
     * @param task The task whose classes the model predicts.
     * @return The scored predictions.
     * @throws IllegalArgumentException if the sizes differ, an example is not multimodal, a label is not a
     *     class of the task, or a score is NaN.
     */
    public static ScoredPredictions fromPredictions(List<Prediction<Label>> predictions, List<? extends Example<Label>> examples,
                                                    SentimentTask task) {
        Objects.requireNonNull(task, "task");
        if (predictions.size() != examples.size()) {
            throw new IllegalArgumentException(predictions.size() + " predictions but " + examples.size() + " examples");
        }
        double[][] scores = new double[predictions.size()][];
        double[] truth = new double[predictions.size()];
        for (int i = 0; i < predictions.size(); i++) {
            MultimodalExample ex = multimodal(examples.get(i), "Example " + i + " is");
            truth[i] = ex.getScore();
            scores[i] = classScores(predictions.get(i), task, describe(i, ex));
        }
        return new ScoredPredictions(task, scores, truth);
    }

    /**
     * Predicts every example with a model and converts the predictions.
     * @param model Any Tribuo classification model.
     * @param examples The examples.
     * @param task The task whose classes the model predicts.
     * @return The scored predictions.
     */
    public static ScoredPredictions predict(Model<Label> model, List<MultimodalExample> examples, SentimentTask task) {
        List<Prediction<Label>> predictions = model.predict(new ArrayList<Example<Label>>(examples));
        return fromPredictions(predictions, examples, task);
    }

    private static MultimodalExample multimodal(Example<Label> example, String what) {
        if (example instanceof MultimodalExample) {
            return (MultimodalExample) example;
        }
        throw new IllegalArgumentException(what + " a " + (example == null ? "null example" : example.getClass().getName())
                + ", not a MultimodalExample, so its true sentiment score is unknown. (A model that transforms its input, "
                + "such as a TransformedModel, replaces the example: pass the original examples instead.)");
    }

    private static String describe(int index, MultimodalExample ex) {
        return "Prediction " + index + " (utterance '" + ex.getId() + "')";
    }

    private static double[] classScores(Prediction<Label> prediction, SentimentTask task, String where) {
        List<String> classes = task.classNames();
        double[] row = new double[classes.size()];
        Map<String, Label> outputScores = prediction.getOutputScores();
        if (outputScores.isEmpty()) {
            row[indexOf(prediction.getOutput().getLabel(), task, where)] = 1.0;
            return row;
        }
        Arrays.fill(row, Double.NEGATIVE_INFINITY);
        for (Map.Entry<String, Label> e : outputScores.entrySet()) {
            int c = indexOf(e.getKey(), task, where);
            double s = e.getValue().getScore();
            if (Double.isNaN(s)) {
                throw new IllegalArgumentException(where + " has no score (NaN) for label '" + e.getKey() + "'");
            }
            row[c] = s;
        }
        return row;
    }

    private static int indexOf(String label, SentimentTask task, String where) {
        int c = task.classNames().indexOf(label);
        if (c < 0) {
            throw new IllegalArgumentException(where + " has the label '" + label + "', which is not a class of the "
                    + task.name() + " task " + task.classNames());
        }
        return c;
    }
}
