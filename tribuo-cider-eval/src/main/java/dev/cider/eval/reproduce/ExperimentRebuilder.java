package dev.cider.eval.reproduce;

import com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance;
import dev.cider.eval.compare.ComparisonExperiment;
import dev.cider.eval.compare.ExperimentConfiguration;
import dev.cider.eval.report.ReportedComparison;

/**
 * Rebuilds the experiment behind a results file from the experiment provenance it records (the experiment's whole
 * configuration, see {@link ExperimentConfiguration}), then checks the rebuilt experiment's data files against the
 * SHA-256 hashes recorded in that provenance ({@link DataFileCheck}). Every class the configuration names must be on
 * the class path.
 */
public final class ExperimentRebuilder {

    private ExperimentRebuilder() {
    }

    /**
     * Rebuilds the experiment of recorded results.
     * @param recorded The results, read from a results file.
     * @param source The results file's name, for error messages.
     * @return The experiment and its data file check.
     * @throws IllegalArgumentException if the results record no experiment provenance (files written before it was
     *     recorded) or the experiment cannot be rebuilt from it; the message names the file and says why.
     */
    public static RebuiltExperiment rebuild(ReportedComparison recorded, String source) {
        if (recorded.experimentProvenanceJson() == null) {
            throw new IllegalArgumentException(source + " records no experiment provenance (field 'experimentProvenance'), so the"
                    + " experiment cannot be rebuilt from it: it was written before results files recorded their experiment's"
                    + " configuration, or not by 'cider compare'; rerun the comparison from its configuration file instead");
        }
        ObjectProvenance provenance;
        try {
            provenance = recorded.experimentProvenance();
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
        ComparisonExperiment experiment;
        try {
            experiment = ExperimentConfiguration.rebuild(provenance);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
        return new RebuiltExperiment(experiment, provenance, DataFileCheck.of(provenance, experiment));
    }
}
