package dev.cider.missing;

import dev.cider.data.MultimodalExample;
import dev.cider.data.Modality;

import java.util.Arrays;
import java.util.Objects;

/**
 * Immutable per-step keep flags of one utterance for text, audio and vision ({@code true} = kept).
 * <p>
 * A mask is built for one example and describes it exactly: positions that can never be missing
 * ([CLS], [SEP], padding, see {@link #isDroppable}) are always flagged as kept, whatever the caller passed,
 * so the counts and {@link #droppedPositions(Modality)} only ever refer to valid droppable positions.
 * {@link #apply(MultimodalExample)} produces the corrupted copy (missing frames become zero vectors, missing
 * tokens become [UNK] with zero token features) through {@link MultimodalExample#withKeepMasks}; it can be
 * applied to any example of the same shape (for instance the counterfactual text of the same utterance).
 */
public final class KeepMask implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    private static final Modality[] MODALITIES = Modality.values();

    private final String exampleId;
    private final boolean[][] keep;      // [modality][steps]
    private final int[] lengths;
    private final int[] droppableCounts;
    private final int[] droppedCounts;

    private KeepMask(MultimodalExample ex, boolean[][] requestedKeep) {
        this.exampleId = ex.getId();
        this.keep = new boolean[MODALITIES.length][];
        this.lengths = new int[MODALITIES.length];
        this.droppableCounts = new int[MODALITIES.length];
        this.droppedCounts = new int[MODALITIES.length];
        for (Modality m : MODALITIES) {
            int i = m.ordinal();
            int steps = ex.steps(m);
            boolean[] requested = requestedKeep[i];
            if (requested != null && requested.length != steps) {
                throw new IllegalArgumentException("Utterance '" + ex.getId() + "': the " + m.displayName() + " keep mask has "
                        + requested.length + " entries but the example has " + steps + " " + m.displayName() + " steps");
            }
            boolean[] flags = new boolean[steps];
            boolean[] canDrop = droppableFlags(ex, m);
            for (int t = 0; t < steps; t++) {
                boolean kept = requested == null || requested[t] || !canDrop[t];
                flags[t] = kept;
                if (canDrop[t]) {
                    droppableCounts[i]++;
                    if (!kept) {
                        droppedCounts[i]++;
                    }
                }
            }
            keep[i] = flags;
            lengths[i] = ex.length(m);
        }
    }

    /**
     * A mask that keeps everything (the complete view).
     * @param ex The example.
     * @return The mask.
     */
    public static KeepMask allKept(MultimodalExample ex) {
        return new KeepMask(ex, new boolean[MODALITIES.length][]);
    }

    /**
     * A mask from explicit keep flags. Flags on positions that are not droppable are ignored (those positions
     * are always kept).
     * @param ex The example the flags describe.
     * @param textKeep One flag per text step ({@code T_l} of them), or null to keep all text.
     * @param audioKeep One flag per audio step ({@code T_a}), or null to keep all audio.
     * @param visionKeep One flag per vision step ({@code T_v}), or null to keep all vision.
     * @return The mask (the arrays are copied).
     * @throws IllegalArgumentException naming the utterance if an array does not have one entry per step.
     */
    public static KeepMask of(MultimodalExample ex, boolean[] textKeep, boolean[] audioKeep, boolean[] visionKeep) {
        return new KeepMask(ex, new boolean[][]{textKeep, audioKeep, visionKeep});
    }

    /**
     * Whether a position of an example may be made missing: a valid non-special token for text
     * ({@link dev.cider.data.TextInput#isDroppable}), any valid step for audio and vision. Padding never is.
     * @param ex The example.
     * @param m The modality.
     * @param position The position (step).
     * @return True if a missing pattern may drop it.
     */
    public static boolean isDroppable(MultimodalExample ex, Modality m, int position) {
        if (m == Modality.TEXT) {
            return ex.getText().isDroppable(position, ex.getSpecialTokens());
        }
        return position >= 0 && position < ex.length(m);
    }

    /**
     * The droppable flags of all steps of one modality of an example.
     * @param ex The example.
     * @param m The modality.
     * @return One flag per step ({@link MultimodalExample#steps(Modality)} of them).
     */
    static boolean[] droppableFlags(MultimodalExample ex, Modality m) {
        boolean[] flags = new boolean[ex.steps(m)];
        for (int t = 0; t < flags.length; t++) {
            flags[t] = isDroppable(ex, m, t);
        }
        return flags;
    }

    /** @return The id of the utterance this mask was built for. */
    public String exampleId() {
        return exampleId;
    }

    /**
     * Whether a step is kept.
     * @param m The modality.
     * @param position The step, in {@code [0, steps)}.
     * @return True if kept (always true for [CLS], [SEP] and padding).
     */
    public boolean isKept(Modality m, int position) {
        return keep[m.ordinal()][position];
    }

    /**
     * The keep flags of one modality, in the form {@link MultimodalExample#withKeepMasks} takes.
     * @param m The modality.
     * @return A copy of the flags, one per step.
     */
    public boolean[] keepFlags(Modality m) {
        return keep[m.ordinal()].clone();
    }

    /**
     * The number of steps (including padding) of a modality.
     * @param m The modality.
     * @return The number of steps.
     */
    public int steps(Modality m) {
        return keep[m.ordinal()].length;
    }

    /**
     * The number of positions of a modality a pattern may drop.
     * @param m The modality.
     * @return The count of valid droppable positions.
     */
    public int droppableCount(Modality m) {
        return droppableCounts[m.ordinal()];
    }

    /**
     * The number of dropped positions of a modality.
     * @param m The modality.
     * @return The count of valid droppable positions that are missing.
     */
    public int droppedCount(Modality m) {
        return droppedCounts[m.ordinal()];
    }

    /**
     * The fraction of a modality's droppable positions that are dropped.
     * @param m The modality.
     * @return {@code droppedCount / droppableCount}, or 0 when nothing is droppable.
     */
    public double droppedFraction(Modality m) {
        int n = droppableCounts[m.ordinal()];
        return n == 0 ? 0.0 : droppedCounts[m.ordinal()] / (double) n;
    }

    /**
     * Whether a modality is entirely missing: it has droppable positions and all of them are dropped.
     * @param m The modality.
     * @return True if every droppable position is dropped.
     */
    public boolean isEntirelyDropped(Modality m) {
        int i = m.ordinal();
        return droppableCounts[i] > 0 && droppedCounts[i] == droppableCounts[i];
    }

    /** @return The number of dropped positions over the three modalities. */
    public int totalDropped() {
        return droppedCounts[0] + droppedCounts[1] + droppedCounts[2];
    }

    /** @return The number of droppable positions over the three modalities. */
    public int totalDroppable() {
        return droppableCounts[0] + droppableCounts[1] + droppableCounts[2];
    }

    /** @return True if nothing is dropped. */
    public boolean isComplete() {
        return totalDropped() == 0;
    }

    /**
     * The dropped positions of a modality, ascending; these are the positions the reconstruction loss
     * averages over.
     * @param m The modality.
     * @return The positions.
     */
    public int[] droppedPositions(Modality m) {
        int i = m.ordinal();
        int[] out = new int[droppedCounts[i]];
        int k = 0;
        for (int t = 0; t < keep[i].length; t++) {
            if (!keep[i][t]) {
                out[k++] = t;
            }
        }
        return out;
    }

    /**
     * The corrupted copy of an example: the dropped frames become zero vectors, the dropped tokens [UNK]
     * (with zero token features). The pooled Tribuo features are recomputed.
     * @param ex An example with the same steps and valid lengths as the one this mask was built for.
     * @return The corrupted copy (a new example even when nothing is dropped).
     * @throws IllegalArgumentException naming both utterances if the shapes differ.
     */
    public MultimodalExample apply(MultimodalExample ex) {
        checkFits(ex);
        return ex.withKeepMasks(keep[0], keep[1], keep[2]);
    }

    /**
     * Checks that this mask can be applied to an example: the same steps and valid lengths in every modality as
     * the example it was built for.
     * @param ex The example.
     * @throws IllegalArgumentException naming both utterances if the shapes differ.
     */
    public void checkFits(MultimodalExample ex) {
        for (Modality m : MODALITIES) {
            int i = m.ordinal();
            if (ex.steps(m) != keep[i].length || ex.length(m) != lengths[i]) {
                throw new IllegalArgumentException("Keep mask of utterance '" + exampleId + "' (" + m.displayName() + " "
                        + lengths[i] + "/" + keep[i].length + ") does not fit utterance '" + ex.getId() + "' ("
                        + m.displayName() + " " + ex.length(m) + "/" + ex.steps(m) + ")");
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof KeepMask)) {
            return false;
        }
        KeepMask that = (KeepMask) o;
        return exampleId.equals(that.exampleId) && Arrays.deepEquals(keep, that.keep)
                && Arrays.equals(lengths, that.lengths) && Arrays.equals(droppableCounts, that.droppableCounts);
    }

    @Override
    public int hashCode() {
        return Objects.hash(exampleId, Arrays.deepHashCode(keep));
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("KeepMask(").append(exampleId);
        for (Modality m : MODALITIES) {
            sb.append(", ").append(m.letter()).append(" dropped ").append(droppedCount(m)).append('/').append(droppableCount(m));
        }
        return sb.append(')').toString();
    }
}
