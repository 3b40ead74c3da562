package dev.cider.eval.report;

import dev.cider.eval.stats.Estimate;
import dev.cider.metrics.SentimentMetric;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The numbers of one point of a sweep as reports use them: its label, its missing rate (NaN for an SMM subset), the
 * number of evaluated utterances and, for every metric, an {@link Estimate}: the mean over training seeds, the spread
 * of the per-seed values and a 95% interval (fractions in [0, 1], NaN where undefined).
 *
 * @param label     The point's label: the rate ("0.30") or the kept modalities ("LA").
 * @param rate      The missing rate, NaN for an SMM subset.
 * @param size      The number of evaluated utterances.
 * @param estimates The estimate of every metric (an unmodifiable copy).
 */
public record CurvePoint(String label, double rate, int size, Map<SentimentMetric, Estimate> estimates) {

    /**
     * Creates a point, copying the estimates.
     * @param label The label.
     * @param rate The rate, NaN for a subset.
     * @param size The number of utterances.
     * @param estimates The metric estimates.
     */
    public CurvePoint {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(estimates, "estimates");
        estimates = estimates.isEmpty() ? Collections.emptyMap() : Collections.unmodifiableMap(new EnumMap<>(estimates));
    }

    /**
     * The mean of a metric over the training seeds.
     * @param metric The metric.
     * @return The mean, or NaN if the point has no such metric.
     */
    public double value(SentimentMetric metric) {
        Estimate e = estimates.get(metric);
        return e == null ? Double.NaN : e.mean();
    }

    /**
     * The estimate of a metric.
     * @param metric The metric.
     * @return The estimate, or null if the point has no such metric.
     */
    public Estimate estimate(SentimentMetric metric) {
        return estimates.get(metric);
    }

    /** @return True if the point is an SMM subset, not a missing rate. */
    public boolean isSubset() {
        return Double.isNaN(rate);
    }
}
