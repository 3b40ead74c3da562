package dev.cider.eval.reproduce;

import dev.cider.data.SentimentTask;
import dev.cider.metrics.SentimentMetric;

import java.util.Objects;

/**
 * How far a rerun moved the mean of one curve's quantity, set against the spread over training seeds: the difference
 * of the means over the recorded per-seed standard deviation. Two runs on different machines differ by rounding; a
 * shift small against the seed spread changes no conclusion.
 *
 * @param setting      The setting.
 * @param system       The system.
 * @param task         The task.
 * @param quantity     {@code AUILC}, or for a curve without one (modality subsets, a single rate) the point's label.
 * @param metric       The metric.
 * @param recordedMean The recorded mean over training seeds.
 * @param rerunMean    The rerun's mean.
 * @param seedSd       The recorded standard deviation over training seeds (NaN with one seed).
 * @param seeds        The number of training seeds (per-seed values) behind the recorded mean.
 */
public record MeanShift(String setting, String system, SentimentTask task, String quantity, SentimentMetric metric,
                        double recordedMean, double rerunMean, double seedSd, int seeds) {

    /**
     * Creates a shift.
     */
    public MeanShift {
        Objects.requireNonNull(setting, "setting");
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(quantity, "quantity");
        Objects.requireNonNull(metric, "metric");
    }

    /** @return The rerun's mean minus the recorded mean (NaN if either is undefined). */
    public double difference() {
        return rerunMean - recordedMean;
    }

    /**
     * The absolute difference of the means in units of the seed standard deviation.
     * @return |difference| / SD; NaN with one seed (no spread) or an undefined mean; 0 for no difference; infinity
     *     for a difference where the seeds agreed exactly.
     */
    public double relativeToSpread() {
        double d = Math.abs(difference());
        if (d == 0) {
            return 0;
        }
        if (Double.isNaN(d) || seeds < 2 || Double.isNaN(seedSd)) {
            return Double.NaN;
        }
        return seedSd == 0 ? Double.POSITIVE_INFINITY : d / seedSd;
    }
}
