package dev.cider.metrics;

import dev.cider.data.SentimentTask;

import java.util.Objects;

/**
 * The raw material of an evaluation: one row of class scores per utterance (in the order of
 * {@link SentimentTask#classNames()}) and the utterance's true sentiment score in [-3, 3].
 * <p>
 * Scores may be probabilities, log-probabilities or any other monotone class scores: only their argmax
 * matters. {@code -Infinity} is allowed (the log of a zero probability, or a class a model never saw);
 * NaN and {@code +Infinity} are rejected. Immutable; the arrays are copied on the way in and out.
 */
public final class ScoredPredictions {

    private final SentimentTask task;
    private final double[][] scores;
    private final double[] trueScores;

    /**
     * Creates the predictions of a model for a task.
     * @param task The task whose classes the score columns follow.
     * @param scores One row of {@code task.numClasses()} scores per utterance.
     * @param trueScores The true sentiment score of each utterance.
     * @throws IllegalArgumentException if there are no rows, the sizes disagree, a class score is NaN or
     *     {@code +Infinity}, or a true score is outside [-3, 3]; the message names the row.
     */
    public ScoredPredictions(SentimentTask task, double[][] scores, double[] trueScores) {
        this.task = Objects.requireNonNull(task, "task");
        Objects.requireNonNull(scores, "scores");
        Objects.requireNonNull(trueScores, "trueScores");
        if (scores.length == 0) {
            throw new IllegalArgumentException("No predictions to evaluate");
        }
        if (scores.length != trueScores.length) {
            throw new IllegalArgumentException("Found " + scores.length + " rows of class scores but " + trueScores.length + " true scores");
        }
        int k = task.numClasses();
        this.scores = new double[scores.length][];
        for (int i = 0; i < scores.length; i++) {
            if (scores[i] == null || scores[i].length != k) {
                throw new IllegalArgumentException("Row " + i + " has " + (scores[i] == null ? "no" : String.valueOf(scores[i].length))
                        + " class scores, task " + task.name() + " has " + k + " classes " + task.classNames());
            }
            for (int c = 0; c < k; c++) {
                double s = scores[i][c];
                if (Double.isNaN(s) || s == Double.POSITIVE_INFINITY) {
                    throw new IllegalArgumentException("Row " + i + " has an invalid score " + s + " for class '" + task.classNames().get(c) + "'");
                }
            }
            this.scores[i] = scores[i].clone();
            try {
                SentimentTask.checkScore(trueScores[i]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Row " + i + ": " + e.getMessage(), e);
            }
        }
        this.trueScores = trueScores.clone();
    }

    /** @return The task whose classes the score columns follow. */
    public SentimentTask task() {
        return task;
    }

    /** @return The number of utterances. */
    public int size() {
        return scores.length;
    }

    /**
     * The class scores of one utterance.
     * @param row The utterance index.
     * @return A copy of its scores, in the task's class order.
     */
    public double[] scores(int row) {
        return scores[row].clone();
    }

    /**
     * The true sentiment score of one utterance.
     * @param row The utterance index.
     * @return The score in [-3, 3].
     */
    public double trueScore(int row) {
        return trueScores[row];
    }

    /** @return A copy of all true sentiment scores. */
    public double[] trueScores() {
        return trueScores.clone();
    }

    /**
     * The predicted class of one utterance: the argmax over all classes, the lowest index winning ties
     * (as numpy's argmax does).
     * @param row The utterance index.
     * @return The class index.
     */
    public int predictedClass(int row) {
        return argmax(row, allClasses());
    }

    /**
     * The argmax over a subset of classes, the first candidate in the given order winning ties.
     * @param row The utterance index.
     * @param candidates The candidate class indices.
     * @return The winning class index (one of the candidates).
     */
    int argmax(int row, int... candidates) {
        int best = candidates[0];
        for (int j = 1; j < candidates.length; j++) {
            if (scores[row][candidates[j]] > scores[row][best]) {
                best = candidates[j];
            }
        }
        return best;
    }

    private int[] allClasses() {
        int[] all = new int[task.numClasses()];
        for (int c = 0; c < all.length; c++) {
            all[c] = c;
        }
        return all;
    }

    @Override
    public String toString() {
        return "ScoredPredictions(task=" + task.name() + ", size=" + scores.length + ")";
    }
}
