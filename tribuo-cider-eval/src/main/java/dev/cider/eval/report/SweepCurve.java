package dev.cider.eval.report;

import dev.cider.data.SentimentTask;
import dev.cider.eval.sweep.SweepPoint;
import dev.cider.eval.sweep.SweepResult;
import dev.cider.metrics.Auilc;
import dev.cider.metrics.SentimentMetric;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The numbers of one system swept in one setting: what every report format (Markdown, CSV, plots, console)
 * draws from, built from a {@link SweepResult} or read back from {@code results.json}.
 *
 * @param setting The setting's name (e.g. "IID", "OOD").
 * @param system  The system's name.
 * @param pattern The missing pattern's name.
 * @param task    The task the system was trained for (it decides the available metrics).
 * @param seed    The mask seed of the sweep.
 * @param points  The points in sweep order (an unmodifiable copy, at least one).
 */
public record SweepCurve(String setting, String system, String pattern, SentimentTask task, long seed, List<CurvePoint> points) {

    /**
     * Creates a curve.
     * @param setting The setting.
     * @param system The system.
     * @param pattern The pattern.
     * @param task The task.
     * @param seed The seed.
     * @param points The points.
     * @throws IllegalArgumentException if there are no points, or rate points and subset points are mixed.
     */
    public SweepCurve {
        Objects.requireNonNull(setting, "setting");
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(task, "task");
        if (points.isEmpty()) {
            throw new IllegalArgumentException("The sweep of system '" + system + "' in setting '" + setting + "' has no points");
        }
        long subsets = points.stream().filter(CurvePoint::isSubset).count();
        if (subsets != 0 && subsets != points.size()) {
            throw new IllegalArgumentException("The sweep of system '" + system + "' in setting '" + setting
                    + "' mixes missing rates and modality subsets");
        }
        points = Collections.unmodifiableList(new ArrayList<>(points));
    }

    /**
     * The numbers of a sweep result.
     * @param setting The setting the result belongs to.
     * @param result The result.
     * @return The curve.
     */
    public static SweepCurve of(String setting, SweepResult result) {
        List<CurvePoint> points = new ArrayList<>();
        for (SweepPoint p : result.points()) {
            points.add(new CurvePoint(p.label(), p.rate(), p.metrics().size(), p.metrics().values()));
        }
        SentimentTask task = result.points().get(0).metrics().task();
        return new SweepCurve(setting, result.system(), result.pattern(), task, result.seed(), points);
    }

    /** @return True if the points are SMM modality subsets rather than missing rates. */
    public boolean isSubsetSweep() {
        return points.get(0).isSubset();
    }

    /** @return True if the AUILC is defined: a sweep over at least two missing rates. */
    public boolean hasAuilc() {
        return !isSubsetSweep() && points.size() >= 2;
    }

    /** @return The metrics of the curve's task, in declaration order. */
    public List<SentimentMetric> metrics() {
        return SentimentMetric.forTask(task);
    }

    /**
     * Whether this curve measures a metric (the metric belongs to its task).
     * @param metric The metric.
     * @return True if measured.
     */
    public boolean has(SentimentMetric metric) {
        return metric.task() == task;
    }

    /** @return The rates of the points (NaN for subsets). */
    public double[] rates() {
        return points.stream().mapToDouble(CurvePoint::rate).toArray();
    }

    /**
     * The values of a metric along the curve.
     * @param metric The metric.
     * @return One value per point (NaN where undefined).
     */
    public double[] values(SentimentMetric metric) {
        return points.stream().mapToDouble(p -> p.value(metric)).toArray();
    }

    /**
     * The AUILC of a metric: the trapezoidal area over the rates (see {@link Auilc}).
     * @param metric The metric.
     * @return The AUILC; NaN if it is undefined (subset sweep, a single point, another task's metric, or a NaN value).
     */
    public double auilc(SentimentMetric metric) {
        if (!hasAuilc() || !has(metric)) {
            return Double.NaN;
        }
        double[] values = values(metric);
        for (double v : values) {
            if (!Double.isFinite(v)) {
                return Double.NaN;
            }
        }
        return Auilc.compute(rates(), values);
    }

    /**
     * The index of the point at a rate.
     * @param rate The rate.
     * @return The index, empty if there is no such point.
     */
    public OptionalInt indexOfRate(double rate) {
        for (int i = 0; i < points.size(); i++) {
            if (points.get(i).rate() == rate) {
                return OptionalInt.of(i);
            }
        }
        return OptionalInt.empty();
    }

    /**
     * The index of the point with a label (e.g. an SMM subset such as "LA").
     * @param label The label.
     * @return The index, empty if there is no such point.
     */
    public OptionalInt indexOfLabel(String label) {
        for (int i = 0; i < points.size(); i++) {
            if (points.get(i).label().equals(label)) {
                return OptionalInt.of(i);
            }
        }
        return OptionalInt.empty();
    }

    /**
     * The value of a metric on complete inputs (the point at missing rate 0).
     * @param metric The metric.
     * @return The value, NaN if the curve has no rate-0 point or lacks the metric.
     */
    public double completeValue(SentimentMetric metric) {
        OptionalInt i = indexOfRate(0.0);
        return i.isPresent() && has(metric) ? points.get(i.getAsInt()).value(metric) : Double.NaN;
    }
}
