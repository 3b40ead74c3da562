package dev.cider.eval.compare;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * One independent unit of a comparison: one system trained (or loaded) once, with one training seed, then swept in every
 * setting with every pattern and mask seed. The systems that reuse its model ({@link SystemSpec#variantOf()}) ride
 * along, so a trial returns the results of the system and of its variants. A trial depends only on the experiment's
 * configuration and its own fields, never on other trials or on where it runs.
 *
 * @param index        The trial's position in the plan (results are assembled in this order).
 * @param system       The trained or loaded system.
 * @param variants     The systems that reuse its model, in experiment order.
 * @param trainingSeed The training seed, or null for the trainer's configured seed (or a model loaded from a file).
 */
public record Trial(int index, String system, List<String> variants, Long trainingSeed) implements Serializable {

    /**
     * Creates a trial.
     * @param index The index.
     * @param system The system.
     * @param variants The variants (copied).
     * @param trainingSeed The training seed, or null.
     */
    public Trial {
        Objects.requireNonNull(system, "system");
        variants = List.copyOf(variants);
    }

    /** @return A short name for progress lines and errors, e.g. "CIDer, seed 3". */
    public String label() {
        return trainingSeed == null ? system : system + ", seed " + trainingSeed;
    }
}
