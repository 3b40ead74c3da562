package dev.cider.eval.report;

import dev.cider.metrics.SentimentMetric;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The numbers of one point of a sweep as reports use them: its label, its missing rate (NaN for an SMM subset),
 * the number of evaluated utterances and the value of every metric (fractions in [0, 1], NaN where undefined).
 *
 * @param label  The point's label: the rate ("0.30") or the kept modalities ("LA").
 * @param rate   The missing rate, NaN for an SMM subset.
 * @param size   The number of evaluated utterances.
 * @param values The metric values (an unmodifiable copy).
 */
public record CurvePoint(String label, double rate, int size, Map<SentimentMetric, Double> values) {

    /**
     * Creates a point, copying the values.
     * @param label The label.
     * @param rate The rate, NaN for a subset.
     * @param size The number of utterances.
     * @param values The metric values.
     */
    public CurvePoint {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(values, "values");
        values = values.isEmpty() ? Collections.emptyMap() : Collections.unmodifiableMap(new EnumMap<>(values));
    }

    /**
     * The value of a metric.
     * @param metric The metric.
     * @return The value, or NaN if the point has no such metric.
     */
    public double value(SentimentMetric metric) {
        Double v = values.get(metric);
        return v == null ? Double.NaN : v;
    }

    /** @return True if the point is an SMM subset, not a missing rate. */
    public boolean isSubset() {
        return Double.isNaN(rate);
    }
}
