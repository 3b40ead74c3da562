package dev.cider.eval.reproduce;

import dev.cider.eval.report.PairComparison;
import dev.cider.eval.report.SystemPair;
import dev.cider.eval.stats.Quantity;
import dev.cider.metrics.SentimentMetric;

import java.util.Objects;

/**
 * The verdict of one paired comparison in the recorded results and in a rerun.
 *
 * @param setting            The setting.
 * @param pair               The two systems (first minus second).
 * @param quantity           AUILC or complete input.
 * @param metric             The metric.
 * @param recorded           The recorded verdict.
 * @param rerun              The rerun's verdict.
 * @param recordedDifference The recorded mean difference.
 * @param rerunDifference    The rerun's mean difference.
 */
public record VerdictComparison(String setting, SystemPair pair, Quantity quantity, SentimentMetric metric, PairComparison.Verdict recorded,
                                PairComparison.Verdict rerun, double recordedDifference, double rerunDifference) {

    /**
     * Creates a verdict comparison.
     */
    public VerdictComparison {
        Objects.requireNonNull(setting, "setting");
        Objects.requireNonNull(pair, "pair");
        Objects.requireNonNull(quantity, "quantity");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(recorded, "recorded");
        Objects.requireNonNull(rerun, "rerun");
    }

    /** @return True if the rerun reaches another verdict. */
    public boolean changed() {
        return recorded != rerun;
    }

    /** @return The comparison's name, e.g. {@code IID: CIDer vs LR, AUILC acc2}. */
    public String name() {
        return setting + ": " + pair + ", " + quantity.name() + " " + metric.key();
    }
}
