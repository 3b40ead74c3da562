package dev.cider.missing;

import com.oracle.labs.mlrg.olcut.config.Configurable;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenancable;
import dev.cider.data.DataLayout;
import dev.cider.data.MultimodalExample;

import java.util.SplittableRandom;

/**
 * A way of making parts of an utterance missing, producing a {@link KeepMask}.
 * <p>
 * One implementation serves training, evaluation and the Tribuo baselines:
 * <ul>
 *     <li>Evaluation: {@link #mask(MultimodalExample, double, long)} is a pure function of the pattern's
 *     configuration, the seed, the rate and the utterance id (never of the order of the examples). Masks are
 *     nested across rates: the pattern's uniform draws are fixed by (seed, id) and compared against the rate,
 *     so every position dropped at rate {@code r} is also dropped at every {@code r' > r}, and a curve over
 *     rates is smooth.</li>
 *     <li>Training: {@link #trainingMask} draws a fresh mask from the trainer's generator, with the rate
 *     drawn as {@link TrainingRateMode} says.</li>
 * </ul>
 * [CLS], [SEP] and padding are never dropped.
 */
public interface MissingPattern extends Configurable, Provenancable<ConfiguredObjectProvenance> {

    /**
     * The short name used in reports, such as {@code RMFM} or {@code SMM:LA}; {@link MissingPatterns#parse}
     * accepts it.
     * @return The name.
     */
    String name();

    /**
     * Whether the pattern needs word-aligned data ({@code T_l == T_a == T_v}).
     * @return True for TMFM and STMFM.
     */
    boolean needsAlignedData();

    /**
     * Whether the missing rate changes the mask (false for SMM, whose missing set is fixed).
     * @return True if a sweep over rates is meaningful.
     */
    default boolean usesRate() {
        return true;
    }

    /**
     * The evaluation mask of an example at a missing rate.
     * @param ex The example.
     * @param rate The missing rate in [0, 1].
     * @param seed The evaluation seed.
     * @return The mask, deterministic for (seed, rate, utterance id) and nested across rates.
     * @throws IllegalArgumentException if the rate is outside [0, 1], or (naming the utterance) if the pattern
     * needs aligned data and the example is not aligned.
     */
    KeepMask mask(MultimodalExample ex, double rate, long seed);

    /**
     * The corrupted copy of an example at a missing rate: {@code mask(ex, rate, seed).apply(ex)}.
     * @param ex The example.
     * @param rate The missing rate in [0, 1].
     * @param seed The evaluation seed.
     * @return The corrupted copy.
     */
    default MultimodalExample corrupt(MultimodalExample ex, double rate, long seed) {
        return mask(ex, rate, seed).apply(ex);
    }

    /**
     * A fresh training mask: the rate is drawn as the mode says, the draws come from {@code rng} (which
     * advances), so successive calls give different masks.
     * @param ex The example.
     * @param mode How the rate is drawn.
     * @param rng The trainer's generator.
     * @return The mask.
     */
    KeepMask trainingMask(MultimodalExample ex, TrainingRateMode mode, SplittableRandom rng);

    /**
     * Checks that a data layout suits this pattern, before any example is masked.
     * @param layout The layout of a data set.
     * @throws IllegalArgumentException if the pattern needs aligned data and the layout is unaligned.
     */
    default void checkLayout(DataLayout layout) {
        if (needsAlignedData() && !layout.aligned()) {
            throw new IllegalArgumentException(name() + " needs word-aligned data (T_l == T_a == T_v) but the data set has "
                    + layout.describe());
        }
    }
}
