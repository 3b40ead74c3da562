package dev.cider.eval.compare;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.logging.LogManager;
import java.util.List;

/**
 * The main class of a trial's child JVM (see {@link ForkedTrialRunner}): rebuilds the experiment from the recorded
 * configuration, expands its plan, runs the trial at the given index in this process and writes its result. Exits 0 on
 * success and 1 (after printing the error) on failure.
 * <p>
 * Arguments: the configuration file, the experiment's component name, the trial index, the trial's label (checked
 * against the plan) and the result file.
 */
public final class TrialWorker {

    /** The command line's logging configuration, a resource of this module. */
    private static final String CLI_LOGGING = "/dev/cider/eval/cli/logging.properties";

    private TrialWorker() {
    }

    /**
     * Runs one trial.
     * @param args The arguments.
     */
    public static void main(String[] args) {
        configureLogging();
        try {
            if (args.length != 5) {
                throw new IllegalArgumentException("Usage: TrialWorker CONFIG EXPERIMENT INDEX LABEL RESULT");
            }
            ComparisonExperiment experiment = ExperimentConfiguration.rebuild(ForkedTrialRunner.readConfiguration(Path.of(args[0])), args[1]);
            List<Trial> plan = TrialPlan.expand(experiment);
            int index = Integer.parseInt(args[2]);
            if (index < 0 || index >= plan.size() || !plan.get(index).label().equals(args[3])) {
                throw new IllegalStateException("Trial " + index + " of the rebuilt experiment is not '" + args[3] + "'");
            }
            ExperimentCorpora corpora = ExperimentCorpora.load(experiment, line -> { });
            TrialResult result = new TrialExecutor(experiment, corpora, line -> {
                System.out.println(line);
                System.out.flush();
            }).run(plan.get(index));
            ForkedTrialRunner.write(Path.of(args[4]), result);
            System.out.flush();
            System.exit(0);
        } catch (Throwable t) {
            t.printStackTrace(System.out);
            System.out.flush();
            System.exit(1);
        }
    }

    /** The command line's console logging (DJL's set-up messages hidden), unless the JVM was given its own. */
    private static void configureLogging() {
        if (System.getProperty("java.util.logging.config.file") != null) {
            return;
        }
        try (InputStream in = TrialWorker.class.getResourceAsStream(CLI_LOGGING)) {
            if (in != null) {
                LogManager.getLogManager().readConfiguration(in);
            }
        } catch (IOException e) {
            System.out.println("could not read the logging configuration " + CLI_LOGGING + ": " + e.getMessage());
        }
    }
}
