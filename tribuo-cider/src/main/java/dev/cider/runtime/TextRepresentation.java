package dev.cider.runtime;

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
}
