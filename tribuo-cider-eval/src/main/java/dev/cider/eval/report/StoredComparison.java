package dev.cider.eval.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A comparison read back from {@code results.json} (see {@link JsonResultsReader}): the aggregated curves with their
 * estimates, the paired comparisons, every run with its provenance, the seeds and bootstrap, and the report's title,
 * description, metadata and training notes.
 *
 * @param title         The title.
 * @param description   The description.
 * @param metadata      The run metadata (unmodifiable, in stored order).
 * @param trainingNotes System name to how it was obtained (unmodifiable, in stored order).
 * @param trainingSeeds The training seeds (empty: configured seeds).
 * @param maskSeeds     The mask seeds.
 * @param replicates    The bootstrap replicates.
 * @param bootstrapSeed The bootstrap seed.
 * @param curves        The curves in stored order (their summaries are null).
 * @param pairs         The paired comparisons in stored order.
 * @param runs          The runs in stored order.
 */
public record StoredComparison(String title, String description, Map<String, String> metadata, Map<String, String> trainingNotes,
                               List<Long> trainingSeeds, List<Long> maskSeeds, int replicates, long bootstrapSeed,
                               List<SweepCurve> curves, List<StoredPair> pairs, List<StoredRun> runs) {

    /**
     * Creates a stored comparison, copying the collections.
     */
    public StoredComparison {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(description, "description");
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        trainingNotes = Collections.unmodifiableMap(new LinkedHashMap<>(trainingNotes));
        trainingSeeds = List.copyOf(trainingSeeds);
        maskSeeds = List.copyOf(maskSeeds);
        curves = List.copyOf(curves);
        pairs = List.copyOf(pairs);
        runs = List.copyOf(runs);
    }

    /** @return The numbers indexed by setting and system (for tables, plots and comparisons between runs). */
    public ComparisonView view() {
        return new ComparisonView(curves);
    }
}
