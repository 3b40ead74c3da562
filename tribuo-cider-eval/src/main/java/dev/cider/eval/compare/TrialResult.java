package dev.cider.eval.compare;

import dev.cider.eval.report.ComparisonRow;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one {@link Trial} produced: the sweeps of its system and variants in every setting (one row per setting, system,
 * pattern and mask seed), a note per system on what this trial chose (tau per setting; empty when nothing was chosen),
 * and the trial's wall time. Rows keep only compact per-utterance outcome codes, so results of many trials fit in memory.
 *
 * @param trial   The trial.
 * @param rows    The sweeps, in setting, system, pattern and mask seed order.
 * @param notes   System name to a note on what this trial chose for it (may be empty).
 * @param seconds The wall time of the trial.
 */
public record TrialResult(Trial trial, List<ComparisonRow> rows, Map<String, String> notes, double seconds) implements Serializable {

    /**
     * Creates a result.
     * @param trial The trial.
     * @param rows The rows (copied).
     * @param notes The notes (copied).
     * @param seconds The wall time.
     */
    public TrialResult {
        Objects.requireNonNull(trial, "trial");
        rows = List.copyOf(rows);
        notes = Collections.unmodifiableMap(new LinkedHashMap<>(notes));
    }
}
