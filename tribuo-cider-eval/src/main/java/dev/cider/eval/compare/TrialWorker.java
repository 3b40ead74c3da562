package dev.cider.eval.compare;

import java.nio.file.Path;
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

    private TrialWorker() {
    }

    /**
     * Runs one trial.
     * @param args The arguments.
     */
    public static void main(String[] args) {
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
}
