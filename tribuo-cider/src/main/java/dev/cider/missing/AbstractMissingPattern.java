package dev.cider.missing;

import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.impl.ConfiguredObjectProvenanceImpl;
import dev.cider.data.Modality;
import dev.cider.data.MultimodalExample;

import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The shared machinery of the missing patterns: argument checks, the per-utterance random streams of the
 * evaluation masks, the two training rate modes and provenance.
 * <p>
 * A pattern implements {@link #draw}: it takes uniform draws from a stream in an order that does not depend
 * on the rates, and drops a masking unit (a position, a modality, a block) when its draw falls below the
 * unit's rate. With one constant rate this gives the nested evaluation masks; with a fresh rate per unit it
 * gives the {@link TrainingRateMode#PER_POSITION} training masks.
 */
public abstract class AbstractMissingPattern implements MissingPattern {

    /**
     * The missing rates of the successive masking units of one mask.
     */
    @FunctionalInterface
    public interface UnitRates {
        /**
         * The rate of the next masking unit.
         * @return A rate in [0, 1].
         */
        double next();

        /**
         * The same rate for every unit.
         * @param rate The rate.
         * @return The constant rates.
         */
        static UnitRates constant(double rate) {
            return () -> rate;
        }
    }

    /**
     * For subclasses.
     */
    protected AbstractMissingPattern() {
    }

    /**
     * Draws a mask.
     * @param ex The example (already checked against {@link #needsAlignedData()}).
     * @param rates The rate of each masking unit, asked once per unit.
     * @param draws The uniform draws; the number and order of draws taken must not depend on the rates.
     * @return The mask.
     */
    protected abstract KeepMask draw(MultimodalExample ex, UnitRates rates, SplittableRandom draws);

    @Override
    public final KeepMask mask(MultimodalExample ex, double rate, long seed) {
        checkRate(rate);
        checkExample(ex);
        return draw(ex, UnitRates.constant(rate), MaskRandom.forExample(name(), seed, ex.getId()));
    }

    @Override
    public final KeepMask trainingMask(MultimodalExample ex, TrainingRateMode mode, SplittableRandom rng) {
        Objects.requireNonNull(mode, "mode");
        checkExample(ex);
        SplittableRandom draws = rng.split();
        switch (mode) {
            case PER_EXAMPLE:
                return draw(ex, UnitRates.constant(rng.nextDouble()), draws);
            case PER_POSITION:
                SplittableRandom rates = rng.split();
                return draw(ex, rates::nextDouble, draws);
            default:
                throw new IllegalStateException("Unknown training rate mode " + mode);
        }
    }

    /**
     * Checks a missing rate.
     * @param rate The rate.
     * @throws IllegalArgumentException if it is not in [0, 1].
     */
    protected static void checkRate(double rate) {
        if (!(rate >= 0.0 && rate <= 1.0)) {
            throw new IllegalArgumentException("Missing rate must be in [0, 1], found " + rate);
        }
    }

    /**
     * Checks that an example suits this pattern.
     * @param ex The example.
     * @throws IllegalArgumentException naming the utterance if the pattern needs aligned data and it is not.
     */
    protected void checkExample(MultimodalExample ex) {
        Objects.requireNonNull(ex, "ex");
        if (needsAlignedData() && !isAligned(ex)) {
            throw new IllegalArgumentException(name() + " needs word-aligned data (T_l == T_a == T_v) but utterance '" + ex.getId()
                    + "' has T_l=" + ex.steps(Modality.TEXT) + ", T_a=" + ex.steps(Modality.AUDIO) + ", T_v=" + ex.steps(Modality.VISION));
        }
    }

    /**
     * Whether an example is word-aligned (the same number of steps in the three modalities).
     * @param ex The example.
     * @return True if aligned.
     */
    protected static boolean isAligned(MultimodalExample ex) {
        int t = ex.steps(Modality.TEXT);
        return t == ex.steps(Modality.AUDIO) && t == ex.steps(Modality.VISION);
    }

    /**
     * An all-true array.
     * @param n The length.
     * @return {@code n} true flags.
     */
    protected static boolean[] allKept(int n) {
        boolean[] keep = new boolean[n];
        java.util.Arrays.fill(keep, true);
        return keep;
    }

    @Override
    public ConfiguredObjectProvenance getProvenance() {
        return new ConfiguredObjectProvenanceImpl(this, "MissingPattern");
    }

    @Override
    public String toString() {
        return name();
    }
}
