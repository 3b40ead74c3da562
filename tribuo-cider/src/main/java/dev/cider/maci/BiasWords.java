package dev.cider.maci;

import dev.cider.data.MultimodalExample;
import dev.cider.data.SpecialTokens;
import dev.cider.data.TextInput;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The bias words of MACI's counterfactual text: the token ids whose per-class counts in the training split
 * vary most between classes (see {@link CounterfactualTextBuilder}), with the selection settings that
 * produced them.
 * <p>
 * The counterfactual of a text keeps its special tokens and its bias tokens and replaces every other valid
 * droppable token by [MASK]; audio and vision stay as they are. Immutable and serialisable.
 */
public final class BiasWords implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int[] ids; // sorted ascending, distinct
    private final double threshold;
    private final int size;

    /**
     * Creates a bias-word list.
     * @param ids The token ids (any order, distinct).
     * @param threshold The coefficient-of-variation threshold used to select them.
     * @param size The maximum number of words of the selection.
     * @throws IllegalArgumentException if an id repeats, there are more ids than {@code size}, or the
     * threshold is negative or not finite.
     */
    public BiasWords(int[] ids, double threshold, int size) {
        if (!Double.isFinite(threshold) || threshold < 0) {
            throw new IllegalArgumentException("Bias-word threshold must be finite and non-negative, got " + threshold);
        }
        if (size < 0) {
            throw new IllegalArgumentException("Bias-word size must be non-negative, got " + size);
        }
        int[] sorted = ids.clone();
        Arrays.sort(sorted);
        for (int i = 1; i < sorted.length; i++) {
            if (sorted[i] == sorted[i - 1]) {
                throw new IllegalArgumentException("Bias-word id " + sorted[i] + " appears twice");
            }
        }
        if (sorted.length > size) {
            throw new IllegalArgumentException(sorted.length + " bias words exceed the size limit " + size);
        }
        this.ids = sorted;
        this.threshold = threshold;
        this.size = size;
    }

    /** @return A copy of the bias token ids, sorted ascending. */
    public int[] ids() {
        return ids.clone();
    }

    /** @return The number of bias words. */
    public int count() {
        return ids.length;
    }

    /** @return The coefficient-of-variation threshold of the selection. */
    public double threshold() {
        return threshold;
    }

    /** @return The maximum number of words of the selection. */
    public int size() {
        return size;
    }

    /**
     * Whether a token id is a bias word.
     * @param tokenId The id.
     * @return True if it is.
     */
    public boolean contains(int tokenId) {
        return Arrays.binarySearch(ids, tokenId) >= 0;
    }

    /**
     * The counterfactual of a text: special tokens and bias tokens stay, every other valid droppable token
     * becomes [MASK]. Token features are removed (they no longer describe the ids).
     * @param text The text.
     * @param special The special tokens of its vocabulary.
     * @return The counterfactual text.
     */
    public TextInput counterfactual(TextInput text, SpecialTokens special) {
        return text.withMaskedTokensExcept(id -> special.isSpecial(id) || contains(id), special);
    }

    /**
     * The counterfactual of an example: its text replaced by {@link #counterfactual(TextInput, SpecialTokens)},
     * with the same (possibly incomplete) audio and vision, label and id.
     * @param example The example.
     * @return The counterfactual example.
     */
    public MultimodalExample counterfactual(MultimodalExample example) {
        return example.withText(counterfactual(example.getText(), example.getSpecialTokens()));
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof BiasWords)) {
            return false;
        }
        BiasWords that = (BiasWords) o;
        return Double.compare(threshold, that.threshold) == 0 && size == that.size && Arrays.equals(ids, that.ids);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(ids) + Double.hashCode(threshold)) + size;
    }

    @Override
    public String toString() {
        return "BiasWords(" + ids.length + " words, threshold=" + threshold + ", size=" + size + ")";
    }
}
