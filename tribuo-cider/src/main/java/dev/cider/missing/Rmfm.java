package dev.cider.missing;

import dev.cider.data.Modality;
import dev.cider.data.MultimodalExample;

import java.util.SplittableRandom;

/**
 * RMFM, random modality-feature missing (the paper's generalised task): one rate {@code r} for the
 * concatenation text | audio | vision, and every valid droppable position of it is dropped independently
 * with probability {@code r}.
 * <p>
 * Modalities therefore lose different amounts by chance, and a short modality can vanish entirely at high
 * rates. Each position has one uniform draw {@code u} fixed by (seed, utterance id) and is dropped when
 * {@code u < r}, so masks are nested across rates. In {@link TrainingRateMode#PER_POSITION} training each
 * position compares its draw with its own rate, i.e. it is dropped with probability 0.5.
 */
public final class Rmfm extends AbstractMissingPattern {

    /**
     * Creates the pattern (it has no options).
     */
    public Rmfm() {
    }

    @Override
    public String name() {
        return "RMFM";
    }

    @Override
    public boolean needsAlignedData() {
        return false;
    }

    @Override
    protected KeepMask draw(MultimodalExample ex, UnitRates rates, SplittableRandom draws) {
        boolean[][] keep = new boolean[Modality.values().length][];
        for (Modality m : Modality.values()) {
            boolean[] canDrop = KeepMask.droppableFlags(ex, m);
            boolean[] flags = allKept(canDrop.length);
            for (int t = 0; t < canDrop.length; t++) {
                if (canDrop[t]) {
                    double u = draws.nextDouble();
                    flags[t] = u >= rates.next();
                }
            }
            keep[m.ordinal()] = flags;
        }
        return KeepMask.of(ex, keep[0], keep[1], keep[2]);
    }
}
