package dev.cider.eval.reproduce;

import com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance;
import dev.cider.eval.compare.ComparisonExperiment;

import java.util.Objects;

/**
 * An experiment rebuilt from the configuration a results file records, with its data files checked against the
 * recorded hashes.
 *
 * @param experiment The rebuilt experiment, ready to run.
 * @param recorded   The experiment provenance recorded in the results file.
 * @param dataFiles  The data files of the rebuilt experiment against the recorded hashes.
 */
public record RebuiltExperiment(ComparisonExperiment experiment, ObjectProvenance recorded, DataFileCheck dataFiles) {

    /**
     * Creates a rebuilt experiment.
     */
    public RebuiltExperiment {
        Objects.requireNonNull(experiment, "experiment");
        Objects.requireNonNull(recorded, "recorded");
        Objects.requireNonNull(dataFiles, "dataFiles");
    }
}
