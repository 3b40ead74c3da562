package dev.cider.eval.compare;

/**
 * What a {@link TrialEngine} reports while it runs trials. Calls may come from several threads; implementations are
 * thread-safe.
 */
public interface TrialListener {

    /**
     * A trial started (or, on a distributed engine, was handed to the cluster).
     * @param trial The trial.
     */
    void started(Trial trial);

    /**
     * A trial finished; called once per trial, as soon as its result is back, before the engine returns.
     * @param result Its result.
     */
    void finished(TrialResult result);

    /**
     * A progress line (a trial's own output, a retry, ...).
     * @param line The line.
     */
    void progress(String line);
}
