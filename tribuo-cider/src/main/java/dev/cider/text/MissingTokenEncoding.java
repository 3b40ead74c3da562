package dev.cider.text;

import dev.cider.data.FeatureSequence;
import dev.cider.data.MultimodalExample;
import dev.cider.data.SpecialTokens;
import dev.cider.data.TextInput;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * How a missing text token is represented when the network consumes token features from a frozen
 * {@link TextEncoder} (cider-spec section 2). A missing-data pattern marks droppable tokens (never [CLS], [SEP] or
 * padding); {@link MultimodalExample#withKeepMasks} replaces their ids by [UNK] and zeroes their token feature rows.
 * The two choices differ in what the feature rows of the incomplete text are:
 * <ul>
 *     <li>{@link #UNK_REENCODED}: the corrupted ids ([UNK] at each dropped position) are encoded again, so the
 *     missing token is the encoder's [UNK] in context and the context rows change too. This is what a model that
 *     encodes token ids itself sees. It costs one encoder pass per corrupted text.</li>
 *     <li>{@link #ZEROED}: the complete text is encoded once (cacheable) and the rows of dropped positions are zero
 *     vectors; the other rows keep their complete-text features. This is the representation the spec names for
 *     precomputed token features, and it is cheap.</li>
 * </ul>
 * The counterfactual text of the causal module (every droppable token that is not a bias word becomes [MASK]) is
 * encoded with the same encoder by {@link #counterfactuals}; a token missing in the input stays missing in its
 * counterfactual under either choice.
 */
public enum MissingTokenEncoding {
    /** Encode the corrupted ids, in which each dropped token is [UNK]. */
    UNK_REENCODED,
    /** Encode the complete text once and zero the feature rows of dropped tokens. */
    ZEROED;

    /**
     * Gives corrupted examples (the output of {@link MultimodalExample#withKeepMasks}) their token features under
     * this choice. {@link #ZEROED}: the examples must already carry the features of their complete text, which
     * {@code withKeepMasks} zeroed at the dropped positions; they are returned unchanged. {@link #UNK_REENCODED}:
     * the corrupted ids are encoded and the features replaced.
     * @param corrupted The corrupted examples.
     * @param encoder The encoder.
     * @param cache A cache, or null to call the encoder directly (random corruptions rarely repeat).
     * @return The examples with token features, in the same order.
     * @throws IllegalArgumentException for {@link #ZEROED} if an example has no token features (naming it).
     */
    public List<MultimodalExample> encodeCorrupted(List<MultimodalExample> corrupted, TextEncoder encoder,
                                                   TokenFeatureCache cache) {
        if (this == ZEROED) {
            for (MultimodalExample e : corrupted) {
                requireFeatures(e.getText(), "Utterance '" + e.getId() + "'");
            }
            return new ArrayList<>(corrupted);
        }
        return TokenFeatures.attachFeatures(corrupted, encoder, cache);
    }

    /**
     * Gives corrupted texts (the output of {@link TextInput#withDroppedTokens}) their token features under this
     * choice; see {@link #encodeCorrupted}.
     * @param corrupted The corrupted texts.
     * @param encoder The encoder.
     * @param cache A cache, or null.
     * @return The texts with token features.
     */
    public List<TextInput> encodeCorruptedTexts(List<TextInput> corrupted, TextEncoder encoder, TokenFeatureCache cache) {
        if (this == ZEROED) {
            for (int i = 0; i < corrupted.size(); i++) {
                requireFeatures(corrupted.get(i), "Text " + i);
            }
            return new ArrayList<>(corrupted);
        }
        List<FeatureSequence> features = TokenFeatures.encode(corrupted, encoder, cache);
        List<TextInput> out = new ArrayList<>(corrupted.size());
        for (int i = 0; i < corrupted.size(); i++) {
            out.add(corrupted.get(i).withTokenFeatures(features.get(i)));
        }
        return out;
    }

    /**
     * The incomplete view of a complete example under this choice: applies the keep-masks of the three modalities
     * and gives the text its token features. For {@link #ZEROED} the complete text is encoded first (through the
     * cache) if it has no features yet.
     * @param complete The complete example.
     * @param textKeep Keep flags of the text positions.
     * @param audioKeep Keep flags of the audio steps.
     * @param visionKeep Keep flags of the vision steps.
     * @param encoder The encoder.
     * @param cache A cache (of the complete text for {@link #ZEROED}, of the corrupted text for
     * {@link #UNK_REENCODED}: use null there for random training masks, which rarely repeat), or null.
     * @return The incomplete example.
     */
    public MultimodalExample corrupt(MultimodalExample complete, boolean[] textKeep, boolean[] audioKeep,
                                     boolean[] visionKeep, TextEncoder encoder, TokenFeatureCache cache) {
        if (this == ZEROED) {
            MultimodalExample withFeatures = complete.getText().tokenFeatures().isPresent() ? complete
                    : TokenFeatures.attachFeatures(List.of(complete), encoder, cache).get(0);
            return withFeatures.withKeepMasks(textKeep, audioKeep, visionKeep);
        }
        MultimodalExample corrupted = complete.withKeepMasks(textKeep, audioKeep, visionKeep);
        return TokenFeatures.attachFeatures(List.of(corrupted), encoder, cache).get(0);
    }

    /**
     * The counterfactual texts of (possibly incomplete) texts, with token features from the same encoder: every
     * droppable token that is neither a bias word nor missing ([UNK]) becomes [MASK]; [CLS], [SEP], bias words and
     * missing tokens stay. Under {@link #ZEROED} the rows of the input's missing tokens (zero feature rows at
     * droppable positions) stay zero, so the input texts must carry token features.
     * @param texts The texts (complete or incomplete).
     * @param biasIds The bias-word token ids to keep.
     * @param special The special tokens.
     * @param encoder The encoder.
     * @param cache A cache, or null.
     * @return The counterfactual texts with token features.
     */
    public List<TextInput> counterfactuals(List<TextInput> texts, IntPredicate biasIds, SpecialTokens special,
                                           TextEncoder encoder, TokenFeatureCache cache) {
        IntPredicate kept = id -> id == special.unk() || biasIds.test(id);
        List<TextInput> cf = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            if (this == ZEROED) {
                requireFeatures(texts.get(i), "Text " + i);
            }
            cf.add(texts.get(i).withMaskedTokensExcept(kept, special));
        }
        List<FeatureSequence> features = TokenFeatures.encode(cf, encoder, cache);
        List<TextInput> out = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            FeatureSequence f = features.get(i);
            if (this == ZEROED) {
                f = f.withDroppedSteps(keepFlags(texts.get(i), special));
            }
            out.add(cf.get(i).withTokenFeatures(f));
        }
        return out;
    }

    /**
     * The counterfactual of one text; see {@link #counterfactuals}.
     * @param text The text.
     * @param biasIds The bias-word token ids to keep.
     * @param special The special tokens.
     * @param encoder The encoder.
     * @param cache A cache, or null.
     * @return The counterfactual text with token features.
     */
    public TextInput counterfactual(TextInput text, IntPredicate biasIds, SpecialTokens special, TextEncoder encoder,
                                    TokenFeatureCache cache) {
        return counterfactuals(List.of(text), biasIds, special, encoder, cache).get(0);
    }

    /** Keep flags that are false exactly at the droppable positions whose feature row is zero (missing tokens). */
    private static boolean[] keepFlags(TextInput text, SpecialTokens special) {
        FeatureSequence f = text.tokenFeatures().orElseThrow();
        boolean[] keep = new boolean[text.steps()];
        for (int t = 0; t < keep.length; t++) {
            keep[t] = !(text.isDroppable(t, special) && f.isZeroFrame(t));
        }
        return keep;
    }

    private static void requireFeatures(TextInput text, String what) {
        if (text.tokenFeatures().isEmpty()) {
            throw new IllegalArgumentException(what + " has no token features; with ZEROED missing tokens, attach the "
                    + "features of the complete text (TokenFeatures.attachFeatures) before applying the keep masks");
        }
    }
}
