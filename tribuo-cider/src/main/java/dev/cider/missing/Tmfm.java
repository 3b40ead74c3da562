package dev.cider.missing;

import dev.cider.data.Modality;
import dev.cider.data.MultimodalExample;

import java.util.SplittableRandom;

/**
 * TMFM, temporal modality-feature missing (word-aligned data only): one mask over the time steps shared by
 * the three modalities, so at a dropped step the token, the audio frame and the vision frame are all
 * missing.
 * <p>
 * The shared steps are the text's droppable positions (inside [CLS] ... [SEP]); each is dropped
 * independently with probability {@code r}. Audio and vision steps aligned with [CLS], [SEP] or text padding
 * are kept, and their own padding is never touched. One uniform draw per step, fixed by (seed, utterance id),
 * makes masks nested across rates. In {@link TrainingRateMode#PER_POSITION} training each step has its own
 * rate (dropped with probability 0.5).
 */
public final class Tmfm extends AbstractMissingPattern {

    /**
     * Creates the pattern (it has no options).
     */
    public Tmfm() {
    }

    @Override
    public String name() {
        return "TMFM";
    }

    @Override
    public boolean needsAlignedData() {
        return true;
    }

    @Override
    protected KeepMask draw(MultimodalExample ex, UnitRates rates, SplittableRandom draws) {
        boolean[] canDrop = KeepMask.droppableFlags(ex, Modality.TEXT);
        boolean[] shared = allKept(canDrop.length);
        for (int t = 0; t < canDrop.length; t++) {
            if (canDrop[t]) {
                double u = draws.nextDouble();
                shared[t] = u >= rates.next();
            }
        }
        return KeepMask.of(ex, shared, shared, shared);
    }
}
