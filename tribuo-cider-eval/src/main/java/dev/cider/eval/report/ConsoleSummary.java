package dev.cider.eval.report;

import dev.cider.metrics.SentimentMetric;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A fixed-width plain-text summary of a comparison for the console: one row per (setting, system) with the
 * AUILC (in %) of Acc2, F1, Acc7 and Acc3 as available, each as the mean over training seeds ± the spread over seeds
 * and its 95% interval. A setting swept over SMM subsets has no AUILC; its row shows the mean over the subsets (no
 * interval), and a single-point sweep shows its one estimate; the "summary" column says which. The report form adds
 * the paired comparisons of the headline metric, each with its conclusion.
 */
public final class ConsoleSummary {

    private static final String ABSENT = "-";

    private ConsoleSummary() {
    }

    /**
     * Renders the summary of a report: the table, then one line per paired comparison of the headline metric.
     * @param report The report.
     * @return The text, lines ending in '\n'.
     */
    public static String render(ComparisonReport report) {
        StringBuilder sb = new StringBuilder(render(report.view()));
        List<PairComparison> headline = MarkdownReport.headlineComparisons(report);
        if (!headline.isEmpty()) {
            sb.append('\n').append("Paired comparisons (first minus second, in points, with the 95% interval and p-values):\n");
            for (PairComparison c : headline) {
                sb.append("  ").append(MarkdownReport.claim(c).replace("**", "")).append('\n');
            }
        }
        return sb.toString();
    }

    /**
     * Renders the summary table.
     * @param view The numbers.
     * @return The table, lines ending in '\n'.
     */
    public static String render(ComparisonView view) {
        List<SentimentMetric> metrics = view.tableMetrics();
        List<String> header = new ArrayList<>(List.of("setting", "system", "pattern", "summary"));
        metrics.forEach(m -> header.add(m.displayName()));
        List<List<String>> rows = new ArrayList<>();
        for (String setting : view.settings()) {
            for (String system : view.systems(setting)) {
                Set<String> patterns = new LinkedHashSet<>();
                Set<String> kinds = new LinkedHashSet<>();
                List<String> values = new ArrayList<>();
                for (SentimentMetric m : metrics) {
                    Optional<SweepCurve> c = view.curve(setting, system, m);
                    if (c.isEmpty()) {
                        values.add(ABSENT);
                        continue;
                    }
                    patterns.add(c.get().pattern());
                    kinds.add(kind(c.get()));
                    values.add(summary(c.get(), m));
                }
                List<String> row = new ArrayList<>(List.of(setting, system, String.join(",", patterns), String.join(",", kinds)));
                row.addAll(values);
                rows.add(row);
            }
        }
        TextTable table = new TextTable(4, header.toArray(new String[0]));
        rows.forEach(r -> table.row(r.toArray(new String[0])));
        return table.render("");
    }

    private static String kind(SweepCurve c) {
        if (c.isSubsetSweep()) {
            return "mean of " + c.points().size() + " subsets";
        }
        if (c.hasAuilc()) {
            return "AUILC";
        }
        return "at rate " + ReportFormat.rate(c.points().get(0).rate());
    }

    private static String summary(SweepCurve c, SentimentMetric m) {
        if (c.isSubsetSweep()) {
            double sum = 0;
            for (double v : c.values(m)) {
                sum += v;
            }
            return ReportFormat.percent(sum / c.points().size());
        }
        return ReportFormat.estimate(c.hasAuilc() ? c.auilcEstimate(m) : c.points().get(0).estimate(m));
    }
}
