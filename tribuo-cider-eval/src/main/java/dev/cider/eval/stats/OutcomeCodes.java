package dev.cider.eval.stats;

import dev.cider.data.SentimentTask;
import dev.cider.metrics.ConfusionMatrix;
import dev.cider.metrics.ScoredPredictions;
import dev.cider.metrics.SentimentMetric;
import dev.cider.metrics.SentimentMetrics;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Compact per-utterance outcome codes: one byte per evaluated utterance that holds everything every
 * {@link SentimentMetric} of the task needs, so an evaluation can be kept (and reweighted by a bootstrap) without
 * keeping its predictions.
 * <ul>
 *     <li>{@link SentimentTask#BINARY}: {@code code = truth3 * 6 + pred3 * 2 + has0Pred}, where {@code truth3} is
 *     {@link SentimentTask#classIndex(double)} of the true score (negative 0, neutral 1, positive 2), {@code pred3}
 *     is {@link ScoredPredictions#predictedClass(int)} (argmax over the three scores, lowest index on ties) and
 *     {@code has0Pred} is 1 when the positive score beats the negative score (the "has0" prediction, negative winning
 *     a tie). The "has0" truth, score &gt;= 0, is {@code truth3 != 0}. 18 codes.</li>
 *     <li>{@link SentimentTask#SEVEN}: {@code code = truth7 * 7 + pred7}. 49 codes.</li>
 * </ul>
 * A tally of codes ({@code counts[code]}, possibly weighted) gives every metric exactly, bit for bit, as
 * {@link SentimentMetrics#evaluate(ScoredPredictions)} gives it for the same utterances: the same confusion matrices
 * are built and the same {@link ConfusionMatrix} methods compute the values.
 */
public final class OutcomeCodes {

    private static final int NEGATIVE = 0;
    private static final int NEUTRAL = 1;
    private static final int POSITIVE = 2;
    private static final int BINARY_CLASSES = 3;
    private static final int BINARY_TRUTH_STRIDE = 6;
    private static final int BINARY_PRED_STRIDE = 2;

    private OutcomeCodes() {
    }

    /**
     * The number of distinct codes of a task (the length of a counts array).
     * @param task The task.
     * @return 18 for {@link SentimentTask#BINARY}, 49 for {@link SentimentTask#SEVEN}.
     */
    public static int codeCount(SentimentTask task) {
        Objects.requireNonNull(task, "task");
        return task == SentimentTask.BINARY ? BINARY_CLASSES * BINARY_TRUTH_STRIDE : task.numClasses() * task.numClasses();
    }

    /**
     * Encodes the outcome of every utterance of an evaluation.
     * @param predictions The class scores and true scores.
     * @return One code per utterance, in the predictions' order.
     */
    public static byte[] encode(ScoredPredictions predictions) {
        Objects.requireNonNull(predictions, "predictions");
        SentimentTask task = predictions.task();
        byte[] codes = new byte[predictions.size()];
        for (int i = 0; i < codes.length; i++) {
            int truth = task.classIndex(predictions.trueScore(i));
            int predicted = predictions.predictedClass(i);
            if (task == SentimentTask.BINARY) {
                double[] scores = predictions.scores(i);
                int has0Pred = scores[POSITIVE] > scores[NEGATIVE] ? 1 : 0;
                codes[i] = (byte) (truth * BINARY_TRUTH_STRIDE + predicted * BINARY_PRED_STRIDE + has0Pred);
            } else {
                codes[i] = (byte) (truth * task.numClasses() + predicted);
            }
        }
        return codes;
    }

    /**
     * The true class index ({@link SentimentTask#classIndex(double)}) of a code.
     * @param task The task of the code.
     * @param code The code.
     * @return The true class.
     */
    public static int truthOf(SentimentTask task, int code) {
        checkCode(task, code);
        return task == SentimentTask.BINARY ? code / BINARY_TRUTH_STRIDE : code / task.numClasses();
    }

    /**
     * The predicted class index (argmax over all classes) of a code.
     * @param task The task of the code.
     * @param code The code.
     * @return The predicted class.
     */
    public static int predictedOf(SentimentTask task, int code) {
        checkCode(task, code);
        return task == SentimentTask.BINARY ? (code % BINARY_TRUTH_STRIDE) / BINARY_PRED_STRIDE : code % task.numClasses();
    }

    /**
     * Adds the (weighted) occurrences of each code to a counts array: {@code counts[codes[i]] += weights[i]}.
     * This is the inner loop of the bootstrap: one pass over the codes, no checks per element, so the codes must be
     * valid for a counts array of this length (as {@link CurveOutcomes} guarantees).
     * @param codes The codes, each in {@code [0, counts.length)}.
     * @param weights Non-negative weight of each utterance (how often a bootstrap replicate drew it), or null to
     *     count every utterance once.
     * @param counts The tally to add to, usually of length {@link #codeCount(SentimentTask)}.
     * @throws IllegalArgumentException if the weights and codes differ in length.
     * @throws ArrayIndexOutOfBoundsException if a code is outside the counts array.
     */
    public static void tally(byte[] codes, int[] weights, long[] counts) {
        Objects.requireNonNull(codes, "codes");
        Objects.requireNonNull(counts, "counts");
        if (weights == null) {
            for (byte c : codes) {
                counts[c]++;
            }
            return;
        }
        if (weights.length != codes.length) {
            throw new IllegalArgumentException("Found " + weights.length + " weights for " + codes.length + " utterance codes");
        }
        for (int i = 0; i < codes.length; i++) {
            counts[codes[i]] += weights[i];
        }
    }

    /**
     * One metric of a tally of codes.
     * @param task The task of the codes.
     * @param metric A metric of that task.
     * @param counts The tally, of length {@link #codeCount(SentimentTask)}.
     * @return The metric, equal to what {@link SentimentMetrics#evaluate} gives for the tallied utterances (NaN where
     *     it gives NaN, e.g. "non0" metrics without a non-neutral utterance).
     * @throws IllegalArgumentException if the metric belongs to the other task, the counts have the wrong length or a
     *     count is negative.
     */
    public static double metric(SentimentTask task, SentimentMetric metric, long[] counts) {
        checkCounts(task, counts);
        Objects.requireNonNull(metric, "metric");
        if (metric.task() != task) {
            throw new IllegalArgumentException("Metric " + metric.displayName() + " is defined for the " + metric.task().name()
                    + " task, the codes are of the " + task.name() + " task");
        }
        switch (metric) {
            case ACC7:
            case ACC3:
                return fullMatrix(task, counts).accuracy();
            case ACC2_NON0:
                return non0Matrix(counts).accuracy();
            case F1_NON0:
                return non0Matrix(counts).weightedF1();
            case ACC2_HAS0:
                return has0Matrix(counts).accuracy();
            case F1_HAS0:
                return has0Matrix(counts).weightedF1();
            default:
                throw new IllegalArgumentException("Unsupported metric " + metric);
        }
    }

    /**
     * Every metric of a task from a tally of codes.
     * @param task The task of the codes.
     * @param counts The tally, of length {@link #codeCount(SentimentTask)}.
     * @return The metrics of {@link SentimentMetric#forTask(SentimentTask)} in declaration order, equal (bit for bit)
     *     to {@link SentimentMetrics#values()} of the tallied utterances.
     * @throws IllegalArgumentException if the counts have the wrong length or a count is negative.
     */
    public static Map<SentimentMetric, Double> metrics(SentimentTask task, long[] counts) {
        List<SentimentMetric> metrics = SentimentMetric.forTask(task);
        double[] values = new double[metrics.size()];
        values(task, counts, values);
        EnumMap<SentimentMetric, Double> out = new EnumMap<>(SentimentMetric.class);
        for (int k = 0; k < values.length; k++) {
            out.put(metrics.get(k), values[k]);
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * Every metric of a task into an array, building each confusion matrix once (the bootstrap's path).
     * @param task The task.
     * @param counts The tally.
     * @param out Receives the values in the order of {@link SentimentMetric#forTask(SentimentTask)}.
     */
    static void values(SentimentTask task, long[] counts, double[] out) {
        checkCounts(task, counts);
        if (task == SentimentTask.SEVEN) {
            out[0] = fullMatrix(task, counts).accuracy();
            return;
        }
        ConfusionMatrix non0 = non0Matrix(counts);
        ConfusionMatrix has0 = has0Matrix(counts);
        List<SentimentMetric> metrics = SentimentMetric.forTask(task);
        for (int k = 0; k < metrics.size(); k++) {
            switch (metrics.get(k)) {
                case ACC2_NON0:
                    out[k] = non0.accuracy();
                    break;
                case F1_NON0:
                    out[k] = non0.weightedF1();
                    break;
                case ACC2_HAS0:
                    out[k] = has0.accuracy();
                    break;
                case F1_HAS0:
                    out[k] = has0.weightedF1();
                    break;
                case ACC3:
                    out[k] = fullMatrix(task, counts).accuracy();
                    break;
                default:
                    throw new IllegalStateException("Unexpected binary-task metric " + metrics.get(k));
            }
        }
    }

    /** The task's full confusion matrix (truth class by predicted class). */
    private static ConfusionMatrix fullMatrix(SentimentTask task, long[] counts) {
        int k = task.numClasses();
        long[][] cells = new long[k][k];
        for (int code = 0; code < counts.length; code++) {
            cells[truthOf(task, code)][predictedOf(task, code)] += counts[code];
        }
        return new ConfusionMatrix(task.classNames(), task.classNames(), cells);
    }

    /** Truth {negative, positive} (neutral truths dropped) by 3-way prediction. */
    private static ConfusionMatrix non0Matrix(long[] counts) {
        long[][] cells = new long[2][BINARY_CLASSES];
        for (int code = 0; code < counts.length; code++) {
            int truth = code / BINARY_TRUTH_STRIDE;
            if (truth != NEUTRAL) {
                cells[truth == NEGATIVE ? 0 : 1][(code % BINARY_TRUTH_STRIDE) / BINARY_PRED_STRIDE] += counts[code];
            }
        }
        return new ConfusionMatrix(SentimentMetrics.NON0_TRUTH_LABELS, SentimentTask.BINARY.classNames(), cells);
    }

    /** Truth {negative, non-negative} by the negative-versus-positive prediction. */
    private static ConfusionMatrix has0Matrix(long[] counts) {
        long[][] cells = new long[2][2];
        for (int code = 0; code < counts.length; code++) {
            int truth = code / BINARY_TRUTH_STRIDE == NEGATIVE ? 0 : 1;
            cells[truth][code % BINARY_PRED_STRIDE] += counts[code];
        }
        return new ConfusionMatrix(SentimentMetrics.HAS0_LABELS, SentimentMetrics.HAS0_LABELS, cells);
    }

    private static void checkCounts(SentimentTask task, long[] counts) {
        Objects.requireNonNull(counts, "counts");
        int expected = codeCount(task);
        if (counts.length != expected) {
            throw new IllegalArgumentException("A tally of " + task.name() + " outcome codes has " + expected + " counts, found " + counts.length);
        }
    }

    private static void checkCode(SentimentTask task, int code) {
        if (code < 0 || code >= codeCount(task)) {
            throw new IllegalArgumentException("Outcome code " + code + " is outside [0, " + codeCount(task) + ") of the " + task.name() + " task");
        }
    }
}
