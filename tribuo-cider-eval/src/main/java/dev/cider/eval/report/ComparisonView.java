package dev.cider.eval.report;

import dev.cider.data.SentimentTask;
import dev.cider.metrics.SentimentMetric;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The curves of a comparison indexed by setting, system and task, in the order they were added: settings in
 * order of first appearance, systems likewise. A system may have one curve per task in a setting (a binary-task
 * model giving Acc2, F1 and Acc3, and a seven-task model of the same name giving Acc7), which the tables show as
 * one row, as the paper does.
 */
public final class ComparisonView {

    /** The metrics of the Markdown tables, plots and console summary, in column order (those available are shown). */
    public static final List<SentimentMetric> TABLE_METRICS =
            List.of(SentimentMetric.ACC2_NON0, SentimentMetric.F1_NON0, SentimentMetric.ACC7, SentimentMetric.ACC3);

    private final List<SweepCurve> curves;
    private final Map<String, List<SweepCurve>> bySetting = new LinkedHashMap<>();
    private final List<String> systems;

    /**
     * Indexes curves.
     * @param curves The curves.
     * @throws IllegalArgumentException if a (setting, system, task) appears twice, or a setting mixes rate
     *     sweeps and SMM subset sweeps; the message names them.
     */
    public ComparisonView(List<SweepCurve> curves) {
        this.curves = Collections.unmodifiableList(new ArrayList<>(curves));
        Set<String> allSystems = new LinkedHashSet<>();
        for (SweepCurve c : this.curves) {
            List<SweepCurve> inSetting = bySetting.computeIfAbsent(c.setting(), k -> new ArrayList<>());
            for (SweepCurve other : inSetting) {
                if (other.system().equals(c.system()) && other.task() == c.task()) {
                    throw new IllegalArgumentException("Setting '" + c.setting() + "' has two " + c.task().name()
                            + "-task results for system '" + c.system() + "'");
                }
                if (other.isSubsetSweep() != c.isSubsetSweep()) {
                    throw new IllegalArgumentException("Setting '" + c.setting() + "' mixes a sweep over modality subsets ("
                            + (c.isSubsetSweep() ? c : other).system() + ") with a sweep over missing rates ("
                            + (c.isSubsetSweep() ? other : c).system() + "); give them different settings");
                }
            }
            inSetting.add(c);
            allSystems.add(c.system());
        }
        this.systems = List.copyOf(allSystems);
    }

    /** @return Every curve, in the order given. */
    public List<SweepCurve> curves() {
        return curves;
    }

    /** @return The settings in order of first appearance. */
    public List<String> settings() {
        return List.copyOf(bySetting.keySet());
    }

    /** @return Every system in order of first appearance. */
    public List<String> systems() {
        return systems;
    }

    /**
     * The curves of a setting.
     * @param setting The setting.
     * @return Its curves in the order given (empty for an unknown setting).
     */
    public List<SweepCurve> curves(String setting) {
        return Collections.unmodifiableList(bySetting.getOrDefault(setting, List.of()));
    }

    /**
     * The systems of a setting, in the global system order.
     * @param setting The setting.
     * @return The systems with at least one curve in it.
     */
    public List<String> systems(String setting) {
        Set<String> present = new LinkedHashSet<>();
        curves(setting).forEach(c -> present.add(c.system()));
        List<String> out = new ArrayList<>();
        for (String s : systems) {
            if (present.contains(s)) {
                out.add(s);
            }
        }
        return out;
    }

    /**
     * One curve.
     * @param setting The setting.
     * @param system The system.
     * @param task The task.
     * @return The curve, if present.
     */
    public Optional<SweepCurve> curve(String setting, String system, SentimentTask task) {
        Objects.requireNonNull(task, "task");
        return curves(setting).stream().filter(c -> c.system().equals(system) && c.task() == task).findFirst();
    }

    /**
     * The curve that measures a metric for a system in a setting.
     * @param setting The setting.
     * @param system The system.
     * @param metric The metric.
     * @return The curve of the metric's task, if present.
     */
    public Optional<SweepCurve> curve(String setting, String system, SentimentMetric metric) {
        return curve(setting, system, metric.task());
    }

    /**
     * Whether the setting is swept over SMM modality subsets rather than missing rates.
     * @param setting The setting.
     * @return True for subsets.
     */
    public boolean isSubsetSetting(String setting) {
        List<SweepCurve> cs = curves(setting);
        return !cs.isEmpty() && cs.get(0).isSubsetSweep();
    }

    /**
     * Whether any curve of a setting has an AUILC (at least two rates).
     * @param setting The setting.
     * @return True if so.
     */
    public boolean hasAuilc(String setting) {
        return curves(setting).stream().anyMatch(SweepCurve::hasAuilc);
    }

    /**
     * The tasks present in a setting, in enum order.
     * @param setting The setting.
     * @return The tasks.
     */
    public List<SentimentTask> tasks(String setting) {
        List<SentimentTask> out = new ArrayList<>();
        for (SentimentTask t : SentimentTask.values()) {
            if (curves(setting).stream().anyMatch(c -> c.task() == t)) {
                out.add(t);
            }
        }
        return out;
    }

    /**
     * The table metrics ({@link #TABLE_METRICS}) some curve of a setting measures, in column order.
     * @param setting The setting.
     * @return The metrics.
     */
    public List<SentimentMetric> tableMetrics(String setting) {
        List<SentimentTask> tasks = tasks(setting);
        List<SentimentMetric> out = new ArrayList<>();
        for (SentimentMetric m : TABLE_METRICS) {
            if (tasks.contains(m.task())) {
                out.add(m);
            }
        }
        return out;
    }

    /**
     * The table metrics measured anywhere in the comparison, in column order.
     * @return The metrics.
     */
    public List<SentimentMetric> tableMetrics() {
        Set<SentimentMetric> out = new LinkedHashSet<>();
        for (SentimentMetric m : TABLE_METRICS) {
            for (String s : settings()) {
                if (tableMetrics(s).contains(m)) {
                    out.add(m);
                }
            }
        }
        return List.copyOf(out);
    }

    /**
     * The headline metric of each task present in a setting (Acc2 for binary, Acc7 for seven).
     * @param setting The setting.
     * @return The metrics.
     */
    public List<SentimentMetric> headlineMetrics(String setting) {
        List<SentimentMetric> out = new ArrayList<>();
        for (SentimentTask t : tasks(setting)) {
            out.add(SentimentMetric.headline(t));
        }
        return out;
    }

    /**
     * Every missing rate of a setting's curves, increasing.
     * @param setting A rate setting.
     * @return The rates.
     */
    public List<Double> rates(String setting) {
        TreeSet<Double> rates = new TreeSet<>();
        for (SweepCurve c : curves(setting)) {
            for (CurvePoint p : c.points()) {
                if (!p.isSubset()) {
                    rates.add(p.rate());
                }
            }
        }
        return List.copyOf(rates);
    }

    /**
     * Every point label of a setting's curves in order of first appearance (the SMM subsets for a subset setting).
     * @param setting The setting.
     * @return The labels.
     */
    public List<String> labels(String setting) {
        Set<String> labels = new LinkedHashSet<>();
        for (SweepCurve c : curves(setting)) {
            c.points().forEach(p -> labels.add(p.label()));
        }
        return List.copyOf(labels);
    }

    /**
     * The distinct patterns of a setting's curves.
     * @param setting The setting.
     * @return The pattern names.
     */
    public List<String> patterns(String setting) {
        Set<String> out = new LinkedHashSet<>();
        curves(setting).forEach(c -> out.add(c.pattern()));
        return List.copyOf(out);
    }
}
