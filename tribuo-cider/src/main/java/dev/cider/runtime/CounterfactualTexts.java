package dev.cider.runtime;

import dev.cider.data.MultimodalExample;
import dev.cider.data.SpecialTokens;
import dev.cider.data.TextInput;
import dev.cider.maci.BiasWords;

import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * MACI's counterfactual text of an utterance as the network reads it: the bias words kept and every other droppable
 * token [MASK]. With token ids that is the whole story; in token-feature mode the masked text needs features, which
 * the text encoder gives when there is one (the counterfactual of the complete text, encoded once per utterance
 * through a {@link CounterfactualFeatureCache}, with the rows of the tokens missing in this input zeroed as the input's
 * own features are), and otherwise the masked positions' features are zeroed (the representation of a missing token).
 * <p>
 * The DJL inference and the ONNX export's input rows build their counterfactual texts here, so that both see the same
 * features.
 */
public final class CounterfactualTexts {

    private final BiasWords biasWords;
    private final TextRepresentation text;
    private final UnaryOperator<TextInput> encoder;
    private final CounterfactualFeatureCache cache;

    /**
     * Creates the builder of counterfactual texts.
     * @param biasWords The bias words kept in the counterfactual text.
     * @param text How the network reads the text.
     * @param encoder Attaches token features to a text in token-feature mode, or null to zero the masked positions.
     * @param cache Keeps the encoded counterfactual texts of the utterances in play.
     */
    public CounterfactualTexts(BiasWords biasWords, TextRepresentation text, UnaryOperator<TextInput> encoder,
                               CounterfactualFeatureCache cache) {
        this.biasWords = Objects.requireNonNull(biasWords, "biasWords");
        this.text = Objects.requireNonNull(text, "text");
        this.encoder = encoder;
        this.cache = Objects.requireNonNull(cache, "cache");
    }

    /** @return The bias words. */
    public BiasWords biasWords() {
        return biasWords;
    }

    /** @return Whether masked positions are encoded by a text encoder (rather than zeroed) in token-feature mode. */
    public boolean encodes() {
        return encoder != null;
    }

    /** @return The cache of encoded counterfactual texts. */
    public CounterfactualFeatureCache cache() {
        return cache;
    }

    /**
     * The counterfactual text of an utterance, with the same number of steps and valid length as its text.
     * @param ex The utterance (complete or incomplete).
     * @return Its counterfactual text.
     */
    public TextInput of(MultimodalExample ex) {
        SpecialTokens special = ex.getSpecialTokens();
        TextInput masked = biasWords.counterfactual(ex.getText(), special);
        if (text.usesTokenIds()) {
            return masked;
        }
        if (encoder != null) {
            return encoded(ex, masked, special);
        }
        boolean[] keep = new boolean[masked.steps()];
        for (int t = 0; t < keep.length; t++) {
            keep[t] = masked.tokenId(t) != special.mask();
        }
        return ex.getText().withDroppedTokens(keep, special);
    }

    /*
     * Token-feature mode with an encoder: the counterfactual of the complete text is encoded once per utterance (through
     * the cache), and the rows of the tokens missing in this input are zeroed, as the input's own token features are
     * the complete text's features with the missing rows zeroed (MissingTokenEncoding.ZEROED). A complete input gets
     * the encoding itself.
     */
    private TextInput encoded(MultimodalExample ex, TextInput masked, SpecialTokens special) {
        TextInput current = ex.getText();
        TextInput complete = ex.getCompleteText();
        if (complete == current || complete.steps() != current.steps() || complete.length() != current.length()) {
            return cache.encode(ex.getId(), masked, encoder);
        }
        TextInput encodedText = cache.encode(ex.getId(), biasWords.counterfactual(complete, special), encoder);
        boolean[] keep = new boolean[current.steps()];
        boolean dropped = false;
        for (int t = 0; t < keep.length; t++) {
            keep[t] = !(current.isDroppable(t, special) && current.tokenId(t) == special.unk() && complete.tokenId(t) != special.unk());
            dropped |= !keep[t];
        }
        return dropped ? encodedText.withDroppedTokens(keep, special) : encodedText;
    }
}
