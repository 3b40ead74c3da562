package dev.cider.eval.report;

import com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.util.Pair;
import dev.cider.data.SentimentTask;
import dev.cider.eval.stats.Estimate;
import dev.cider.eval.stats.PairedDifference;
import dev.cider.eval.stats.Quantity;
import dev.cider.eval.sweep.SweepResult;
import dev.cider.metrics.SentimentMetric;
import dev.cider.util.AtomicFiles;
import org.tribuo.provenance.ModelProvenance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Writes {@code report.md}: the title, what was run (settings, systems with their provenance, metadata), how sure
 * the numbers are (seeds, the interval and the test), the claims the paired comparisons support, then per setting:
 * the AUILC of Acc2, F1 and Acc7/Acc3 (as available) and their complete-input values (rate 0), each as the mean over
 * training seeds ± the standard deviation over seeds with its 95% interval; the paired differences of the declared
 * pairs (difference, interval, p-value, Holm-adjusted p-value, conclusion); a per-rate table of each headline metric;
 * or for SMM one table per metric (rows: the kept-modality subsets); and the plots. Numbers are percentages with one
 * decimal, as in the paper. No value is marked best: a difference is stated only where its paired test supports it.
 */
public final class MarkdownReport {

    private MarkdownReport() {
    }

    /**
     * Renders the report.
     * @param report The report.
     * @param plots The plots written beside it (linked from their settings); may be empty.
     * @return The Markdown text.
     */
    public static String render(ComparisonReport report, List<ReportPlot> plots) {
        ComparisonView view = report.view();
        StringBuilder sb = new StringBuilder();
        sb.append("# ").append(report.title().replaceAll("\\s*[\\r\\n]+\\s*", " ")).append("\n\n");
        if (!report.description().isEmpty()) {
            sb.append(report.description()).append("\n\n");
        }
        whatWasRun(sb, report);
        howSure(sb, report);
        claims(sb, report);
        floors(sb, report);
        for (String setting : view.settings()) {
            sb.append("## ").append(settingHeading(view, setting)).append("\n\n");
            if (view.isSubsetSetting(setting)) {
                subsetTables(sb, view, setting);
            } else {
                headlineTables(sb, view, setting);
                pairTable(sb, report, setting);
                rateTables(sb, view, setting);
            }
            List<ReportPlot> mine = plots.stream().filter(p -> p.setting().equals(setting)).toList();
            if (!mine.isEmpty()) {
                sb.append("### Plots\n\n");
                for (ReportPlot p : mine) {
                    sb.append("![").append(p.title().replace("]", ")").replace("[", "(")).append("](").append(p.relativePath()).append(")\n\n");
                }
            }
        }
        return sb.toString();
    }

    /**
     * Renders the report and writes it atomically.
     * @param file The target file (its parent directories are created).
     * @param report The report.
     * @param plots The plots written beside it.
     * @throws IOException on failure; a previous file is then unchanged.
     */
    public static void write(Path file, ComparisonReport report, List<ReportPlot> plots) throws IOException {
        AtomicFiles.write(file, render(report, plots).getBytes(StandardCharsets.UTF_8));
    }

    private static String settingHeading(ComparisonView view, String setting) {
        return ReportFormat.cell(setting) + " (" + String.join(", ", view.patterns(setting)) + ")";
    }

    private static void whatWasRun(StringBuilder sb, ComparisonReport report) {
        ComparisonView view = report.view();
        sb.append("## What was run\n\n");
        MarkdownTable settings = MarkdownTable.text(List.of("Setting", "Pattern", "Points", "Mask seeds", "Test utterances"));
        for (String s : view.settings()) {
            Set<String> seeds = new LinkedHashSet<>();
            Set<String> sizes = new LinkedHashSet<>();
            for (SweepCurve c : view.curves(s)) {
                c.maskSeeds().forEach(m -> seeds.add(Long.toString(m)));
                sizes.add(Integer.toString(c.points().get(0).size()));
            }
            String points;
            if (view.isSubsetSetting(s)) {
                points = "kept " + String.join(", ", view.labels(s));
            } else {
                List<String> rates = view.rates(s).stream().map(ReportFormat::rate).toList();
                points = rates.size() > 4 ? "rates " + rates.get(0) + ", " + rates.get(1) + ", ..., " + rates.get(rates.size() - 1)
                        + " (" + rates.size() + ")" : "rates " + String.join(", ", rates);
            }
            settings.row(List.of(ReportFormat.cell(s), ReportFormat.cell(String.join(", ", view.patterns(s))), points,
                    String.join(", ", seeds), String.join(", ", sizes)));
        }
        sb.append(settings.render()).append('\n');

        MarkdownTable systems = MarkdownTable.text(List.of("System", "Task", "Models", "Model", "Trainer", "Test data", "Obtained"));
        Map<String, SweepResult> seen = new LinkedHashMap<>();
        Map<String, Set<Long>> seeds = new LinkedHashMap<>();
        for (ComparisonRow r : report.rows()) {
            String key = r.result().system() + "\u0000" + r.result().points().get(0).metrics().task();
            seen.putIfAbsent(key, r.result());
            Set<Long> s = seeds.computeIfAbsent(key, k -> new LinkedHashSet<>());
            if (r.result().trainingSeed() != null) {
                s.add(r.result().trainingSeed());
            }
        }
        for (Map.Entry<String, SweepResult> e : seen.entrySet()) {
            SweepResult r = e.getValue();
            ModelProvenance mp = r.modelProvenance();
            String model = mp == null ? ReportFormat.ABSENT : simpleName(mp.getClassName());
            String trainer = mp == null || mp.getTrainerProvenance() == null ? ReportFormat.ABSENT : trainerName(mp.getTrainerProvenance());
            String data = r.dataProvenance() == null ? ReportFormat.ABSENT : simpleName(r.dataProvenance().getClassName());
            String note = report.trainingNotes().getOrDefault(r.system(), ReportFormat.ABSENT);
            Set<Long> s = seeds.get(e.getKey());
            String models = s.isEmpty() ? "1 (configured seed)" : s.size() + " (training seeds " + join(s) + ")";
            systems.row(List.of(ReportFormat.cell(r.system()), taskName(r.points().get(0).metrics().task()), models,
                    "`" + model + "`", "`" + trainer + "`", "`" + data + "`", ReportFormat.cell(note)));
        }
        sb.append(systems.render()).append('\n');

        if (!report.metadata().isEmpty()) {
            MarkdownTable meta = MarkdownTable.text(List.of("Run", "Value"));
            for (Map.Entry<String, String> e : report.metadata().entrySet()) {
                meta.row(List.of(ReportFormat.cell(e.getKey()), ReportFormat.cell(e.getValue())));
            }
            sb.append(meta.render()).append('\n');
        }
        sb.append("Full numbers with their intervals: [").append(ComparisonReportWriter.CSV_NAME).append("](")
                .append(ComparisonReportWriter.CSV_NAME).append("); every per-seed value, the paired comparisons and the model and")
                .append(" data provenance: [").append(ComparisonReportWriter.JSON_NAME).append("](").append(ComparisonReportWriter.JSON_NAME)
                .append("). Values are percentages.\n\n");
    }

    /** The paragraph that says which interval and which test the report uses. */
    private static void howSure(StringBuilder sb, ComparisonReport report) {
        sb.append("## How sure these numbers are\n\n").append(uncertaintyText(report)).append("\n\n");
    }

    /**
     * The description of the report's uncertainty: seeds, interval, test, adjustment and the rule for claims.
     * @param report The report.
     * @return One paragraph.
     */
    static String uncertaintyText(ComparisonReport report) {
        int seeds = report.trainingSeeds().size();
        int masks = report.maskSeeds().size();
        int replicates = report.bootstrap().replicates();
        StringBuilder sb = new StringBuilder();
        if (seeds == 0) {
            sb.append("Every system was trained once, with the seed its trainer is configured with, so the numbers do not show how"
                    + " they move with the training seed (list trainingSeeds in the experiment to measure that).");
        } else {
            sb.append(String.format(Locale.ROOT, "Every trained system was trained %d times, with training seeds %s (the same seeds"
                    + " for every system: a paired design). Each number is the mean over the seeds \u00b1 the standard deviation of"
                    + " the per-seed values", seeds, join(report.trainingSeeds())));
            sb.append(seeds == 1 ? " (undefined with one seed)." : ".");
        }
        Map<String, String> env = report.environment();
        if (!env.isEmpty()) {
            sb.append(String.format(Locale.ROOT, " Numerics: %s mode on %s (ATen %s kernels). In native mode a training on another"
                    + " processor gives another model (BENCHMARKS.md, portable numerics, measures by how much); every model's"
                    + " provenance records its environment.", env.getOrDefault("mode", "?"),
                    env.getOrDefault("cpu.model-name", "?"), env.getOrDefault("aten.cpu-capability", "?")));
        }
        sb.append(String.format(Locale.ROOT, " Each seed's value is %s.", masks == 1 ? "measured with mask seed " + report.maskSeeds().get(0)
                : "averaged over mask seeds " + join(report.maskSeeds())));
        sb.append(String.format(Locale.ROOT, " The bracketed 95%% interval is the percentile interval of a two-level bootstrap with"
                + " %d replicates (bootstrap seed %d): each replicate resamples the training seeds with replacement and the test"
                + " utterances with replacement, the same utterances for every system and seed, so it accounts for both the"
                + " training seeds and the test utterances%s.", replicates, report.bootstrap().seed(),
                seeds <= 1 ? " (with one model per system, for the test utterances only)" : ""));
        if (!report.comparisons().isEmpty()) {
            sb.append(String.format(Locale.ROOT, " Paired differences (first system minus second) come from the same replicates;"
                    + " their p-value is a two-sided paired bootstrap test (shift method) of no difference, adjusted by Holm's"
                    + " step-down method over the %d comparisons of each metric and quantity. A difference is stated only where"
                    + " its interval excludes zero and its adjusted p-value is below %.2f; otherwise the report says that no"
                    + " difference is detectable at this sample size.", familySize(report), PairComparison.ALPHA));
        }
        return sb.toString();
    }

    private static int familySize(ComparisonReport report) {
        return report.comparisons().stream().mapToInt(PairComparison::familySize).max().orElse(0);
    }

    /** The claims on the headline metric's AUILC (or complete input where no AUILC exists), one line per comparison. */
    private static void claims(StringBuilder sb, ComparisonReport report) {
        List<PairComparison> headline = headlineComparisons(report);
        if (headline.isEmpty()) {
            return;
        }
        sb.append("## What the comparisons support\n\n");
        for (PairComparison c : headline) {
            sb.append("- ").append(claim(c)).append('\n');
        }
        sb.append('\n');
    }

    /**
     * The comparisons of the headline metrics (Acc2, Acc7) on their AUILC, or on complete input for settings without one.
     * @param report The report.
     * @return The comparisons in report order.
     */
    static List<PairComparison> headlineComparisons(ComparisonReport report) {
        List<PairComparison> out = new ArrayList<>();
        for (PairComparison c : report.comparisons()) {
            SentimentMetric m = c.difference().metric();
            if (m != SentimentMetric.headline(m.task())) {
                continue;
            }
            boolean settingHasAuilc = report.view().hasAuilc(c.setting());
            if (c.difference().quantity() == (settingHasAuilc ? Quantity.AUILC : Quantity.COMPLETE_INPUT)) {
                out.add(c);
            }
        }
        return out;
    }

    /**
     * One comparison in words, e.g. "IID, AUILC Acc2: CIDer higher than Linear SVM (+9.0 points [5.1, 12.8],
     * p = 0.001, Holm-adjusted p = 0.004)".
     * @param c The comparison.
     * @return The sentence.
     */
    static String claim(PairComparison c) {
        PairedDifference d = c.difference();
        String what = ReportFormat.cell(c.setting()) + ", " + quantityName(d.quantity()) + " " + d.metric().displayName();
        String numbers = String.format(Locale.ROOT, "%s points %s, p %s, Holm-adjusted p %s", ReportFormat.signedPoints(d.observed()),
                ReportFormat.interval(d.difference()), relation(d.pValue()), relation(c.adjustedP()));
        String pair = ReportFormat.cell(c.pair().first()) + " vs " + ReportFormat.cell(c.pair().second());
        return switch (c.verdict()) {
            case FIRST_HIGHER -> what + ": **" + ReportFormat.cell(c.pair().first()) + " higher** than "
                    + ReportFormat.cell(c.pair().second()) + " (" + numbers + ")";
            case SECOND_HIGHER -> what + ": **" + ReportFormat.cell(c.pair().second()) + " higher** than "
                    + ReportFormat.cell(c.pair().first()) + " (" + pair + ": " + numbers + ")";
            case NO_DETECTABLE_DIFFERENCE -> what + ": " + pair + ", no detectable difference at this sample size (" + numbers + ")";
        };
    }

    /**
     * The floors: the reference lines' headline values per setting, the systems detectably above both, and every system
     * that is not detectably above one of them.
     */
    private static void floors(StringBuilder sb, ComparisonReport report) {
        List<PairComparison> floors = report.floors();
        if (floors.isEmpty()) {
            return;
        }
        List<String> references = report.referenceSystems();
        sb.append("## The floors every system must beat\n\n").append("Reference lines: ")
                .append(String.join(" and ", references.stream().map(ReportFormat::cell).toList()))
                .append(" (the majority class of the training split; a depth-4 tree on the modalities' valid lengths alone, which")
                .append(" missing patterns that zero features keep). Each system is compared with each of them on the headline")
                .append(" metric by the same paired bootstrap, Holm-adjusted over these ").append(floors.size())
                .append(" comparisons; a system is above a floor when the interval of its difference excludes 0 and the adjusted")
                .append(" p is below ").append(PairComparison.ALPHA).append(".\n\n");
        Map<String, List<PairComparison>> bySetting = new LinkedHashMap<>();
        for (PairComparison c : floors) {
            bySetting.computeIfAbsent(c.setting() + ", " + quantityName(c.difference().quantity()) + " "
                    + c.difference().metric().displayName(), k -> new ArrayList<>()).add(c);
        }
        ComparisonView view = report.view();
        for (Map.Entry<String, List<PairComparison>> e : bySetting.entrySet()) {
            PairComparison first = e.getValue().get(0);
            List<String> floorValues = new ArrayList<>();
            for (String r : references) {
                view.curve(first.setting(), r, first.difference().metric()).ifPresent(curve -> {
                    Estimate v = first.difference().quantity() == Quantity.AUILC ? curve.auilcEstimate(first.difference().metric())
                            : curve.completeEstimate(first.difference().metric());
                    floorValues.add(ReportFormat.cell(r) + " " + ReportFormat.meanSd(v) + " " + ReportFormat.interval(v));
                });
            }
            sb.append("- ").append(ReportFormat.cell(e.getKey())).append(": ").append(String.join("; ", floorValues)).append(".");
            Map<String, Boolean> aboveAll = new LinkedHashMap<>();
            List<String> below = new ArrayList<>();
            for (PairComparison c : e.getValue()) {
                boolean above = c.verdict() == PairComparison.Verdict.FIRST_HIGHER;
                aboveAll.merge(c.pair().first(), above, Boolean::logicalAnd);
                if (!above) {
                    PairedDifference d = c.difference();
                    below.add(String.format(Locale.ROOT, "%s is not detectably above %s (%s points %s, Holm-adjusted p %s)",
                            ReportFormat.cell(c.pair().first()), ReportFormat.cell(c.pair().second()),
                            ReportFormat.signedPoints(d.observed()), ReportFormat.interval(d.difference()), relation(c.adjustedP())));
                }
            }
            List<String> clear = aboveAll.entrySet().stream().filter(Map.Entry::getValue).map(x -> ReportFormat.cell(x.getKey())).toList();
            sb.append(" Above every floor: ").append(clear.isEmpty() ? "no system" : String.join(", ", clear)).append(".");
            for (String b : below) {
                sb.append(" **").append(b).append(".**");
            }
            sb.append('\n');
        }
        sb.append('\n');
    }

    /** "= 0.123" or "< 0.001". */
    private static String relation(double p) {
        String text = ReportFormat.pValue(p);
        return text.startsWith("<") ? text : "= " + text;
    }

    private static String quantityName(Quantity q) {
        return q == Quantity.AUILC ? "AUILC" : "complete-input";
    }

    /** The AUILC table and the complete-input table of a rate setting. */
    private static void headlineTables(StringBuilder sb, ComparisonView view, String setting) {
        List<SentimentMetric> metrics = view.tableMetrics(setting);
        if (view.hasAuilc(setting)) {
            List<Double> rates = view.rates(setting);
            sb.append("AUILC over missing rates ").append(ReportFormat.rate(rates.get(0))).append(" to ")
                    .append(ReportFormat.rate(rates.get(rates.size() - 1))).append(", in %: mean \u00b1 SD over training seeds, and the")
                    .append(" 95% interval.\n\n");
            sb.append(estimateTable(view, setting, metrics, SweepCurve::auilcEstimate)).append('\n');
        }
        if (view.curves(setting).stream().anyMatch(c -> c.indexOfRate(0.0).isPresent())) {
            sb.append("Complete input (missing rate 0), in %: mean \u00b1 SD over training seeds, and the 95% interval.\n\n");
            sb.append(estimateTable(view, setting, metrics, SweepCurve::completeEstimate)).append('\n');
        }
    }

    private static String estimateTable(ComparisonView view, String setting, List<SentimentMetric> metrics,
                                        java.util.function.BiFunction<SweepCurve, SentimentMetric, Estimate> value) {
        List<String> headers = new ArrayList<>(List.of("System", "Models"));
        for (SentimentMetric m : metrics) {
            headers.add(m.displayName());
            headers.add("95% interval");
        }
        MarkdownTable table = MarkdownTable.numeric(headers);
        for (String system : view.systems(setting)) {
            List<String> cells = new ArrayList<>(List.of(ReportFormat.cell(system), Integer.toString(modelCount(view, setting, system))));
            for (SentimentMetric m : metrics) {
                Optional<SweepCurve> c = view.curve(setting, system, m);
                Estimate e = c.map(curve -> value.apply(curve, m)).orElse(null);
                cells.add(ReportFormat.meanSd(e));
                cells.add(ReportFormat.interval(e));
            }
            table.row(cells);
        }
        return table.render();
    }

    private static int modelCount(ComparisonView view, String setting, String system) {
        return view.curves(setting).stream().filter(c -> c.system().equals(system)).mapToInt(SweepCurve::modelCount).max().orElse(0);
    }

    /** The paired differences of a setting: headline metrics' AUILC and complete-input values. */
    private static void pairTable(StringBuilder sb, ComparisonReport report, String setting) {
        List<PairComparison> rows = report.comparisons().stream().filter(c -> c.setting().equals(setting)
                && c.difference().metric() == SentimentMetric.headline(c.difference().metric().task())).toList();
        if (rows.isEmpty()) {
            return;
        }
        sb.append("### Paired differences\n\n").append("First system minus second, in percentage points: mean \u00b1 SD of the")
                .append(" per-seed differences, 95% interval, bootstrap p-value and Holm-adjusted p-value.\n\n");
        MarkdownTable table = MarkdownTable.numeric(List.of("Pair", "Quantity", "Difference", "95% interval", "p", "p (Holm)", "Conclusion"));
        for (PairComparison c : rows) {
            PairedDifference d = c.difference();
            Estimate e = d.difference();
            String diff = ReportFormat.signedPoints(e.mean()) + (Double.isNaN(e.sd()) ? "" : " \u00b1 " + ReportFormat.points(e.sd()));
            table.row(List.of(ReportFormat.cell(c.pair().toString()), quantityName(d.quantity()) + " " + d.metric().displayName(), diff,
                    ReportFormat.interval(e), ReportFormat.pValue(d.pValue()), ReportFormat.pValue(c.adjustedP()), c.conclusion()));
        }
        sb.append(table.render()).append('\n');
    }

    private static void rateTables(StringBuilder sb, ComparisonView view, String setting) {
        List<Double> rates = view.rates(setting);
        if (rates.size() < 2) {
            return;
        }
        for (SentimentMetric m : view.headlineMetrics(setting)) {
            List<String> systems = view.systems(setting).stream().filter(s -> view.curve(setting, s, m).isPresent()).toList();
            List<String> headers = new ArrayList<>();
            headers.add("Missing rate");
            systems.forEach(s -> headers.add(ReportFormat.cell(s)));
            MarkdownTable table = MarkdownTable.numeric(headers);
            for (double rate : rates) {
                List<String> cells = new ArrayList<>();
                cells.add(ReportFormat.rate(rate));
                for (String s : systems) {
                    SweepCurve c = view.curve(setting, s, m).orElseThrow();
                    OptionalInt i = c.indexOfRate(rate);
                    cells.add(i.isPresent() ? ReportFormat.estimate(c.points().get(i.getAsInt()).estimate(m)) : ReportFormat.ABSENT);
                }
                table.row(cells);
            }
            List<String> auilc = new ArrayList<>();
            auilc.add("AUILC");
            for (String s : systems) {
                SweepCurve c = view.curve(setting, s, m).orElseThrow();
                auilc.add(ReportFormat.estimate(c.auilcEstimate(m)));
            }
            table.row(auilc);
            sb.append("### ").append(m.displayName()).append(" (%) per missing rate\n\n")
                    .append("Mean \u00b1 SD over training seeds [95% interval].\n\n").append(table.render()).append('\n');
        }
    }

    private static void subsetTables(StringBuilder sb, ComparisonView view, String setting) {
        List<String> subsets = view.labels(setting);
        for (SentimentMetric m : view.tableMetrics(setting)) {
            List<String> systems = view.systems(setting).stream().filter(s -> view.curve(setting, s, m).isPresent()).toList();
            List<String> headers = new ArrayList<>();
            headers.add("Kept modalities");
            systems.forEach(s -> headers.add(ReportFormat.cell(s)));
            MarkdownTable table = MarkdownTable.numeric(headers);
            for (String subset : subsets) {
                List<String> cells = new ArrayList<>();
                cells.add(subset);
                for (String s : systems) {
                    SweepCurve c = view.curve(setting, s, m).orElseThrow();
                    OptionalInt i = c.indexOfLabel(subset);
                    cells.add(i.isPresent() ? ReportFormat.estimate(c.points().get(i.getAsInt()).estimate(m)) : ReportFormat.ABSENT);
                }
                table.row(cells);
            }
            sb.append("### ").append(m.displayName()).append(" (%) per kept-modality subset\n\n")
                    .append("Mean \u00b1 SD over training seeds [95% interval].\n\n").append(table.render()).append('\n');
        }
        sb.append("Kept modalities: L = text, A = audio, V = vision; the others are missing in every utterance.\n\n");
    }

    private static String join(java.util.Collection<Long> values) {
        return values.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", "));
    }

    /**
     * A trainer's simple class name, with a wrapped trainer's in brackets ({@code TransformTrainer(LogisticRegressionTrainer)}).
     * @param trainer The trainer's provenance.
     * @return The name.
     */
    public static String trainerName(ObjectProvenance trainer) {
        String name = simpleName(trainer.getClassName());
        for (Pair<String, Provenance> field : trainer) {
            if (field.getA().equals("innerTrainer") && field.getB() instanceof ObjectProvenance inner) {
                return name + "(" + trainerName(inner) + ")";
            }
        }
        return name;
    }

    private static String simpleName(String className) {
        int dot = className.lastIndexOf('.');
        return dot < 0 ? className : className.substring(dot + 1);
    }

    static String taskName(SentimentTask task) {
        return task.name().toLowerCase(Locale.ROOT);
    }
}
