package dev.cider.eval.compare;

import dev.cider.eval.baseline.LengthsOnlyTrainer;
import org.tribuo.classification.baseline.DummyClassifierTrainer;
import org.tribuo.classification.dtree.CARTClassificationTrainer;

import java.util.List;

/**
 * The floors every system of a comparison must beat, added to every experiment unless it opts out
 * ({@code referenceLines = false}): the majority class of the training split, and a decision tree on the modalities'
 * valid lengths alone ({@link LengthsOnlyTrainer}). Both are deterministic, so each is trained once whatever the
 * training seeds (its one curve is paired with every seed of the other systems). A system that is not above them has
 * learned nothing from the content: under RMFM the lengths stay when every feature is zeroed, and on real corpora they
 * carry label signal.
 */
public final class ReferenceLines {

    /** The majority-class reference. */
    public static final String MAJORITY_CLASS = "majority class";
    /** The lengths-only reference. */
    public static final String LENGTHS_ONLY = "lengths only";
    /** Both names, in report order. */
    public static final List<String> NAMES = List.of(MAJORITY_CLASS, LENGTHS_ONLY);
    /** The depth of the lengths-only tree. */
    public static final int LENGTHS_TREE_DEPTH = 4;

    private ReferenceLines() {
    }

    /**
     * Fresh reference systems.
     * @return The majority-class and lengths-only systems.
     */
    public static List<SystemSpec> systems() {
        return List.of(new SystemSpec(MAJORITY_CLASS, DummyClassifierTrainer.createMostFrequentTrainer()),
                new SystemSpec(LENGTHS_ONLY, new LengthsOnlyTrainer(new CARTClassificationTrainer(LENGTHS_TREE_DEPTH))));
    }

    /**
     * Whether a name is a reference line's.
     * @param system A system name.
     * @return True for {@link #NAMES}.
     */
    public static boolean isReference(String system) {
        return NAMES.contains(system);
    }
}
