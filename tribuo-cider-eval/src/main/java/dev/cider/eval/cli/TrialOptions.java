package dev.cider.eval.cli;

import com.oracle.labs.mlrg.olcut.config.Option;
import com.oracle.labs.mlrg.olcut.config.Options;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import dev.cider.eval.compare.ComparisonExperiment;
import dev.cider.eval.compare.LocalTrialEngine;

import java.util.Arrays;
import java.util.List;

/**
 * How the trials of a comparison run, shared by {@code compare} and {@code demo}: how many side by side, and the
 * training and mask seeds that replace the experiment's.
 */
public final class TrialOptions implements Options {

    /** Trials run side by side. */
    @Option(longName = "parallel", usage = "Trials (one system and training seed each) run side by side, each in its own process"
            + " on one PyTorch thread (default: the number of cores; 1 runs them one after the other in this process).")
    public int parallel = Runtime.getRuntime().availableProcessors();

    /** Training seeds replacing the experiment's. */
    @Option(longName = "training-seeds", usage = "Comma-separated training seeds, replacing the experiment's (every system is"
            + " trained once per seed, with the same seeds for every system).")
    public long[] trainingSeeds;

    /** Mask seeds replacing the experiment's. */
    @Option(longName = "mask-seeds", usage = "Comma-separated mask seeds, replacing the experiment's (every sweep runs once per seed).")
    public long[] maskSeeds;

    /**
     * For OLCUT.
     */
    public TrialOptions() {
    }

    @Override
    public String getOptionsDescription() {
        return "How the trials run: side by side, and with which seeds.";
    }

    /**
     * The engine that runs the trials.
     * @return The engine.
     * @throws IllegalArgumentException if --parallel is below 1.
     */
    public LocalTrialEngine engine() {
        if (parallel < 1) {
            throw new IllegalArgumentException("--parallel must be at least 1, found " + parallel);
        }
        return new LocalTrialEngine(parallel);
    }

    /**
     * The experiment with the seeds given on the command line, where given.
     * @param experiment The experiment.
     * @return The experiment.
     * @throws IllegalArgumentException if the seeds are not valid (e.g. repeated).
     */
    public ComparisonExperiment apply(ComparisonExperiment experiment) {
        if (trainingSeeds == null && maskSeeds == null) {
            return experiment;
        }
        List<Long> t = trainingSeeds == null ? experiment.trainingSeeds() : Arrays.stream(trainingSeeds).boxed().toList();
        List<Long> m = maskSeeds == null ? experiment.maskSeeds() : Arrays.stream(maskSeeds).boxed().toList();
        try {
            return experiment.withSeeds(t, m);
        } catch (PropertyException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
