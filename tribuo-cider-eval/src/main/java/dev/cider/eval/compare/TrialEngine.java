package dev.cider.eval.compare;

import java.util.List;

/**
 * Runs the trials of an experiment somewhere: in this process or in child JVMs ({@link LocalTrialEngine}), or on a
 * distributed engine provided by an optional module and found by name ({@link TrialEngines}). Whatever runs them, each
 * trial is deterministic and independent of where it runs, so the report assembled from the results is the same.
 * <p>
 * An engine tells its {@link TrialListener} about every trial it starts and every trial that finishes, as it finishes,
 * so that finished trials are stored at once; a trial that fails (after the engine's retries) does not stop the others,
 * and once all have run the failures are reported together in a {@link TrialFailedException} naming each trial.
 */
public interface TrialEngine extends AutoCloseable {

    /**
     * How the engine runs a number of trials, for a progress line, e.g. "up to 2 at a time, each in its own process".
     * @param trials How many trials are to run.
     * @return The description.
     */
    String describe(int trials);

    /**
     * Runs trials of an experiment.
     * @param experiment The experiment (trials are rebuilt from its configuration where they run elsewhere).
     * @param trials The trials to run, a subset of the experiment's {@link TrialPlan} in plan order.
     * @param listener Told about each trial as it starts and finishes, and receives progress lines.
     * @return The results, in the trials' order.
     * @throws TrialFailedException if trials still failed after their retries; it names each with its error.
     */
    List<TrialResult> run(ComparisonExperiment experiment, List<Trial> trials, TrialListener listener);

    /** Releases the engine's resources (e.g. a cluster connection); the default does nothing. */
    @Override
    default void close() {
    }
}
