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
    TOKEN_FEATURES
}
