package dev.cider.eval.cli;

import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.Option;
import com.oracle.labs.mlrg.olcut.config.Options;
import dev.cider.eval.compare.LocalTrialEngine;
import dev.cider.eval.report.ComparisonReportWriter;
import dev.cider.eval.reproduce.ModelReproductionJson;
import dev.cider.eval.reproduce.ResultsReproduction;
import dev.cider.eval.reproduce.ResultsReproductionReport;
import dev.cider.runtime.NumericsEnvironment;
import dev.cider.eval.reproduce.ModelReproductionSummary;
import dev.cider.repro.ModelReproducer;
import dev.cider.repro.ReproductionReport;
import dev.cider.repro.SettingOverride;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code cider reproduce --model m.tribuo}: rebuilds a saved CIDer model's trainer and data from its provenance,
 * retrains, and reports the provenance differences, whether the parameters are identical bit for bit (else the
 * largest difference per parameter group), the agreement of the test predictions, and any data file that changed
 * since training ({@link ModelReproducer}). {@code --output FILE} also writes the report as JSON, atomically.
 * <p>
 * Exit codes: {@value #IDENTICAL} when the reproduction is identical, {@value #DIFFERS} when it differs (the causes are
 * printed), {@value #FAILED} when it cannot run (no or unreadable model file, a model that is not a CIDer model, a
 * provenance that cannot be rebuilt, bad options).
 * <p>
 * {@code cider reproduce --results results.json}: reruns the comparison a results file records (its whole configuration
 * is in the file) and diffs every number, each curve's means against its seed spread, and every paired verdict
 * ({@link ResultsReproduction}); data files whose SHA-256 changed are named, and environment entries that differ from the
 * recording's are listed. Exactly one of {@code --model} and {@code --results} must be given.
 */
public final class ReproduceCommand implements CiderCommand {

    /** Exit code of an identical reproduction. */
    public static final int IDENTICAL = 0;
    /** Exit code of a reproduction that differs. */
    public static final int DIFFERS = 1;
    /** Exit code when the reproduction cannot run. */
    public static final int FAILED = 2;

    /** Options of {@code cider reproduce}. */
    public static final class ReproduceOptions implements Options {
        /** The saved model. */
        @Option(charName = 'm', longName = "model", usage = "Reproduce this saved CIDer model (as cider train writes it) from its provenance.")
        public Path model;

        /** The results file of a comparison. */
        @Option(charName = 'r', longName = "results", usage = "Rerun the comparison a results.json (as cider compare and demo write it)"
                + " records, from its recorded configuration, and diff every number.")
        public Path results;

        /** Where the rerun's report goes. */
        @Option(longName = "out", usage = "With --results: also write the rerun's report (report.md, results.json, ...) into this directory.")
        public Path out;

        /** Trials run side by side. */
        @Option(longName = "parallel", usage = "With --results: trials run side by side, each in its own process (default: the number of"
                + " cores; the numbers do not depend on it).")
        public int parallel = Runtime.getRuntime().availableProcessors();

        /** The JSON report. */
        @Option(longName = "output", usage = "Also write the report as JSON to this file (atomically).")
        public Path output;

        /** Setting overrides. */
        @Option(longName = "set", usage = "Change recorded settings before retraining, comma-separated: trainer.FIELD=VALUE or data.FIELD=VALUE"
                + " (data.source.FIELD for the source a wrapper reads), e.g. data.path=/moved/label.csv or trainer.seed=12.")
        public String[] set;

        /**
         * For OLCUT.
         */
        public ReproduceOptions() {
        }

        @Override
        public String getOptionsDescription() {
            return "Retrains a saved model from its provenance and compares. Exit code 0: identical, 1: differs, 2: cannot reproduce.";
        }
    }

    private List<String> commandLine = List.of();

    @Override
    public void setArguments(List<String> arguments) {
        this.commandLine = List.copyOf(arguments);
    }

    @Override
    public String name() {
        return "reproduce";
    }

    @Override
    public String description() {
        return "Retrain a saved model from its provenance (--model), or rerun a comparison from its results.json (--results), and compare (exit 0 if identical).";
    }

    @Override
    public Options newOptions() {
        return new ReproduceOptions();
    }

    @Override
    public int failureExitCode() {
        return FAILED;
    }

    @Override
    public int run(Options options, ConfigurationManager cm, PrintStream out) throws Exception {
        ReproduceOptions o = (ReproduceOptions) options;
        int inputs = (o.model != null ? 1 : 0) + (o.results != null ? 1 : 0);
        if (inputs != 1) {
            throw new IllegalArgumentException("Give exactly one input to reproduce: --model FILE or --results FILE");
        }
        if (o.output != null && Files.isDirectory(o.output)) {
            throw new IllegalArgumentException("--output " + o.output + " is a directory; give a file name such as reproduction.json");
        }
        if (o.results != null) {
            if (o.set != null) {
                throw new IllegalArgumentException("--set changes a model's recorded settings; it does not apply to --results");
            }
            return reproduceResults(o, out);
        }
        if (o.out != null) {
            throw new IllegalArgumentException("--out applies to --results only");
        }
        return reproduceModel(o.model, overrides(o.set), o.output, out);
    }

    /*
     * Reruns the recorded comparison and diffs every number; the environments of the recording and of this process are
     * printed side by side where they differ, since native numerics follow the processor and the thread count.
     */
    private int reproduceResults(ReproduceOptions o, PrintStream out) throws Exception {
        if (!Files.isRegularFile(o.results)) {
            throw new IllegalArgumentException("No results file at " + o.results);
        }
        out.println("Results: " + o.results);
        LocalTrialEngine engine = new LocalTrialEngine(o.parallel);
        ResultsReproductionReport report = new ResultsReproduction(engine, line -> {
            out.println(line);
            out.flush();
        }).reproduce(o.results, commandLine);
        out.println();
        out.print(report.render());
        List<String> environment = environmentDifferences(report.recorded().environment());
        if (!environment.isEmpty()) {
            out.println("The recording's numerics environment differs from this process's (native numerics follow them):");
            environment.forEach(d -> out.println("  " + d));
        }
        if (o.out != null) {
            Path[] markdown = new Path[1];
            WritableOutputs.writing("--out", o.out, () -> markdown[0] = ComparisonReportWriter.write(report.rerunReport(), o.out).markdown());
            out.println("Rerun's report: " + markdown[0].toAbsolutePath());
        }
        if (o.output != null) {
            WritableOutputs.writing("--output", o.output, () -> report.writeJson(o.output));
            out.println("Report written to " + o.output.toAbsolutePath());
        }
        return report.identical() ? IDENTICAL : DIFFERS;
    }

    private static List<String> environmentDifferences(java.util.Map<String, String> recorded) {
        if (recorded.isEmpty()) {
            return List.of("the results file records no environment");
        }
        java.util.Map<String, String> now = NumericsEnvironment.current().values();
        List<String> out = new ArrayList<>();
        for (java.util.Map.Entry<String, String> e : recorded.entrySet()) {
            String current = now.get(e.getKey());
            if (!e.getKey().startsWith("pytorch.") && !e.getValue().equals(current)) {
                out.add(e.getKey() + ": recorded " + e.getValue() + ", now " + current);
            }
        }
        return out;
    }

    private static List<SettingOverride> overrides(String[] values) {
        List<SettingOverride> out = new ArrayList<>();
        if (values != null) {
            for (String v : values) {
                if (!v.isBlank()) {
                    out.add(SettingOverride.parse(v));
                }
            }
        }
        return out;
    }

    private static int reproduceModel(Path model, List<SettingOverride> overrides, Path output, PrintStream out) throws Exception {
        out.println("Model: " + model);
        ReproductionReport report = new ModelReproducer(overrides, out::println).reproduce(model);
        for (String line : ModelReproductionSummary.lines(report)) {
            out.println(line);
        }
        if (output != null) {
            WritableOutputs.writing("--output", output, () -> ModelReproductionJson.write(report, model, output));
            out.println("Report written to " + output.toAbsolutePath());
        }
        return report.identical() ? IDENTICAL : DIFFERS;
    }
}
