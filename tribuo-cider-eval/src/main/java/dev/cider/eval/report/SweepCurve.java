package dev.cider.eval.report;

import dev.cider.data.SentimentTask;
import dev.cider.eval.stats.CurveOutcomes;
import dev.cider.eval.stats.CurveSummary;
import dev.cider.eval.stats.Estimate;
import dev.cider.eval.stats.HierarchicalBootstrap;
import dev.cider.eval.sweep.SweepPoint;
import dev.cider.eval.sweep.SweepResult;
import dev.cider.metrics.SentimentMetric;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The numbers of one system swept in one setting, over every training seed and mask seed: what every report format
 * (Markdown, CSV, JSON, plots, console) draws from. Each point and each AUILC is an {@link Estimate}: the mean over
 * training seeds (each seed's value averaged over the mask seeds), the spread of the per-seed values and a 95%
 * interval from a {@link HierarchicalBootstrap} over training seeds and test utterances. Built from the
 * {@link SweepResult}s of the runs by {@link #aggregate}, or read back from {@code results.json}.
 *
 * @param setting       The setting's name (e.g. "IID", "OOD").
 * @param system        The system's name.
 * @param pattern       The missing pattern's name.
 * @param task          The task the system was trained for (it decides the available metrics).
 * @param trainingSeeds The training seeds, in order; empty for one model trained with its configured seed (or loaded).
 * @param maskSeeds     The mask seeds, in order (at least one).
 * @param points        The points in sweep order (an unmodifiable copy, at least one).
 * @param auilc         The AUILC estimate of every metric; empty when the AUILC is undefined (SMM, a single rate).
 * @param summary       The bootstrap summary behind the estimates (for paired comparisons); null when read back.
 */
public record SweepCurve(String setting, String system, String pattern, SentimentTask task, List<Long> trainingSeeds,
                         List<Long> maskSeeds, List<CurvePoint> points, Map<SentimentMetric, Estimate> auilc, CurveSummary summary) {

    /**
     * Creates a curve.
     * @throws IllegalArgumentException if there are no points or no mask seeds, or rate points and subset points are mixed.
     */
    public SweepCurve {
        Objects.requireNonNull(setting, "setting");
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(task, "task");
        trainingSeeds = List.copyOf(trainingSeeds);
        maskSeeds = List.copyOf(maskSeeds);
        if (maskSeeds.isEmpty()) {
            throw new IllegalArgumentException("The sweep of system '" + system + "' in setting '" + setting + "' has no mask seed");
        }
        if (points.isEmpty()) {
            throw new IllegalArgumentException("The sweep of system '" + system + "' in setting '" + setting + "' has no points");
        }
        long subsets = points.stream().filter(CurvePoint::isSubset).count();
        if (subsets != 0 && subsets != points.size()) {
            throw new IllegalArgumentException("The sweep of system '" + system + "' in setting '" + setting
                    + "' mixes missing rates and modality subsets");
        }
        points = Collections.unmodifiableList(new ArrayList<>(points));
        auilc = auilc.isEmpty() ? Collections.emptyMap() : Collections.unmodifiableMap(new EnumMap<>(auilc));
    }

    /**
     * Aggregates the runs of one system in one setting: one {@link SweepResult} per (training seed, mask seed), all over
     * the same points and test utterances.
     * @param setting The setting.
     * @param runs The runs, in training seed then mask seed order (any order is accepted; seeds keep first-seen order).
     * @param bootstrap The bootstrap of the intervals.
     * @return The curve.
     * @throws IllegalArgumentException if the runs are not one full grid of training seeds by mask seeds, or their points,
     *     pattern, task or test sizes differ; the message names the system.
     */
    public static SweepCurve aggregate(String setting, List<SweepResult> runs, HierarchicalBootstrap bootstrap) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("No runs to aggregate in setting '" + setting + "'");
        }
        SweepResult first = runs.get(0);
        String where = "system '" + first.system() + "' in setting '" + setting + "'";
        LinkedHashSet<Long> trainingSet = new LinkedHashSet<>();
        LinkedHashSet<Long> maskSet = new LinkedHashSet<>();
        boolean configured = false;
        for (SweepResult r : runs) {
            if (!r.system().equals(first.system()) || !r.pattern().equals(first.pattern())) {
                throw new IllegalArgumentException("Runs of " + where + " mix systems or patterns (" + r.system() + ", " + r.pattern() + ")");
            }
            if (r.trainingSeed() == null) {
                configured = true;
            } else {
                trainingSet.add(r.trainingSeed());
            }
            maskSet.add(r.seed());
        }
        if (configured && !trainingSet.isEmpty()) {
            throw new IllegalArgumentException("Runs of " + where + " mix models trained with training seeds and a model with its configured seed");
        }
        List<Long> training = new ArrayList<>(trainingSet);
        List<Long> masks = new ArrayList<>(maskSet);
        int seeds = Math.max(1, training.size());
        if (runs.size() != seeds * masks.size()) {
            throw new IllegalArgumentException(where + " has " + runs.size() + " runs, not one per training seed " + training
                    + " and mask seed " + masks);
        }
        SentimentTask task = first.points().get(0).metrics().task();
        double[] rates = first.rates();
        byte[][][][] codes = new byte[seeds][masks.size()][][];
        for (SweepResult r : runs) {
            int s = r.trainingSeed() == null ? 0 : training.indexOf(r.trainingSeed());
            int m = masks.indexOf(r.seed());
            if (codes[s][m] != null) {
                throw new IllegalArgumentException(where + " has two runs with training seed " + r.trainingSeed() + " and mask seed " + r.seed());
            }
            if (r.points().size() != first.points().size()) {
                throw new IllegalArgumentException("Runs of " + where + " have " + first.points().size() + " and " + r.points().size() + " points");
            }
            codes[s][m] = new byte[r.points().size()][];
            for (int p = 0; p < r.points().size(); p++) {
                SweepPoint point = r.points().get(p);
                if (!point.label().equals(first.points().get(p).label()) || point.metrics().task() != task) {
                    throw new IllegalArgumentException("Runs of " + where + " differ at point " + p + ": " + point.label()
                            + " vs " + first.points().get(p).label());
                }
                codes[s][m][p] = point.outcomes();
            }
        }
        CurveSummary summary = bootstrap.summarize(new CurveOutcomes(task, rates, codes));
        List<SentimentMetric> metrics = SentimentMetric.forTask(task);
        List<CurvePoint> points = new ArrayList<>();
        for (int p = 0; p < first.points().size(); p++) {
            Map<SentimentMetric, Estimate> estimates = new EnumMap<>(SentimentMetric.class);
            for (SentimentMetric metric : metrics) {
                estimates.put(metric, summary.point(p, metric));
            }
            SweepPoint point = first.points().get(p);
            points.add(new CurvePoint(point.label(), point.rate(), point.outcomes().length, estimates));
        }
        Map<SentimentMetric, Estimate> auilc = new EnumMap<>(SentimentMetric.class);
        if (summary.hasAuilc()) {
            for (SentimentMetric metric : metrics) {
                auilc.put(metric, summary.auilc(metric));
            }
        }
        return new SweepCurve(setting, first.system(), first.pattern(), task, training, masks, points, auilc, summary);
    }

    /** @return The number of models behind each value: the training seeds, or 1 for a configured or loaded model. */
    public int modelCount() {
        return Math.max(1, trainingSeeds.size());
    }

    /** @return True if the points are SMM modality subsets rather than missing rates. */
    public boolean isSubsetSweep() {
        return points.get(0).isSubset();
    }

    /** @return True if the AUILC is defined: a sweep over at least two missing rates. */
    public boolean hasAuilc() {
        return !auilc.isEmpty();
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
     * The mean values of a metric along the curve.
     * @param metric The metric.
     * @return One value per point (NaN where undefined).
     */
    public double[] values(SentimentMetric metric) {
        return points.stream().mapToDouble(p -> p.value(metric)).toArray();
    }

    /**
     * The mean AUILC of a metric over the training seeds.
     * @param metric The metric.
     * @return The AUILC; NaN if it is undefined (subset sweep, a single point, another task's metric, or a NaN value).
     */
    public double auilc(SentimentMetric metric) {
        Estimate e = auilc.get(metric);
        return e == null ? Double.NaN : e.mean();
    }

    /**
     * The AUILC estimate of a metric.
     * @param metric The metric.
     * @return The estimate, or null if the AUILC is undefined.
     */
    public Estimate auilcEstimate(SentimentMetric metric) {
        return auilc.get(metric);
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
     * The estimate of a metric on complete inputs (the point at missing rate 0).
     * @param metric The metric.
     * @return The estimate, or null if the curve has no rate-0 point or lacks the metric.
     */
    public Estimate completeEstimate(SentimentMetric metric) {
        OptionalInt i = indexOfRate(0.0);
        return i.isPresent() && has(metric) ? points.get(i.getAsInt()).estimate(metric) : null;
    }

    /**
     * The mean value of a metric on complete inputs (the point at missing rate 0).
     * @param metric The metric.
     * @return The value, NaN if the curve has no rate-0 point or lacks the metric.
     */
    public double completeValue(SentimentMetric metric) {
        Estimate e = completeEstimate(metric);
        return e == null ? Double.NaN : e.mean();
    }
}
