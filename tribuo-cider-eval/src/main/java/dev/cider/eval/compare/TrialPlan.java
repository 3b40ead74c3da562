package dev.cider.eval.compare;

import java.util.ArrayList;
import java.util.List;

/**
 * Expands a {@link ComparisonExperiment} into its independent {@link Trial}s: for each training seed (or once, with the
 * configured seeds, when the experiment lists none), one trial per system that is trained, carrying the systems that
 * reuse its model. A system loaded from a file is one model whatever the seed, and a reference line is deterministic, so
 * each has a single trial.
 */
public final class TrialPlan {

    private TrialPlan() {
    }

    /**
     * The trials of an experiment, seed by seed (so that trials running side by side are of different systems).
     * @param experiment The experiment.
     * @return The trials, indexed in order.
     */
    public static List<Trial> expand(ComparisonExperiment experiment) {
        List<Long> seeds = new ArrayList<>(experiment.trainingSeeds());
        if (seeds.isEmpty()) {
            seeds.add(null);
        }
        List<Trial> trials = new ArrayList<>();
        for (int s = 0; s < seeds.size(); s++) {
            for (SystemSpec system : experiment.systems()) {
                if (system.variantOf() != null) {
                    continue;
                }
                boolean single = system.modelPath() != null || experiment.referenceSystemNames().contains(system.name());
                if (single && s > 0) {
                    continue;
                }
                List<String> variants = new ArrayList<>();
                for (SystemSpec v : experiment.systems()) {
                    if (system.name().equals(v.variantOf())) {
                        variants.add(v.name());
                    }
                }
                trials.add(new Trial(trials.size(), system.name(), variants, single ? null : seeds.get(s)));
            }
        }
        return trials;
    }
}
