package dev.cider.eval.cli;

import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.Option;
import com.oracle.labs.mlrg.olcut.config.Options;
import dev.cider.eval.repro.ReproductionJson;
import dev.cider.eval.repro.ReproductionSummary;
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
 * The input is chosen among the input options, exactly one of which must be given (only {@code --model} so far).
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

    @Override
    public String name() {
        return "reproduce";
    }

    @Override
    public String description() {
        return "Retrain a saved model from its provenance and compare: provenance, parameters, test predictions (exit 0 if identical).";
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
        int inputs = o.model != null ? 1 : 0; // another input mode adds its option to this count
        if (inputs != 1) {
            throw new IllegalArgumentException("Give exactly one input to reproduce: --model FILE");
        }
        if (o.output != null && Files.isDirectory(o.output)) {
            throw new IllegalArgumentException("--output " + o.output + " is a directory; give a file name such as reproduction.json");
        }
        return reproduceModel(o.model, overrides(o.set), o.output, out);
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
        for (String line : ReproductionSummary.lines(report)) {
            out.println(line);
        }
        if (output != null) {
            ReproductionJson.write(report, model, output);
            out.println("Report written to " + output.toAbsolutePath());
        }
        return report.identical() ? IDENTICAL : DIFFERS;
    }
}
