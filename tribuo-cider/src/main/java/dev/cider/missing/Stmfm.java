package dev.cider.missing;

import dev.cider.data.Modality;
import dev.cider.data.MultimodalExample;

import java.util.SplittableRandom;

/**
 * STMFM, structural temporal modality-feature missing (word-aligned data only): one contiguous block of
 * steps is missing in all three modalities.
 * <p>
 * With {@code len} the valid text length (including [CLS] and [SEP]), the block has
 * {@code b = round((len - 2) * r)} steps and starts at {@code s = 1 + floor(v * (len - 1 - b))}, uniform in
 * {@code [1, len - b)}, where {@code v ~ U(0,1)} is one draw fixed by (seed, utterance id). So the block never
 * covers [CLS] or [SEP], and masks are nested across rates: a larger rate gives a longer block whose start is
 * no later and whose end is no earlier. Audio and vision steps beyond their own valid length are padding and
 * stay untouched. The block is one masking unit, so {@link TrainingRateMode#PER_POSITION} training draws one
 * rate per example, like {@link TrainingRateMode#PER_EXAMPLE}.
 */
public final class Stmfm extends AbstractMissingPattern {

    /**
     * Creates the pattern (it has no options).
     */
    public Stmfm() {
    }

    @Override
    public String name() {
        return "STMFM";
    }

    @Override
    public boolean needsAlignedData() {
        return true;
    }

    /**
     * The block length at a rate.
     * @param textLength The valid text length, including [CLS] and [SEP].
     * @param rate The missing rate.
     * @return {@code round((textLength - 2) * rate)}, at least 0.
     */
    public static int blockLength(int textLength, double rate) {
        return textLength <= 2 ? 0 : (int) Math.round((textLength - 2) * rate);
    }

    @Override
    protected KeepMask draw(MultimodalExample ex, UnitRates rates, SplittableRandom draws) {
        int len = ex.length(Modality.TEXT);
        double v = draws.nextDouble();
        int block = blockLength(len, rates.next());
        boolean[] shared = allKept(ex.steps(Modality.TEXT));
        if (block > 0) {
            int start = 1 + (int) Math.floor(v * (len - 1 - block));
            for (int t = start; t < start + block; t++) {
                shared[t] = false;
            }
        }
        return KeepMask.of(ex, shared, shared, shared);
    }
}
