package dev.cider.eval.report;

import dev.cider.eval.stats.Estimate;
import dev.cider.eval.stats.Quantity;
import dev.cider.metrics.SentimentMetric;

import java.util.Objects;

/**
 * A paired comparison as a written report states it, read back from {@code results.json}.
 *
 * @param setting    The setting.
 * @param pair       The two systems (first minus second).
 * @param quantity   AUILC or complete input.
 * @param metric     The metric.
 * @param difference The difference as stored (mean, sd, interval, per-seed differences).
 * @param pValue     The bootstrap p-value.
 * @param pHolm      The Holm-adjusted p-value.
 * @param familySize The number of comparisons the adjustment was over.
 * @param verdict    What the report claimed.
 */
public record ReportedPair(String setting, SystemPair pair, Quantity quantity, SentimentMetric metric, Estimate difference,
                         double pValue, double pHolm, int familySize, PairComparison.Verdict verdict) {

    /**
     * Creates a stored pair.
     */
    public ReportedPair {
        Objects.requireNonNull(setting, "setting");
        Objects.requireNonNull(pair, "pair");
        Objects.requireNonNull(quantity, "quantity");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(difference, "difference");
        Objects.requireNonNull(verdict, "verdict");
    }
}
