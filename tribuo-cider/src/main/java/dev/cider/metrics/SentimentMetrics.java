package dev.cider.metrics;

import dev.cider.data.SentimentTask;

import java.io.Serializable;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The immutable result of one evaluation: every {@link SentimentMetric} of the task and the confusion
 * matrix each one was computed from.
 * <p>
 * For the {@link SentimentTask#BINARY binary} task (a 3-way model):
 * <ul>
 *     <li>Acc2 / F1 "non0" (the headline): only utterances whose score is not 0; truth negative (score &lt; 0)
 *     or positive (score &gt; 0); prediction the argmax over all three classes, so a neutral prediction is
 *     always an error. Its matrix has rows {negative, positive} and columns {negative, neutral, positive};
 *     F1 is the support-weighted F1 over the two true classes (see {@link ConfusionMatrix#weightedF1()}).
 *     If every utterance is neutral both values are NaN.</li>
 *     <li>Acc2 / F1 "has0": every utterance; truth non-negative (score &gt;= 0) or negative; prediction the
 *     argmax over the negative and positive scores only (negative wins a tie). Rows and columns
 *     {negative, non-negative}.</li>
 *     <li>Acc3: the 3-way accuracy, truth by {@link SentimentTask#classIndex(double)}.</li>
 * </ul>
 * For the {@link SentimentTask#SEVEN seven} task: Acc7, the 7-way accuracy with truth
 * {@code rint(clip(y, -3, 3)) + 3} (round half to even). In every setting the argmax picks the lowest class
 * index on a tie.
 */
public final class SentimentMetrics implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Row and column labels of the "has0" confusion matrix. */
    public static final List<String> HAS0_LABELS = List.of("negative", "non-negative");
    /** Row labels of the "non0" confusion matrix. */
    public static final List<String> NON0_TRUTH_LABELS = List.of("negative", "positive");

    private static final int NEGATIVE = 0;
    private static final int NEUTRAL = 1;
    private static final int POSITIVE = 2;

    private final SentimentTask task;
    private final int size;
    private final Map<SentimentMetric, Double> values;
    private final Map<SentimentMetric, ConfusionMatrix> matrices;

    private SentimentMetrics(SentimentTask task, int size, EnumMap<SentimentMetric, Double> values,
                             EnumMap<SentimentMetric, ConfusionMatrix> matrices) {
        this.task = task;
        this.size = size;
        this.values = Collections.unmodifiableMap(values);
        this.matrices = Collections.unmodifiableMap(matrices);
    }

    /**
     * Computes every metric of the predictions' task.
     * @param predictions The class scores and true sentiment scores.
     * @return The metrics.
     */
    public static SentimentMetrics evaluate(ScoredPredictions predictions) {
        SentimentTask task = predictions.task();
        int n = predictions.size();
        EnumMap<SentimentMetric, Double> values = new EnumMap<>(SentimentMetric.class);
        EnumMap<SentimentMetric, ConfusionMatrix> matrices = new EnumMap<>(SentimentMetric.class);
        int[] truth = new int[n];
        int[] predicted = new int[n];
        for (int i = 0; i < n; i++) {
            truth[i] = task.classIndex(predictions.trueScore(i));
            predicted[i] = predictions.predictedClass(i);
        }
        ConfusionMatrix full = ConfusionMatrix.tally(task.classNames(), task.classNames(), truth, predicted);
        if (task == SentimentTask.SEVEN) {
            put(values, matrices, SentimentMetric.ACC7, full.accuracy(), full);
        } else {
            put(values, matrices, SentimentMetric.ACC3, full.accuracy(), full);

            ConfusionMatrix non0 = non0(task, truth, predicted);
            put(values, matrices, SentimentMetric.ACC2_NON0, non0.accuracy(), non0);
            put(values, matrices, SentimentMetric.F1_NON0, non0.weightedF1(), non0);

            ConfusionMatrix has0 = has0(predictions);
            put(values, matrices, SentimentMetric.ACC2_HAS0, has0.accuracy(), has0);
            put(values, matrices, SentimentMetric.F1_HAS0, has0.weightedF1(), has0);
        }
        return new SentimentMetrics(task, n, values, matrices);
    }

    private static void put(EnumMap<SentimentMetric, Double> values, EnumMap<SentimentMetric, ConfusionMatrix> matrices,
                            SentimentMetric metric, double value, ConfusionMatrix matrix) {
        values.put(metric, value);
        matrices.put(metric, matrix);
    }

    private static ConfusionMatrix non0(SentimentTask task, int[] truth, int[] predicted) {
        int kept = 0;
        for (int t : truth) {
            if (t != NEUTRAL) {
                kept++;
            }
        }
        int[] rows = new int[kept];
        int[] cols = new int[kept];
        int j = 0;
        for (int i = 0; i < truth.length; i++) {
            if (truth[i] != NEUTRAL) {
                rows[j] = truth[i] == NEGATIVE ? 0 : 1;
                cols[j] = predicted[i];
                j++;
            }
        }
        return ConfusionMatrix.tally(NON0_TRUTH_LABELS, task.classNames(), rows, cols);
    }

    private static ConfusionMatrix has0(ScoredPredictions predictions) {
        int n = predictions.size();
        int[] rows = new int[n];
        int[] cols = new int[n];
        for (int i = 0; i < n; i++) {
            rows[i] = predictions.trueScore(i) >= 0 ? 1 : 0;
            cols[i] = predictions.argmax(i, NEGATIVE, POSITIVE) == POSITIVE ? 1 : 0;
        }
        return ConfusionMatrix.tally(HAS0_LABELS, HAS0_LABELS, rows, cols);
    }

    /** @return The task the evaluated model was trained for. */
    public SentimentTask task() {
        return task;
    }

    /** @return The number of evaluated utterances (before the "non0" filter). */
    public int size() {
        return size;
    }

    /**
     * Whether a metric was computed (it belongs to this evaluation's task).
     * @param metric The metric.
     * @return True if available.
     */
    public boolean has(SentimentMetric metric) {
        return values.containsKey(metric);
    }

    /**
     * The value of a metric.
     * @param metric The metric.
     * @return Its value in [0, 1] (NaN for a "non0" metric when every utterance is neutral).
     * @throws IllegalArgumentException if the metric belongs to the other task.
     */
    public double get(SentimentMetric metric) {
        Double v = values.get(metric);
        if (v == null) {
            throw new IllegalArgumentException("Metric " + metric.displayName() + " is defined for the " + metric.task().name()
                    + " task, this evaluation is of the " + task.name() + " task, which has " + values.keySet());
        }
        return v;
    }

    /** @return The value of the task's headline metric (see {@link SentimentMetric#headline}). */
    public double headline() {
        return get(SentimentMetric.headline(task));
    }

    /** @return Every computed metric and its value, in declaration order. */
    public Map<SentimentMetric, Double> values() {
        return values;
    }

    /**
     * The confusion matrix a metric was computed from.
     * @param metric The metric.
     * @return Its matrix.
     * @throws IllegalArgumentException if the metric belongs to the other task.
     */
    public ConfusionMatrix confusion(SentimentMetric metric) {
        get(metric);
        return matrices.get(metric);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("SentimentMetrics(").append(task.name()).append(", n=").append(size);
        for (Map.Entry<SentimentMetric, Double> e : values.entrySet()) {
            sb.append(", ").append(e.getKey().displayName()).append('=').append(String.format(Locale.ROOT, "%.4f", e.getValue()));
        }
        return sb.append(')').toString();
    }
}
