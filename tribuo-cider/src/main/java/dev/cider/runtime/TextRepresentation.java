package dev.cider.runtime;

import dev.cider.data.DataLayout;

/**
 * How the network receives the text, and so how a missing token is represented (cider-spec section 2).
 */
public enum TextRepresentation {
    /**
     * The network embeds token ids itself (a trainable embedding or a fine-tunable encoder); a missing token is
     * the [UNK] token.
     */
    TOKEN_IDS,
    /**
     * The network consumes precomputed token features (for example from a frozen MiniLM encoder); a missing token
     * is a zero feature vector.
     */
    TOKEN_FEATURES,
    /**
     * The network's text front end is a pretrained BERT encoder (MiniLM-L6 by default, loaded from its float ONNX
     * weights) fine-tuned with the rest of the network, with its own learning rate and weight decay; the text arrives
     * as token ids and a missing token is the [UNK] token.
     */
    FINE_TUNED_BERT;

    /**
     * Whether the network receives token ids (and embeds or encodes them itself).
     * @return True for {@link #TOKEN_IDS} and {@link #FINE_TUNED_BERT}.
     */
    public boolean usesTokenIds() {
        return this != TOKEN_FEATURES;
    }

    /**
     * Throws unless data of a layout can be fed to the network in this mode: {@link #TOKEN_FEATURES} needs token
     * features, {@link #TOKEN_IDS} needs data without them (its class prototypes are bags of token ids, which token
     * features would replace). {@link #FINE_TUNED_BERT} takes either.
     * @param layout The layout of the training data.
     * @param setting Where this mode was set, for the message (e.g. {@code textRepresentation}).
     * @throws IllegalArgumentException saying which mode is set, what the data holds and how to make them agree.
     */
    public void checkFits(DataLayout layout, String setting) {
        if (this == TOKEN_FEATURES && layout.textFeatureDim() == 0) {
            throw new IllegalArgumentException(setting + " is TOKEN_FEATURES (precomputed token features) but the data carries token"
                    + " ids only (" + layout.describe() + "): attach token features with a text encoder (EncodedTextSource,"
                    + " --text-encoder) or set " + setting + " to TOKEN_IDS");
        }
        if (this == TOKEN_IDS && layout.textFeatureDim() > 0) {
            throw new IllegalArgumentException(setting + " is TOKEN_IDS (a trainable token embedding) but the data carries "
                    + layout.textFeatureDim() + "-d token features (" + layout.describe() + "): leave " + setting
                    + " unset or set it to TOKEN_FEATURES to use them, or read the data without a text encoder");
        }
    }
}
