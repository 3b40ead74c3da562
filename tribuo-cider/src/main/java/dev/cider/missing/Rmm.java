package dev.cider.missing;

import dev.cider.data.Modality;
import dev.cider.data.MultimodalExample;

import java.util.SplittableRandom;

/**
 * RMM, random modality missing: each (utterance, modality) pair is dropped entirely with probability
 * {@code r}, independently; a modality is never partly dropped. At {@code r = 1} every modality is gone
 * (only [CLS] and [SEP] remain); nothing guarantees that one modality survives.
 * <p>
 * Each modality has one uniform draw fixed by (seed, utterance id), so masks are nested across rates. In
 * {@link TrainingRateMode#PER_POSITION} training each modality gets its own rate (dropped with probability
 * 0.5).
 */
public final class Rmm extends AbstractMissingPattern {

    /**
     * Creates the pattern (it has no options).
     */
    public Rmm() {
    }

    @Override
    public String name() {
        return "RMM";
    }

    @Override
    public boolean needsAlignedData() {
        return false;
    }

    @Override
    protected KeepMask draw(MultimodalExample ex, UnitRates rates, SplittableRandom draws) {
        boolean[][] keep = new boolean[Modality.values().length][];
        for (Modality m : Modality.values()) {
            double u = draws.nextDouble();
            boolean dropped = u < rates.next();
            keep[m.ordinal()] = dropped ? new boolean[ex.steps(m)] : allKept(ex.steps(m));
        }
        return KeepMask.of(ex, keep[0], keep[1], keep[2]);
    }
}
