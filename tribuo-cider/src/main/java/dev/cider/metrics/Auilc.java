package dev.cider.metrics;

import org.tribuo.util.Util;

import java.util.List;
import java.util.Objects;

/**
 * The area under an incomplete-input learning curve (AUILC): a metric measured at increasing missing rates
 * {@code p_0 < ... < p_t}, integrated with the trapezoidal rule,
 * {@code sum_i (v_i + v_{i+1}) / 2 * (p_{i+1} - p_i)}.
 * <p>
 * With rates spanning 0 to 1 the value stays on the metric's own scale: it is the metric's average over the
 * curve (a constant curve gives the constant). The area is Tribuo's {@link Util#auc(double[], double[])}, after
 * checks that name the offending point: strictly increasing rates (a repeated rate would make the curve a step),
 * finite values.
 */
public final class Auilc {

    private Auilc() {
    }

    /**
     * The trapezoidal area under a curve.
     * @param rates The missing rates, strictly increasing and finite.
     * @param values The metric value at each rate, finite.
     * @return The area.
     * @throws IllegalArgumentException if the arrays differ in length, have fewer than 2 points, the rates
     *     are not strictly increasing, or a value is not finite; the message names the offending index.
     */
    public static double compute(double[] rates, double[] values) {
        Objects.requireNonNull(rates, "rates");
        Objects.requireNonNull(values, "values");
        if (rates.length != values.length) {
            throw new IllegalArgumentException("AUILC needs one value per rate, found " + rates.length + " rates and " + values.length + " values");
        }
        if (rates.length < 2) {
            throw new IllegalArgumentException("AUILC needs at least 2 points, found " + rates.length);
        }
        for (int i = 0; i < rates.length; i++) {
            if (!Double.isFinite(rates[i])) {
                throw new IllegalArgumentException("Rate " + i + " is not finite: " + rates[i]);
            }
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException("Value " + i + " (at rate " + rates[i] + ") is not finite: " + values[i]);
            }
            if (i > 0 && !(rates[i] > rates[i - 1])) {
                throw new IllegalArgumentException("Rates must be strictly increasing, but rate " + i + " (" + rates[i]
                        + ") follows " + rates[i - 1]);
            }
        }
        // Tribuo's trapezoidal area; the checks above are stricter than its own (it accepts repeated rates and NaN).
        return Util.auc(rates, values);
    }

    /**
     * The AUILC of one metric over a sweep of evaluations.
     * @param rates The missing rates, strictly increasing.
     * @param results The evaluation at each rate, in the same order.
     * @param metric The metric to integrate.
     * @return The area.
     * @throws IllegalArgumentException as {@link #compute(double[], double[])}, or if a result lacks the metric.
     */
    public static double compute(double[] rates, List<SentimentMetrics> results, SentimentMetric metric) {
        double[] values = new double[results.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = results.get(i).get(metric);
        }
        return compute(rates, values);
    }
}
