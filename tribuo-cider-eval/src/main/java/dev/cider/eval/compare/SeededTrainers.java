package dev.cider.eval.compare;

import com.oracle.labs.mlrg.olcut.config.ConfigurationData;
import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.Configurable;
import com.oracle.labs.mlrg.olcut.config.property.SimpleProperty;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import org.tribuo.Output;
import org.tribuo.Trainer;

import java.util.ArrayList;
import java.util.List;

/**
 * Copies of a trainer that differ only in their random seeds: the training-seed half of a paired design, in which every
 * system of a comparison is trained once per training seed with the same seeds.
 * <p>
 * The copy is rebuilt from the trainer's configuration as its provenance records it
 * ({@link ProvenanceUtil#extractConfiguration}), with the {@value #SEED_PROPERTY} property of the trainer and of every
 * component it contains (the CART trainer inside a random forest, say) set to the training seed, and instantiated by a
 * fresh {@link ConfigurationManager}. That covers Tribuo's trainers (SGD shuffling, bootstrap samples, feature subsets
 * all draw from a {@value #SEED_PROPERTY} field) and {@code CiderTrainer}. A trainer without any seed is returned as an
 * equal fresh copy: it is deterministic, or its randomness cannot be controlled from its configuration.
 * The copy starts at invocation count 0, so its first training uses the seed itself.
 */
public final class SeededTrainers {

    /** The configuration property that holds a component's random seed, in Tribuo and in this project. */
    public static final String SEED_PROPERTY = "seed";

    private SeededTrainers() {
    }

    /**
     * A fresh copy of a trainer with every seed property set to a training seed.
     * @param trainer The trainer (its provenance must be a configured object provenance, as every Tribuo trainer's is).
     * @param seed The training seed.
     * @param <T> The output type.
     * @return The copy.
     * @throws IllegalArgumentException if the trainer cannot be rebuilt from its provenance; the message names it.
     */
    @SuppressWarnings("unchecked") // the rebuilt component is of the trainer's own class.
    public static <T extends Output<T>> Trainer<T> withSeed(Trainer<T> trainer, long seed) {
        List<ConfigurationData> seeded = seededConfiguration(trainer, seed);
        Configurable copy;
        try {
            ConfigurationManager cm = new ConfigurationManager();
            cm.addConfiguration(seeded);
            copy = cm.lookup(seeded.get(0).getName());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Could not rebuild trainer " + trainer + " from its provenance with seed " + seed
                    + ": " + e.getMessage(), e);
        }
        if (!trainer.getClass().isInstance(copy)) {
            throw new IllegalArgumentException("Rebuilding trainer " + trainer + " from its provenance gave a "
                    + copy.getClass().getName());
        }
        return (Trainer<T>) copy;
    }

    /**
     * Whether any component of a trainer has a seed (so that training seeds change it).
     * @param trainer The trainer.
     * @return True if some component has a {@value #SEED_PROPERTY} property.
     */
    public static boolean isSeeded(Trainer<?> trainer) {
        for (ConfigurationData d : ProvenanceUtil.extractConfiguration(trainer.getProvenance())) {
            if (d.contains(SEED_PROPERTY)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The trainer's configuration (root component first) with every seed property set.
     * @param trainer The trainer.
     * @param seed The seed.
     * @return The configuration.
     */
    static List<ConfigurationData> seededConfiguration(Trainer<?> trainer, long seed) {
        List<ConfigurationData> out = new ArrayList<>();
        for (ConfigurationData d : ProvenanceUtil.extractConfiguration(trainer.getProvenance())) {
            ConfigurationData copy = d.copy();
            if (copy.contains(SEED_PROPERTY)) {
                copy.add(SEED_PROPERTY, new SimpleProperty(Long.toString(seed)));
            }
            out.add(copy);
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("Trainer " + trainer + " records no configuration in its provenance");
        }
        return out;
    }
}
