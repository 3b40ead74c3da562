package dev.cider.eval.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs trials in this process, up to {@code parallel} at a time. Results come back in plan order whatever order the
 * trials finish in, so a report does not depend on timing. Each trial is deterministic on its own (its own trainer copy
 * and seed); with PyTorch on one intra-op thread per process (the launcher's default), trials running side by side each
 * use one core and compute exactly what they compute alone.
 * <p>
 * With one trial at a time the trials run in this process, with the corpora loaded once; with more, each runs in its own
 * child JVM ({@link ForkedTrialRunner}).
 * <p>
 * A trial that fails is tried again up to {@code retries} times (a child JVM that died of a transient cause, e.g. memory
 * taken by other work on the machine, usually succeeds the second time); a trial that still fails does not stop the
 * others, and once all have run the failures are reported together, each by name with its last error.
 */
public final class LocalTrialEngine implements TrialEngine {

    /** The default number of retries of a failed trial. */
    public static final int DEFAULT_RETRIES = 1;

    private final int parallel;
    private final int retries;

    /**
     * Creates an engine that retries a failed trial {@link #DEFAULT_RETRIES} times.
     * @param parallel How many trials run at once (at least 1).
     */
    public LocalTrialEngine(int parallel) {
        this(parallel, DEFAULT_RETRIES);
    }

    /**
     * Creates an engine.
     * @param parallel How many trials run at once (at least 1).
     * @param retries How many times a failed trial is tried again (at least 0).
     */
    public LocalTrialEngine(int parallel, int retries) {
        if (parallel < 1) {
            throw new IllegalArgumentException("parallel must be at least 1, found " + parallel);
        }
        if (retries < 0) {
            throw new IllegalArgumentException("retries must be at least 0, found " + retries);
        }
        this.parallel = parallel;
        this.retries = retries;
    }

    /** @return How many trials run at once. */
    public int parallel() {
        return parallel;
    }

    /** @return How many times a failed trial is tried again. */
    public int retries() {
        return retries;
    }

    @Override
    public String describe(int trials) {
        return parallel > 1 && trials > 1 ? "up to " + parallel + " at a time, each in its own process" : "one at a time";
    }

    @Override
    public List<TrialResult> run(ComparisonExperiment experiment, List<Trial> trials, TrialListener listener) {
        if (parallel > 1 && trials.size() > 1) {
            try (ForkedTrialRunner forked = ForkedTrialRunner.of(experiment, listener::progress)) {
                return run(trials, announce(forked, listener), listener::progress);
            }
        }
        ExperimentCorpora corpora = ExperimentCorpora.load(experiment, listener::progress);
        return run(trials, announce(new TrialExecutor(experiment, corpora, listener::progress)::run, listener), listener::progress);
    }

    private static Function<Trial, TrialResult> announce(Function<Trial, TrialResult> runner, TrialListener listener) {
        return trial -> {
            listener.started(trial);
            TrialResult r = runner.apply(trial);
            listener.finished(r);
            return r;
        };
    }

    /**
     * Runs trials, retrying failed ones silently.
     * @param trials The trials.
     * @param runner Runs one trial.
     * @return The results, in the trials' order.
     * @throws TrialFailedException if any trial still failed after its retries; it names every failed trial and its error.
     */
    public List<TrialResult> run(List<Trial> trials, Function<Trial, TrialResult> runner) {
        return run(trials, runner, line -> { });
    }

    /**
     * Runs trials.
     * @param trials The trials.
     * @param once Runs one trial once.
     * @param progress Told about each retry.
     * @return The results, in the trials' order.
     * @throws TrialFailedException if any trial still failed after its retries; it names every failed trial and its error.
     */
    public List<TrialResult> run(List<Trial> trials, Function<Trial, TrialResult> once, Consumer<String> progress) {
        Function<Trial, TrialResult> runner = withRetries(once, progress);
        List<TrialResult> results = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        Throwable firstCause = null;
        if (parallel == 1 || trials.size() <= 1) {
            for (Trial t : trials) {
                try {
                    results.add(runner.apply(t));
                } catch (RuntimeException | Error e) {
                    failures.add(describe(t, e));
                    firstCause = firstCause == null ? e : firstCause;
                }
            }
        } else {
            ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallel, trials.size()), r -> {
                Thread th = new Thread(r, "cider-trial");
                th.setDaemon(true);
                return th;
            });
            try {
                List<Future<TrialResult>> futures = new ArrayList<>();
                for (Trial t : trials) {
                    futures.add(pool.submit(() -> runner.apply(t)));
                }
                for (int i = 0; i < trials.size(); i++) {
                    try {
                        results.add(futures.get(i).get());
                    } catch (ExecutionException e) {
                        failures.add(describe(trials.get(i), e.getCause()));
                        firstCause = firstCause == null ? e.getCause() : firstCause;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("Interrupted while waiting for trial " + trials.get(i).label(), e);
                    }
                }
            } finally {
                pool.shutdownNow();
            }
        }
        if (!failures.isEmpty()) {
            throw new TrialFailedException(String.format(Locale.ROOT, "%d of %d trials failed: %s", failures.size(), trials.size(),
                    String.join("; ", failures)), firstCause);
        }
        return results;
    }

    private Function<Trial, TrialResult> withRetries(Function<Trial, TrialResult> once, Consumer<String> progress) {
        return trial -> {
            for (int attempt = 1; ; attempt++) {
                try {
                    return once.apply(trial);
                } catch (RuntimeException | Error e) {
                    if (attempt > retries) {
                        throw e;
                    }
                    progress.accept(String.format(Locale.ROOT, "   trial %s failed (attempt %d of %d), trying again: %s", trial.label(), attempt,
                            retries + 1, describe(trial, e)));
                }
            }
        };
    }

    private static String describe(Trial t, Throwable e) {
        return t.label() + ": " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
