package dev.cider.eval.compare;

import java.util.Map;
import java.util.Objects;

/**
 * The settings an engine is created with (see {@link TrialEngines#named}); each engine uses the ones that concern it.
 *
 * @param parallel How many trials run at once on the local engine (at least 1).
 * @param retries  How many times a failed trial is tried again (at least 0); a distributed engine maps it to its own
 *                 task retries.
 * @param master   Where a distributed engine runs (e.g. a Spark master URL such as {@code local[2]} or
 *                 {@code spark://host:7077}), or null for the engine's default.
 * @param conf     Further engine-specific settings (e.g. Spark properties), possibly empty.
 */
public record TrialEngineSettings(int parallel, int retries, String master, Map<String, String> conf) {

    /**
     * Checks and copies the settings.
     * @param parallel Trials at once.
     * @param retries Retries per trial.
     * @param master The master, or null.
     * @param conf Further settings (copied).
     */
    public TrialEngineSettings {
        if (parallel < 1) {
            throw new IllegalArgumentException("parallel must be at least 1, found " + parallel);
        }
        if (retries < 0) {
            throw new IllegalArgumentException("retries must be at least 0, found " + retries);
        }
        conf = Map.copyOf(Objects.requireNonNull(conf, "conf"));
    }
}
