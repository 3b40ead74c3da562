/**
 * Sentiment metrics of the CIDer evaluation, computed from class scores and true sentiment scores.
 * <p>
 * {@link dev.cider.metrics.ScoredPredictions} holds one row of class scores per utterance (built
 * directly, or from any Tribuo {@code Model<Label>} through {@link dev.cider.metrics.TribuoPredictions});
 * {@link dev.cider.metrics.SentimentMetrics#evaluate} turns it into Acc2 and weighted F1 in the
 * "non0" (headline) and "has0" settings, Acc3 or Acc7, with their
 * {@link dev.cider.metrics.ConfusionMatrix confusion matrices}; {@link dev.cider.metrics.Auilc}
 * integrates a metric over a missing-rate sweep.
 * <p>
 * {@link dev.cider.metrics.SentimentEvaluator} is the same metrics inside Tribuo's evaluation framework: a Tribuo
 * {@code Evaluator} whose {@link dev.cider.metrics.SentimentEvaluation}s key every metric by a Tribuo
 * {@code MetricID} and carry an {@code EvaluationProvenance}, for {@code CrossValidation} and
 * {@code EvaluationAggregator}.
 */
package dev.cider.metrics;
