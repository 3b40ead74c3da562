package dev.cider.data;

/**
 * The ids of the special WordPiece tokens of a BERT-family vocabulary.
 * <p>
 * {@link #BERT_UNCASED} holds the ids of bert-base-uncased (the MiniLM tokenizer uses the same vocabulary).
 *
 * @param pad   [PAD], used after the valid length.
 * @param unk   [UNK], which a missing token becomes when the model encodes token ids itself.
 * @param cls   [CLS], first token, never dropped.
 * @param sep   [SEP], last valid token, never dropped.
 * @param mask  [MASK], which replaces the non-bias tokens of a counterfactual text.
 */
public record SpecialTokens(int pad, int unk, int cls, int sep, int mask) implements java.io.Serializable {

    /** The special tokens of bert-base-uncased. */
    public static final SpecialTokens BERT_UNCASED = new SpecialTokens(0, 100, 101, 102, 103);

    /**
     * Whether a token id is one of the special tokens that are never dropped or counted (PAD, CLS, SEP).
     * @param id The token id.
     * @return True for [PAD], [CLS] and [SEP].
     */
    public boolean isStructural(int id) {
        return id == pad || id == cls || id == sep;
    }

    /**
     * Whether a token id is any of the five special tokens.
     * @param id The token id.
     * @return True for a special token.
     */
    public boolean isSpecial(int id) {
        return id == pad || id == unk || id == cls || id == sep || id == mask;
    }
}
