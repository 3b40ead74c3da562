package dev.cider.eval.report;

import com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.util.Pair;
import dev.cider.data.SentimentTask;
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
 * Writes {@code report.md}: the title, what was run (settings, systems with their provenance, metadata), then per
 * setting a table like the paper's (rows: systems; columns: the AUILC of Acc2, F1 and Acc7/Acc3 as available,
 * then their complete-input values at rate 0; best per column in bold), a per-rate table of each headline
 * metric (rows: rates; columns: systems), or for SMM one table per metric (rows: the kept-modality subsets),
 * and the plots. Numbers are percentages with one decimal, as in the paper.
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
        for (String setting : view.settings()) {
            sb.append("## ").append(settingHeading(view, setting)).append("\n\n");
            if (view.isSubsetSetting(setting)) {
                subsetTables(sb, view, setting);
            } else {
                headlineTable(sb, view, setting);
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
        MarkdownTable settings = MarkdownTable.text(List.of("Setting", "Pattern", "Points", "Mask seed", "Test utterances"));
        for (String s : view.settings()) {
            Set<String> seeds = new LinkedHashSet<>();
            Set<String> sizes = new LinkedHashSet<>();
            for (SweepCurve c : view.curves(s)) {
                seeds.add(Long.toString(c.seed()));
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

        MarkdownTable systems = MarkdownTable.text(List.of("System", "Task", "Model", "Trainer", "Test data", "Obtained"));
        Map<String, SweepResult> seen = new LinkedHashMap<>();
        for (ComparisonRow r : report.rows()) {
            String key = r.result().system() + "\u0000" + r.result().points().get(0).metrics().task();
            seen.putIfAbsent(key, r.result());
        }
        for (SweepResult r : seen.values()) {
            ModelProvenance mp = r.modelProvenance();
            String model = mp == null ? ReportFormat.ABSENT : simpleName(mp.getClassName());
            String trainer = mp == null || mp.getTrainerProvenance() == null ? ReportFormat.ABSENT : trainerName(mp.getTrainerProvenance());
            String data = r.dataProvenance() == null ? ReportFormat.ABSENT : simpleName(r.dataProvenance().getClassName());
            String note = report.trainingNotes().getOrDefault(r.system(), ReportFormat.ABSENT);
            systems.row(List.of(ReportFormat.cell(r.system()), taskName(r.points().get(0).metrics().task()),
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
        sb.append("Full numbers: [").append(ComparisonReportWriter.CSV_NAME).append("](").append(ComparisonReportWriter.CSV_NAME)
                .append("); numbers with model and data provenance: [").append(ComparisonReportWriter.JSON_NAME).append("](")
                .append(ComparisonReportWriter.JSON_NAME).append("). Values are percentages.\n\n");
    }

    /** A column of the headline table: a metric's AUILC, or its complete-input value. */
    private record Column(SentimentMetric metric, boolean auilc) {
        String header() {
            return metric.displayName() + (auilc ? " AUILC" : " complete");
        }

        /** @return The value, null if the curve has none (no AUILC, or no rate-0 point). */
        Double value(SweepCurve c) {
            if (auilc) {
                return c.hasAuilc() ? c.auilc(metric) : null;
            }
            return c.indexOfRate(0.0).isPresent() ? c.completeValue(metric) : null;
        }
    }

    private static void headlineTable(StringBuilder sb, ComparisonView view, String setting) {
        List<SentimentMetric> metrics = view.tableMetrics(setting);
        boolean auilc = view.hasAuilc(setting);
        List<Column> columns = new ArrayList<>();
        if (auilc) {
            metrics.forEach(m -> columns.add(new Column(m, true)));
        }
        metrics.forEach(m -> columns.add(new Column(m, false)));
        List<String> headers = new ArrayList<>();
        headers.add("System");
        columns.forEach(c -> headers.add(c.header()));
        List<String> systems = view.systems(setting);
        Double[][] values = new Double[systems.size()][columns.size()];
        for (int s = 0; s < systems.size(); s++) {
            for (int j = 0; j < columns.size(); j++) {
                Optional<SweepCurve> c = view.curve(setting, systems.get(s), columns.get(j).metric());
                values[s][j] = c.map(columns.get(j)::value).orElse(null);
            }
        }
        MarkdownTable table = MarkdownTable.numeric(headers);
        for (int s = 0; s < systems.size(); s++) {
            List<String> cells = new ArrayList<>();
            cells.add(ReportFormat.cell(systems.get(s)));
            for (int j = 0; j < columns.size(); j++) {
                cells.add(formatBest(values, s, j));
            }
            table.row(cells);
        }
        if (auilc) {
            List<String> rates = view.rates(setting).stream().map(ReportFormat::rate).toList();
            sb.append("AUILC over missing rates ").append(rates.get(0)).append(" to ").append(rates.get(rates.size() - 1))
                    .append(" and complete-input values (rate 0), in %; best of each column in bold.\n\n");
        } else {
            sb.append("Complete-input values (rate 0), in %; best of each column in bold.\n\n");
        }
        sb.append(table.render()).append('\n');
    }

    /** A value, in bold if it is the column's best (rounded as displayed) and at least two systems have a value. */
    private static String formatBest(Double[][] values, int row, int col) {
        Double v = values[row][col];
        if (v == null) {
            return ReportFormat.ABSENT;
        }
        String text = ReportFormat.percent(v);
        int finite = 0;
        long best = Long.MIN_VALUE;
        for (Double[] r : values) {
            if (r[col] != null && !r[col].isNaN()) {
                finite++;
                best = Math.max(best, Math.round(r[col] * 1000));
            }
        }
        return finite >= 2 && !v.isNaN() && Math.round(v * 1000) == best ? "**" + text + "**" : text;
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
                    cells.add(i.isPresent() ? ReportFormat.percent(c.points().get(i.getAsInt()).value(m)) : ReportFormat.ABSENT);
                }
                table.row(cells);
            }
            List<String> auilc = new ArrayList<>();
            auilc.add("AUILC");
            for (String s : systems) {
                SweepCurve c = view.curve(setting, s, m).orElseThrow();
                auilc.add(c.hasAuilc() ? ReportFormat.percent(c.auilc(m)) : ReportFormat.ABSENT);
            }
            table.row(auilc);
            sb.append("### ").append(m.displayName()).append(" (%) per missing rate\n\n").append(table.render()).append('\n');
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
                    cells.add(i.isPresent() ? ReportFormat.percent(c.points().get(i.getAsInt()).value(m)) : ReportFormat.ABSENT);
                }
                table.row(cells);
            }
            sb.append("### ").append(m.displayName()).append(" (%) per kept-modality subset\n\n").append(table.render()).append('\n');
        }
        sb.append("Kept modalities: L = text, A = audio, V = vision; the others are missing in every utterance.\n\n");
    }

    /** The trainer's simple class name, with a wrapped trainer's in brackets (TransformTrainer(LogisticRegressionTrainer)). */
    private static String trainerName(ObjectProvenance trainer) {
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
