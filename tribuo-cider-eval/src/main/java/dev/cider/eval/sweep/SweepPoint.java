package dev.cider.eval.sweep;

import dev.cider.eval.stats.OutcomeCodes;
import dev.cider.metrics.SentimentEvaluation;
import dev.cider.metrics.SentimentMetrics;
import org.tribuo.provenance.EvaluationProvenance;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * The evaluation of one system at one point of a sweep: a missing rate, or a modality subset for SMM.
 * <p>
 * Besides the metrics, a point keeps one {@link OutcomeCodes outcome code} per test utterance (its true class and
 * the predicted class, one byte), from which every metric can be recomputed on a resample of the utterances: that is
 * what the confidence intervals and paired tests use. Predictions and corrupted examples are not kept, so a sweep's
 * memory does not grow with the feature size.
 *
 * @param label      The point's label: the rate ("0.30") or the kept modalities ("LA").
 * @param rate       The missing rate (NaN for SMM subsets).
 * @param metrics    The CIDer metrics (Acc2/F1 non0 and has0, Acc3 or Acc7).
 * @param outcomes   One outcome code per test utterance, in test order (not copied: do not modify).
 * @param evaluation Tribuo's provenance of this evaluation: the model and the corrupted test data (pattern, rate, mask
 *                   seed and the clean split, see {@link dev.cider.missing.CorruptedDataProvenance}); null for points
 *                   built by hand.
 */
public record SweepPoint(String label, double rate, SentimentMetrics metrics, byte[] outcomes, EvaluationProvenance evaluation)
        implements Serializable {

    /**
     * Creates a point.
     * @param label The label.
     * @param rate The rate.
     * @param metrics The metrics.
     * @param outcomes The outcome codes, one per utterance.
     * @param evaluation The evaluation provenance, or null.
     * @throws IllegalArgumentException if the number of codes is not the number of evaluated utterances.
     */
    public SweepPoint {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(outcomes, "outcomes");
        if (outcomes.length != metrics.size()) {
            throw new IllegalArgumentException("Point " + label + " has " + outcomes.length + " outcome codes for "
                    + metrics.size() + " evaluated utterances");
        }
    }

    /**
     * This point as a Tribuo evaluation: its metrics under their Tribuo {@code MetricID}s with its provenance, for
     * Tribuo's tools (for instance {@code EvaluationAggregator.summarize} over the seeds of a system). A sweep keeps no
     * predictions, so the evaluation has none.
     * @return The evaluation.
     * @throws IllegalStateException if the point was built by hand without an evaluation provenance.
     */
    public SentimentEvaluation sentimentEvaluation() {
        if (evaluation == null) {
            throw new IllegalStateException("Point " + label + " has no evaluation provenance (it was built by hand), so it "
                    + "cannot be a Tribuo evaluation");
        }
        return SentimentEvaluation.of(metrics, List.of(), evaluation);
    }
}
