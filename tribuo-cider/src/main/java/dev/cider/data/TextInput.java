package dev.cider.data;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * The text of an utterance as the network sees it: WordPiece token ids padded to {@code T_l} (with [CLS]
 * first and [SEP] last in the valid prefix), the valid length (the attention mask is {@code i < length}),
 * and optionally precomputed token features {@code T_l x d_l}.
 */
public final class TextInput implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    private final int[] tokenIds;
    private final int length;
    private final FeatureSequence tokenFeatures; // may be null
    private final int truncatedPieces;

    /**
     * Creates a text input, copying the ids.
     * @param tokenIds The ids, padded to the maximum length.
     * @param length The number of valid tokens including [CLS] and [SEP].
     * @param tokenFeatures Precomputed token features of shape {@code tokenIds.length x d_l}, or null.
     */
    public TextInput(int[] tokenIds, int length, FeatureSequence tokenFeatures) {
        this(tokenIds, length, tokenFeatures, 0);
    }

    /**
     * Creates a text input of a text that was cut to fit {@code T_l}, copying the ids.
     * @param tokenIds The ids, padded to the maximum length.
     * @param length The number of valid tokens including [CLS] and [SEP].
     * @param tokenFeatures Precomputed token features of shape {@code tokenIds.length x d_l}, or null.
     * @param truncatedPieces The number of the text's tokens cut off at the end because they did not fit (0 if none).
     */
    public TextInput(int[] tokenIds, int length, FeatureSequence tokenFeatures, int truncatedPieces) {
        if (truncatedPieces < 0) {
            throw new IllegalArgumentException("Negative number of truncated tokens " + truncatedPieces);
        }
        if (length < 0 || length > tokenIds.length) {
            throw new IllegalArgumentException("Text length " + length + " outside [0, " + tokenIds.length + "]");
        }
        if (tokenFeatures != null && (tokenFeatures.steps() != tokenIds.length || tokenFeatures.length() != length)) {
            throw new IllegalArgumentException("Token features " + tokenFeatures + " do not match " + tokenIds.length
                    + " token ids with valid length " + length);
        }
        this.tokenIds = tokenIds.clone();
        this.length = length;
        this.tokenFeatures = tokenFeatures;
        this.truncatedPieces = truncatedPieces;
    }

    /**
     * The number of the text's tokens that did not fit into {@code T_l} and were cut off (metadata of the tokenisation,
     * not part of {@link #equals(Object)}).
     * @return The count, 0 if the whole text fits.
     */
    public int truncatedPieces() {
        return truncatedPieces;
    }

    /** @return True if the text was cut to fit {@code T_l}. */
    public boolean isTruncated() {
        return truncatedPieces > 0;
    }

    /** @return The padded number of token positions {@code T_l}. */
    public int steps() {
        return tokenIds.length;
    }

    /** @return The number of valid tokens, including [CLS] and [SEP]. */
    public int length() {
        return length;
    }

    /**
     * The token id at a position.
     * @param position The position.
     * @return The id.
     */
    public int tokenId(int position) {
        return tokenIds[position];
    }

    /** @return A copy of the padded token ids. */
    public int[] tokenIds() {
        return tokenIds.clone();
    }

    /** @return The precomputed token features, if any. */
    public Optional<FeatureSequence> tokenFeatures() {
        return Optional.ofNullable(tokenFeatures);
    }

    /**
     * A copy with token features attached (for example by a text encoder).
     * @param features The features, {@code T_l x d_l} with the same valid length.
     * @return The new text input.
     */
    public TextInput withTokenFeatures(FeatureSequence features) {
        return new TextInput(tokenIds, length, features, truncatedPieces);
    }

    /**
     * Whether the token at a valid position may be dropped by a missing pattern: everything in the valid
     * prefix except [CLS] and [SEP].
     * @param position The position.
     * @param special The special tokens.
     * @return True if droppable.
     */
    public boolean isDroppable(int position, SpecialTokens special) {
        return position < length && tokenIds[position] != special.cls() && tokenIds[position] != special.sep()
                && tokenIds[position] != special.pad();
    }

    /**
     * A copy where each droppable valid token whose keep flag is false becomes [UNK] and its token feature
     * vector (if any) becomes zero. [CLS], [SEP] and padding are never changed.
     * @param keep One flag per position (at least {@code length}).
     * @param special The special tokens.
     * @return The masked copy.
     */
    public TextInput withDroppedTokens(boolean[] keep, SpecialTokens special) {
        if (keep.length < length) {
            throw new IllegalArgumentException("Keep mask has " + keep.length + " entries, the text has " + length + " valid tokens");
        }
        int[] ids = tokenIds.clone();
        boolean[] featureKeep = new boolean[tokenIds.length];
        Arrays.fill(featureKeep, true);
        for (int t = 0; t < length; t++) {
            if (!keep[t] && isDroppable(t, special)) {
                ids[t] = special.unk();
                featureKeep[t] = false;
            }
        }
        FeatureSequence feats = tokenFeatures == null ? null : tokenFeatures.withDroppedSteps(featureKeep);
        return new TextInput(ids, length, feats, truncatedPieces);
    }

    /**
     * A copy where every droppable token that is not in the kept set becomes [MASK] (the counterfactual text).
     * Token features are dropped, since they no longer describe the ids; an encoder recomputes them.
     * @param keptIds Predicate of the ids that stay.
     * @param special The special tokens.
     * @return The counterfactual text.
     */
    public TextInput withMaskedTokensExcept(java.util.function.IntPredicate keptIds, SpecialTokens special) {
        int[] ids = tokenIds.clone();
        for (int t = 0; t < length; t++) {
            if (isDroppable(t, special) && !keptIds.test(ids[t])) {
                ids[t] = special.mask();
            }
        }
        return new TextInput(ids, length, null, truncatedPieces);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof TextInput)) {
            return false;
        }
        TextInput that = (TextInput) o;
        return length == that.length && Arrays.equals(tokenIds, that.tokenIds) && Objects.equals(tokenFeatures, that.tokenFeatures);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * length + Arrays.hashCode(tokenIds)) + Objects.hashCode(tokenFeatures);
    }
}
