package dev.cider.eval.cli;

import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.Option;
import com.oracle.labs.mlrg.olcut.config.Options;
import dev.cider.eval.compare.TrialEngine;
import dev.cider.eval.search.SearchExperiment;
import dev.cider.eval.search.SearchOutcome;
import dev.cider.eval.search.SearchOutputs;
import dev.cider.eval.search.SearchRunner;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code cider search --config FILE}: runs the hyper-parameter search of an OLCUT configuration (the
 * {@link SearchExperiment} component named by {@code --search}, default {@code search}) with any trial engine, scoring
 * every candidate on the validation split, and writes search.json, search.md and best-config.xml (which
 * {@code cider compare} runs) into {@code --out}. The chosen configuration is tested on the test split only after the
 * choice ({@code --no-test} skips it). A rerun with the same output directory resumes: finished trials are read back.
 */
public final class SearchCommand implements CiderCommand {

    /** Options of {@code cider search}. */
    public static final class SearchOptions implements Options {
        /** The search component. */
        @Option(longName = "search", usage = "Name of the SearchExperiment component (default: search).")
        public String search = "search";

        /** The output directory. */
        @Option(longName = "out", usage = "Output directory (default: target/search/<config name>); a rerun with the same directory resumes.")
        public Path out;

        /** Skip the test after the choice. */
        @Option(longName = "no-test", usage = "Do not test the chosen configuration on the test split after the choice.")
        public boolean noTest;

        /** How the trials run. */
        public TrialOptions trials = new TrialOptions();

        /**
         * For OLCUT.
         */
        public SearchOptions() {
        }

        @Override
        public String getOptionsDescription() {
            return "Runs a hyper-parameter search scored on the validation split.";
        }
    }

    /** The subdirectory of the output directory that holds the rounds' trial stores. */
    static final String SEARCH_DIRECTORY = "search";

    private List<String> commandLine = List.of();

    @Override
    public void setArguments(List<String> arguments) {
        this.commandLine = List.copyOf(arguments);
    }

    @Override
    public String name() {
        return "search";
    }

    @Override
    public String description() {
        return "Hyper-parameter search (--config FILE) scored on the validation split; writes search.md/search.json/best-config.xml.";
    }

    @Override
    public Options newOptions() {
        return new SearchOptions();
    }

    @Override
    public int run(Options options, ConfigurationManager cm, PrintStream out) throws Exception {
        SearchOptions o = (SearchOptions) options;
        if (cm.getComponentNames().isEmpty()) {
            throw new IllegalArgumentException("Give the search with --config FILE (see configs/search/*.xml)");
        }
        if (o.trials.trainingSeeds != null || o.trials.maskSeeds != null) {
            throw new IllegalArgumentException("A search takes its training seeds (trainingSeeds) from its configuration and its mask seeds"
                    + " from the base experiment; --training-seeds and --mask-seeds do not apply");
        }
        Path config = CompareCommand.configFile(commandLine);
        Path dir = o.out != null ? o.out : Path.of("target", "search", config == null ? o.search : stripExtension(config));
        SearchExperiment search = lookup(cm, o.search);
        WritableOutputs.requireWritableDirectory("--out", dir);
        try (TrialEngine engine = o.trials.engine()) {
            SearchOutcome outcome = new SearchRunner(search, engine, dir.resolve(SEARCH_DIRECTORY), line -> {
                out.println(line);
                out.flush();
            }).run(config, commandLine, !o.noTest);
            WritableOutputs.writing("--out", dir, () -> SearchOutputs.write(outcome, dir, config, commandLine));
        }
        out.println();
        out.println("Search report: " + dir.resolve(SearchOutputs.MARKDOWN).toAbsolutePath());
        out.println("Chosen configuration: " + dir.resolve(SearchOutputs.BEST_CONFIG).toAbsolutePath()
                + " (run it with: cider compare --config " + dir.resolve(SearchOutputs.BEST_CONFIG) + ")");
        return 0;
    }

    private static SearchExperiment lookup(ConfigurationManager cm, String name) {
        Object component;
        try {
            component = cm.lookup(name);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Could not create the search '" + name + "': " + e.getMessage(), e);
        }
        if (component == null) {
            throw new IllegalArgumentException("No component named '" + name + "' in the configuration");
        }
        if (!(component instanceof SearchExperiment search)) {
            throw new IllegalArgumentException("Component '" + name + "' is a " + component.getClass().getName() + ", not a SearchExperiment");
        }
        return search;
    }

    private static String stripExtension(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }
}
