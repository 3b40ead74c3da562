package dev.cider.eval.cli;

import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.Option;
import com.oracle.labs.mlrg.olcut.config.Options;
import dev.cider.eval.compare.ComparisonExperiment;
import dev.cider.eval.compare.ExperimentRunner;
import dev.cider.eval.compare.TrialEngine;
import dev.cider.eval.report.ComparisonReport;
import dev.cider.eval.report.ComparisonReportWriter;
import dev.cider.eval.report.ConsoleSummary;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code cider compare --config FILE}: runs the comparison experiment of an OLCUT configuration (the component named
 * by {@code --experiment}, default {@code experiment}) and writes report.md, results.csv, results.json and plots.
 * {@code --cross SPEC[=NAME],...} adds cross-dataset corpora (see {@link CrossDatasetOptions}).
 */
public final class CompareCommand implements CiderCommand {

    /** Options of {@code cider compare}. */
    public static final class CompareOptions implements Options {
        /** The experiment component. */
        @Option(longName = "experiment", usage = "Name of the ComparisonExperiment component (default: experiment).")
        public String experiment = "experiment";

        /** The output directory. */
        @Option(longName = "out", usage = "Output directory (default: target/compare/<config name>).")
        public Path out;

        /** How the trials run. */
        public TrialOptions trials = new TrialOptions();

        /** Cross-dataset corpora given on the command line. */
        public CrossDatasetOptions cross = new CrossDatasetOptions();

        /**
         * For OLCUT.
         */
        public CompareOptions() {
        }

        @Override
        public String getOptionsDescription() {
            return "Runs a comparison experiment and writes its report.";
        }
    }

    private List<String> commandLine = List.of();

    @Override
    public void setArguments(List<String> arguments) {
        this.commandLine = List.copyOf(arguments);
    }

    /** The subdirectory of the output directory that holds the finished trials ({@link dev.cider.eval.compare.TrialResultStore}). */
    static final String TRIALS_DIRECTORY = "trials";

    /**
     * The configuration file named on a command line.
     * @param args The arguments.
     * @return The first file after --config, --config-file or -c, or null.
     */
    static Path configFile(List<String> args) {
        for (int i = 0; i + 1 < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--config") || a.equals("--config-file") || a.equals("-c")) {
                return Path.of(args.get(i + 1).split(",")[0]);
            }
        }
        return null;
    }

    @Override
    public String name() {
        return "compare";
    }

    @Override
    public String description() {
        return "Run a comparison experiment (--config FILE): train, sweep missing rates, write report.md/results.json/plots.";
    }

    @Override
    public Options newOptions() {
        return new CompareOptions();
    }

    @Override
    public int run(Options options, ConfigurationManager cm, PrintStream out) throws Exception {
        CompareOptions o = (CompareOptions) options;
        if (cm.getComponentNames().isEmpty()) {
            throw new IllegalArgumentException("Give the experiment with --config FILE (see configs/*.xml)");
        }
        Path config = configFile(commandLine);
        Path dir = o.out != null ? o.out : Path.of("target", "compare", config == null ? o.experiment : stripExtension(config));
        ComparisonExperiment experiment = o.cross.apply(o.trials.apply(lookup(cm, o.experiment)), cm);
        try (TrialEngine engine = o.trials.engine()) {
            return runExperiment(experiment, config, dir, engine, out, commandLine);
        }
    }

    static int runExperiment(ComparisonExperiment experiment, Path config, Path dir, TrialEngine engine, PrintStream out,
                             List<String> commandLine) throws Exception {
        ExperimentRunner runner = new ExperimentRunner(experiment, line -> {
            out.println(line);
            out.flush();
        }, engine, dir.resolve(TRIALS_DIRECTORY));
        WritableOutputs.requireWritableDirectory("--out", dir);
        ComparisonReport report = runner.run(config, commandLine);
        ComparisonReportWriter.WrittenReport[] writing = new ComparisonReportWriter.WrittenReport[1];
        WritableOutputs.writing("--out", dir, () -> writing[0] = ComparisonReportWriter.write(report, dir));
        ComparisonReportWriter.WrittenReport written = writing[0];
        out.println();
        out.print(ConsoleSummary.render(report));
        out.println();
        out.println("Report: " + written.markdown().toAbsolutePath());
        if (!written.removedPlots().isEmpty()) {
            out.println("Removed " + written.removedPlots().size() + " plot(s) an earlier run left in " + dir.toAbsolutePath()
                    + " (" + String.join(", ", written.removedPlots()) + "); every plot there is this run's");
        }
        return 0;
    }

    static ComparisonExperiment lookup(ConfigurationManager cm, String name) {
        Object component;
        try {
            component = cm.lookup(name);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Could not create the experiment '" + name + "': " + e.getMessage(), e);
        }
        if (component == null) {
            throw new IllegalArgumentException("No component named '" + name + "' in the configuration");
        }
        if (!(component instanceof ComparisonExperiment)) {
            throw new IllegalArgumentException("Component '" + name + "' is a " + component.getClass().getName() + ", not a ComparisonExperiment");
        }
        return (ComparisonExperiment) component;
    }

    private static String stripExtension(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }
}
