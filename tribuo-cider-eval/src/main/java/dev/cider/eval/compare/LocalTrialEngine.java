package dev.cider.eval.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Runs trials in this process, up to {@code parallel} at a time. Results come back in plan order whatever order the
 * trials finish in, so a report does not depend on timing. Each trial is deterministic on its own (its own trainer copy
 * and seed); with PyTorch on one intra-op thread per process (the launcher's default), trials running side by side each
 * use one core and compute exactly what they compute alone.
 * <p>
 * A trial that fails does not stop the others; once all have run, the failures are reported together, each by name
 * with its error.
 */
public final class LocalTrialEngine {

    private final int parallel;

    /**
     * Creates an engine.
     * @param parallel How many trials run at once (at least 1).
     */
    public LocalTrialEngine(int parallel) {
        if (parallel < 1) {
            throw new IllegalArgumentException("parallel must be at least 1, found " + parallel);
        }
        this.parallel = parallel;
    }

    /** @return How many trials run at once. */
    public int parallel() {
        return parallel;
    }

    /**
     * Runs trials.
     * @param trials The trials.
     * @param runner Runs one trial.
     * @return The results, in the trials' order.
     * @throws TrialFailedException if any trial failed; it names every failed trial and its error.
     */
    public List<TrialResult> run(List<Trial> trials, Function<Trial, TrialResult> runner) {
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

    private static String describe(Trial t, Throwable e) {
        return t.label() + ": " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
