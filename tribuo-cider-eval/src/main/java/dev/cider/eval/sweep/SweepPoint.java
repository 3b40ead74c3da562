package dev.cider.eval.sweep;

import dev.cider.metrics.SentimentMetrics;
import org.tribuo.classification.evaluation.LabelEvaluation;

/**
 * The evaluation of one system at one point of a sweep: a missing rate, or a modality subset for SMM.
 *
 * @param label       The point's label: the rate ("0.3") or the kept modalities ("LA").
 * @param rate        The missing rate (NaN for SMM subsets).
 * @param metrics     The CIDer metrics (Acc2/F1 non0 and has0, Acc3 or Acc7).
 * @param evaluation  Tribuo's evaluation of the same predictions, with its {@code EvaluationProvenance}.
 */
public record SweepPoint(String label, double rate, SentimentMetrics metrics, LabelEvaluation evaluation) {
}
