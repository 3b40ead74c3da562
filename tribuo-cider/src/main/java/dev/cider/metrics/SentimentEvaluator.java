package dev.cider.metrics;

import dev.cider.data.SentimentTask;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.evaluation.AbstractEvaluator;
import org.tribuo.evaluation.metrics.MetricID;
import org.tribuo.provenance.EvaluationProvenance;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Tribuo's evaluator for sentiment models: computes CIDer's metrics (Acc2 and F1 "non0" and "has0", Acc3 for the
 * binary task; Acc7 and Acc5 for the seven task; see {@link SentimentEvaluationMetric}) as Tribuo metrics, with an
 * {@link EvaluationProvenance}, so that {@code CrossValidation}, {@code EvaluationAggregator} and the rest of Tribuo's
 * evaluation tools work with them.
 * <p>
 * The true class comes from the {@code MultimodalExample}s the predictions were made on or, for a model that
 * transforms its input (Tribuo's baselines on pooled features), from the transformed examples' labels (see
 * {@link TribuoPredictions#fromLabelledPredictions}). The task is fixed at construction or, by default,
 * read from the model's output domain: the binary task's labels (negative, neutral, positive) and the seven task's
 * ("-3" .. "3") do not overlap.
 */
public final class SentimentEvaluator
        extends AbstractEvaluator<Label, SentimentMetricContext, SentimentEvaluation, SentimentEvaluationMetric> {

    private final SentimentTask task;

    /** An evaluator that reads the task from each model's output domain. */
    public SentimentEvaluator() {
        this.task = null;
    }

    /**
     * An evaluator for one task.
     * @param task The task whose classes the evaluated models predict.
     */
    public SentimentEvaluator(SentimentTask task) {
        this.task = Objects.requireNonNull(task, "task");
    }

    /**
     * The task of a model: the fixed task, or the one whose classes contain the model's output domain.
     * @param model The model.
     * @return The task.
     * @throws IllegalArgumentException if the domain is empty or mixes or lacks both tasks' labels.
     */
    public SentimentTask taskOf(Model<Label> model) {
        if (task != null) {
            return task;
        }
        ImmutableOutputInfo<Label> info = model.getOutputIDInfo();
        for (SentimentTask candidate : SentimentTask.values()) {
            boolean all = info.size() > 0;
            for (Label l : info.getDomain()) {
                all &= candidate.classNames().contains(l.getLabel());
            }
            if (all) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("The model's labels " + info.getDomain() + " are not the classes of a sentiment "
                + "task (binary " + SentimentTask.BINARY.classNames() + ", seven " + SentimentTask.SEVEN.classNames() + ")");
    }

    @Override
    protected Set<SentimentEvaluationMetric> createMetrics(Model<Label> model) {
        return new LinkedHashSet<>(SentimentEvaluationMetric.forTask(taskOf(model)));
    }

    @Override
    protected SentimentMetricContext createContext(Model<Label> model, List<Prediction<Label>> predictions) {
        return new SentimentMetricContext(model, predictions, taskOf(model));
    }

    @Override
    protected SentimentEvaluation createEvaluation(SentimentMetricContext context, Map<MetricID<Label>, Double> results,
                                                   EvaluationProvenance provenance) {
        return SentimentEvaluation.fromResults(context, results, provenance);
    }

    @Override
    public String toString() {
        return "SentimentEvaluator(" + (task == null ? "task from the model" : task.name()) + ")";
    }
}
