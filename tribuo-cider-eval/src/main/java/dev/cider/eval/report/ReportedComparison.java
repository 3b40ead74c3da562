package dev.cider.eval.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A comparison as its written report states it, read back from {@code results.json} (see {@link JsonResultsReader}):
 * the aggregated curves with their estimates, the paired comparisons, every run with its provenance, the seeds and
 * bootstrap, and the report's title, description, metadata and training notes.
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
 * @param experimentProvenanceJson The experiment's provenance in OLCUT's JSON provenance form (null if not recorded).
 * @param environment   The numerics environment of the process that ran the experiment (empty if not recorded).
 * @param referenceSystems The reference-line systems (empty if the results have none or predate them).
 * @param floors        Every system against every reference line, in stored order.
 */
public record ReportedComparison(String title, String description, Map<String, String> metadata, Map<String, String> trainingNotes,
                               List<Long> trainingSeeds, List<Long> maskSeeds, int replicates, long bootstrapSeed,
                               List<SweepCurve> curves, List<ReportedPair> pairs, List<ReportedRun> runs, String experimentProvenanceJson,
                               Map<String, String> environment, List<String> referenceSystems, List<ReportedPair> floors) {

    /**
     * Creates a stored comparison, copying the collections.
     */
    public ReportedComparison {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(description, "description");
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        trainingNotes = Collections.unmodifiableMap(new LinkedHashMap<>(trainingNotes));
        trainingSeeds = List.copyOf(trainingSeeds);
        maskSeeds = List.copyOf(maskSeeds);
        curves = List.copyOf(curves);
        pairs = List.copyOf(pairs);
        runs = List.copyOf(runs);
        environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
        referenceSystems = List.copyOf(referenceSystems);
        floors = List.copyOf(floors);
    }

    /**
     * Rebuilds the experiment's provenance (its whole configuration); the classes it names must be on the class path.
     * @return The provenance.
     * @throws IllegalStateException if the results file recorded none, or it cannot be rebuilt.
     */
    public com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance experimentProvenance() {
        if (experimentProvenanceJson == null) {
            throw new IllegalStateException("The results file records no experiment provenance (it was not written by cider compare)");
        }
        try {
            return new com.oracle.labs.mlrg.olcut.config.json.JsonProvenanceSerialization(false).deserializeAndUnmarshal(experimentProvenanceJson);
        } catch (com.oracle.labs.mlrg.olcut.provenance.io.ProvenanceSerializationException | RuntimeException e) {
            throw new IllegalStateException("Could not rebuild the experiment provenance: " + e.getMessage(), e);
        }
    }

    /** @return The numbers indexed by setting and system (for tables, plots and comparisons between runs). */
    public ComparisonView view() {
        return new ComparisonView(curves);
    }
}
