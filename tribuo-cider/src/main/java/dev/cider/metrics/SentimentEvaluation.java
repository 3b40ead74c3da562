package dev.cider.metrics;

import dev.cider.data.SentimentTask;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.evaluation.Evaluation;
import org.tribuo.evaluation.metrics.MetricID;
import org.tribuo.provenance.EvaluationProvenance;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A Tribuo {@link Evaluation} of a sentiment model: the values of every {@link SentimentEvaluationMetric} of its task
 * keyed by their {@link MetricID}, the {@link EvaluationProvenance} (model and test data), the predictions, and the
 * {@link SentimentMetrics} with their confusion matrices.
 * <p>
 * Made by {@link SentimentEvaluator}, or from metrics computed elsewhere with
 * {@link #of(SentimentMetrics, List, EvaluationProvenance)} (a missing-rate sweep keeps no predictions, so its
 * evaluations have none).
 */
public final class SentimentEvaluation implements Evaluation<Label> {

    private final Map<MetricID<Label>, Double> results;
    private final SentimentMetrics metrics;
    private final List<Prediction<Label>> predictions;
    private final EvaluationProvenance provenance;

    private SentimentEvaluation(Map<MetricID<Label>, Double> results, SentimentMetrics metrics,
                                List<Prediction<Label>> predictions, EvaluationProvenance provenance) {
        this.results = Collections.unmodifiableMap(new LinkedHashMap<>(results));
        this.metrics = metrics;
        this.predictions = Collections.unmodifiableList(predictions);
        this.provenance = provenance;
    }

    /**
     * The evaluation {@link SentimentEvaluator} builds from Tribuo's computed results.
     * @param context The context the results were computed from.
     * @param results The metric values.
     * @param provenance The provenance.
     * @return The evaluation.
     */
    static SentimentEvaluation fromResults(SentimentMetricContext context, Map<MetricID<Label>, Double> results,
                                           EvaluationProvenance provenance) {
        return new SentimentEvaluation(results, context.metrics(), context.getPredictions(), provenance);
    }

    /**
     * An evaluation of metrics computed elsewhere, with every metric of their task.
     * @param metrics The metrics.
     * @param predictions The predictions they were computed from (empty if they were not kept).
     * @param provenance The provenance of the model and the test data.
     * @return The evaluation.
     */
    public static SentimentEvaluation of(SentimentMetrics metrics, List<Prediction<Label>> predictions,
                                         EvaluationProvenance provenance) {
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(predictions, "predictions");
        Objects.requireNonNull(provenance, "provenance");
        Map<MetricID<Label>, Double> results = new LinkedHashMap<>();
        for (SentimentMetric m : SentimentMetric.forTask(metrics.task())) {
            results.put(SentimentEvaluationMetric.idOf(m), metrics.get(m));
        }
        if (metrics.task() == SentimentTask.SEVEN) {
            results.put(SentimentEvaluationMetric.acc5Id(), SentimentEvaluationMetric.fiveWayAccuracy(metrics));
        }
        return new SentimentEvaluation(results, metrics, List.copyOf(predictions), provenance);
    }

    /** @return The task of the evaluated model. */
    public SentimentTask task() {
        return metrics.task();
    }

    /**
     * The value of a CIDer metric.
     * @param metric The metric.
     * @return Its value.
     * @throws IllegalArgumentException if the metric belongs to the other task.
     */
    public double get(SentimentMetric metric) {
        return metrics.get(metric);
    }

    /** @return The CIDer metrics, with their confusion matrices. */
    public SentimentMetrics metrics() {
        return metrics;
    }

    @Override
    public Map<MetricID<Label>, Double> asMap() {
        return results;
    }

    @Override
    public List<Prediction<Label>> getPredictions() {
        return predictions;
    }

    @Override
    public EvaluationProvenance getProvenance() {
        return provenance;
    }

    @Override
    public String toString() {
        return "SentimentEvaluation(" + metrics + ")";
    }
}
