package dev.cider.metrics;

import dev.cider.data.SentimentTask;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.evaluation.metrics.EvaluationMetric;
import org.tribuo.evaluation.metrics.MetricID;
import org.tribuo.evaluation.metrics.MetricTarget;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * One sentiment metric as a Tribuo {@link EvaluationMetric}, so that Tribuo's tools ({@code CrossValidation},
 * {@code EvaluationAggregator}) handle it like any other metric.
 * <p>
 * Its {@link MetricID} is the metric's key ({@link SentimentMetric#key()}, e.g. {@code acc2-has0}) with an averaged
 * target: accuracies are {@link MetricTarget#microAverageTarget() micro} averages (every utterance counts once, as
 * Tribuo's own accuracy), the support-weighted F1 scores are {@link MetricTarget#macroAverageTarget() macro}
 * (an average over the true classes, here weighted by their support).
 * <p>
 * Besides every {@link SentimentMetric}, the seven task has {@link #ACC5 Acc5}: the 5-way accuracy, truth
 * {@code rint(clip(y, -2, 2))}, the prediction the predicted class's score clipped to [-2, 2] (see
 * {@link #fiveWayAccuracy(SentimentMetrics)}). MMSA's MAE and
 * correlation are not offered: they measure a regression output, and neither task's model has one (the score of a
 * predicted class is a different quantity and would be misread under those names).
 */
public final class SentimentEvaluationMetric implements EvaluationMetric<Label, SentimentMetricContext> {

    /** The key of the seven task's 5-way accuracy. */
    public static final String ACC5 = "acc5";

    private final String name;
    private final MetricTarget<Label> target;
    private final SentimentTask task;
    private final ToDoubleFunction<SentimentMetricContext> value;

    private SentimentEvaluationMetric(String name, MetricTarget<Label> target, SentimentTask task,
                                      ToDoubleFunction<SentimentMetricContext> value) {
        this.name = name;
        this.target = target;
        this.task = task;
        this.value = value;
    }

    /**
     * The Tribuo metric of a CIDer metric.
     * @param metric The CIDer metric.
     * @return Its Tribuo metric.
     */
    public static SentimentEvaluationMetric of(SentimentMetric metric) {
        Objects.requireNonNull(metric, "metric");
        return new SentimentEvaluationMetric(metric.key(), targetOf(metric), metric.task(), c -> c.metrics().get(metric));
    }

    /**
     * Every metric computed for a task: its {@link SentimentMetric}s in declaration order, then Acc5 for the seven task.
     * @param task The task.
     * @return The metrics.
     */
    public static List<SentimentEvaluationMetric> forTask(SentimentTask task) {
        List<SentimentEvaluationMetric> out = new ArrayList<>();
        for (SentimentMetric m : SentimentMetric.forTask(task)) {
            out.add(of(m));
        }
        if (task == SentimentTask.SEVEN) {
            out.add(new SentimentEvaluationMetric(ACC5, MetricTarget.<Label>microAverageTarget(), SentimentTask.SEVEN,
                    c -> fiveWayAccuracy(c.metrics())));
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * The Tribuo identifier of a CIDer metric's value in a {@link SentimentEvaluation}.
     * @param metric The CIDer metric.
     * @return Its identifier.
     */
    public static MetricID<Label> idOf(SentimentMetric metric) {
        return new MetricID<>(targetOf(metric), metric.key());
    }

    /** @return The identifier of the seven task's Acc5. */
    public static MetricID<Label> acc5Id() {
        return new MetricID<>(MetricTarget.<Label>microAverageTarget(), ACC5);
    }

    private static MetricTarget<Label> targetOf(SentimentMetric metric) {
        boolean f1 = metric == SentimentMetric.F1_NON0 || metric == SentimentMetric.F1_HAS0;
        return f1 ? MetricTarget.<Label>macroAverageTarget() : MetricTarget.<Label>microAverageTarget();
    }

    /**
     * The seven task's 5-way accuracy, from its 7-way confusion matrix: a true class {@code t} and a predicted class
     * {@code p} agree when {@code clip(t - 3, -2, 2) == clip(p - 3, -2, 2)} (clipping a rounded score to [-2, 2] is
     * rounding the score clipped to [-2, 2]).
     * @param metrics The metrics of a seven-task evaluation.
     * @return Acc5 in [0, 1].
     * @throws IllegalArgumentException if the metrics are of the binary task.
     */
    public static double fiveWayAccuracy(SentimentMetrics metrics) {
        ConfusionMatrix seven = metrics.confusion(SentimentMetric.ACC7);
        long agree = 0;
        for (int t = 0; t < seven.truthLabels().size(); t++) {
            for (int p = 0; p < seven.predictedLabels().size(); p++) {
                if (clipToFive(t) == clipToFive(p)) {
                    agree += seven.count(t, p);
                }
            }
        }
        return agree / (double) seven.total();
    }

    private static int clipToFive(int sevenClass) {
        return Math.max(-2, Math.min(2, sevenClass - 3));
    }

    /** @return The task this metric is defined for. */
    public SentimentTask task() {
        return task;
    }

    @Override
    public double compute(SentimentMetricContext context) {
        if (context.task() != task) {
            throw new IllegalArgumentException("Metric " + name + " is defined for the " + task.name()
                    + " task, these predictions are of the " + context.task().name() + " task");
        }
        return value.applyAsDouble(context);
    }

    @Override
    public MetricTarget<Label> getTarget() {
        return target;
    }

    @Override
    public String getName() {
        return name;
    }

    /**
     * Builds the context of predictions whose task is this metric's.
     * @param model The model.
     * @param predictions The predictions, made on {@code MultimodalExample}s or labelled examples.
     * @return The context.
     */
    @Override
    public SentimentMetricContext createContext(Model<Label> model, List<Prediction<Label>> predictions) {
        return new SentimentMetricContext(model, predictions, task);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SentimentEvaluationMetric)) {
            return false;
        }
        SentimentEvaluationMetric other = (SentimentEvaluationMetric) o;
        return name.equals(other.name) && target.equals(other.target) && task == other.task;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, target, task);
    }

    @Override
    public String toString() {
        return "SentimentEvaluationMetric(" + name + ", " + target + ", " + task.name() + ")";
    }
}
