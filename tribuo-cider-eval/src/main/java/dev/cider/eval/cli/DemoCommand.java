package dev.cider.eval.cli;

import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.Option;
import com.oracle.labs.mlrg.olcut.config.Options;

import dev.cider.eval.compare.TrialEngine;


import java.io.PrintStream;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code cider demo}: the README's main job. Runs the bundled demo experiment (configs/demo.xml: CIDer, CIDer without
 * counterfactual debiasing and three Tribuo baselines on the embedded synthetic corpus, RMFM sweeps on an IID and an
 * OOD test split), prints the summary table and writes the report.
 */
public final class DemoCommand implements CiderCommand {

    /** The bundled demo configuration. */
    public static final String DEMO_CONFIG = "/dev/cider/eval/configs/demo.xml";

    /** Options of {@code cider demo}. */
    public static final class DemoOptions implements Options {
        /** The output directory. */
        @Option(longName = "out", usage = "Output directory (default: target/demo).")
        public Path out = Path.of("target", "demo");

        /** How the trials run. */
        public TrialOptions trials = new TrialOptions();

        /**
         * For OLCUT.
         */
        public DemoOptions() {
        }

        @Override
        public String getOptionsDescription() {
            return "Runs the demo comparison on synthetic data.";
        }
    }

    private List<String> commandLine = List.of();

    @Override
    public void setArguments(List<String> arguments) {
        this.commandLine = List.copyOf(arguments);
    }

    @Override
    public String name() {
        return "demo";
    }

    @Override
    public String description() {
        return "The main job: CIDer vs Tribuo baselines under missing inputs and a language-bias shift, on synthetic data.";
    }

    @Override
    public Options newOptions() {
        return new DemoOptions();
    }

    @Override
    public int run(Options options, ConfigurationManager ignored, PrintStream out) throws Exception {
        DemoOptions o = (DemoOptions) options;
        URL config = DemoCommand.class.getResource(DEMO_CONFIG);
        if (config == null) {
            throw new IllegalStateException("The demo configuration " + DEMO_CONFIG + " is missing from the jar");
        }
        out.println("cider demo: CIDer and Tribuo baselines on synthetic MOSI-shaped data (configs/demo.xml); report in " + o.out);
        try (ConfigurationManager cm = new ConfigurationManager(config); TrialEngine engine = o.trials.engine()) {
            return CompareCommand.runExperiment(o.trials.apply(CompareCommand.lookup(cm, "experiment")), null, o.out,
                    engine, out, commandLine);
        }
    }
}
