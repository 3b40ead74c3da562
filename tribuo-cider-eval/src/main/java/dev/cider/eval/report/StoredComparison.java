package dev.cider.eval.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A comparison read back from {@code results.json} (see {@link JsonResultsReader}): the numbers and provenance of
 * every sweep, with the report's title, description, metadata and training notes.
 *
 * @param title         The title.
 * @param description   The description.
 * @param metadata      The run metadata (unmodifiable, in stored order).
 * @param trainingNotes System name to how it was obtained (unmodifiable, in stored order).
 * @param sweeps        The sweeps in stored order (unmodifiable).
 */
public record StoredComparison(String title, String description, Map<String, String> metadata,
                               Map<String, String> trainingNotes, List<StoredSweep> sweeps) {

    /**
     * Creates a stored comparison, copying the collections.
     * @param title The title.
     * @param description The description.
     * @param metadata The metadata.
     * @param trainingNotes The training notes.
     * @param sweeps The sweeps.
     */
    public StoredComparison {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(description, "description");
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        trainingNotes = Collections.unmodifiableMap(new LinkedHashMap<>(trainingNotes));
        sweeps = List.copyOf(sweeps);
    }

    /** @return The numbers of every sweep, in stored order. */
    public List<SweepCurve> curves() {
        List<SweepCurve> out = new ArrayList<>();
        sweeps.forEach(s -> out.add(s.curve()));
        return out;
    }

    /** @return The numbers indexed by setting and system (for tables, plots and comparisons between runs). */
    public ComparisonView view() {
        return new ComparisonView(curves());
    }
}
