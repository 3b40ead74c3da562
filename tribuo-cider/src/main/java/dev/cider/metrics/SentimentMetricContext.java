package dev.cider.metrics;

import dev.cider.data.SentimentTask;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.evaluation.metrics.MetricContext;

import java.util.List;

/**
 * What every {@link SentimentEvaluationMetric} of one evaluation is computed from: the predictions as
 * {@link ScoredPredictions} (class scores and the true sentiment scores of the {@code MultimodalExample}s they were
 * made on, or the true labels of a model's transformed examples, see
 * {@link TribuoPredictions#fromLabelledPredictions(List, SentimentTask)}) and their {@link SentimentMetrics},
 * computed once.
 */
public final class SentimentMetricContext extends MetricContext<Label> {

    private final ScoredPredictions scored;
    private final SentimentMetrics metrics;

    /**
     * Builds the context of a model's predictions.
     * @param model The model that made the predictions.
     * @param predictions The predictions, made on {@code MultimodalExample}s or labelled examples.
     * @param task The task whose classes the model predicts.
     * @throws IllegalArgumentException as {@link TribuoPredictions#fromLabelledPredictions(List, SentimentTask)}.
     */
    public SentimentMetricContext(Model<Label> model, List<Prediction<Label>> predictions, SentimentTask task) {
        super(model, predictions);
        this.scored = TribuoPredictions.fromLabelledPredictions(predictions, task);
        this.metrics = SentimentMetrics.evaluate(scored);
    }

    /** @return The task whose classes the model predicts. */
    public SentimentTask task() {
        return scored.task();
    }

    /** @return The class scores and true sentiment scores. */
    public ScoredPredictions scored() {
        return scored;
    }

    /** @return The CIDer metrics of the predictions. */
    public SentimentMetrics metrics() {
        return metrics;
    }
}
