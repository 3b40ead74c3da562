package dev.cider.runtime;

import dev.cider.nn.bert.BertEncoderBlock;
import dev.cider.nn.bert.BertWeights;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The shape of a fine-tuned BERT text front end ({@link TextRepresentation#FINE_TUNED_BERT}): enough to rebuild the
 * {@link BertEncoderBlock} whose weights are then part of the network's parameters.
 *
 * @param vocabularySize     The number of token ids.
 * @param hiddenSize         H, the token feature size the backbone sees.
 * @param layers             The number of encoder layers.
 * @param heads              The number of attention heads.
 * @param intermediateSize   The feed-forward size.
 * @param maxPositions       The number of position embeddings.
 * @param typeVocabularySize The number of token types.
 * @param dropout            The dropout rate of training passes.
 */
public record BertFrontEnd(int vocabularySize, int hiddenSize, int layers, int heads, int intermediateSize,
                           int maxPositions, int typeVocabularySize, float dropout) {

    private static final String PREFIX = "bert.";

    /**
     * The front end of pretrained weights.
     * @param weights The weights (their dimensions).
     * @param heads The number of attention heads (not recorded in the weights).
     * @param dropout The dropout rate of training passes.
     * @return The front end.
     */
    public static BertFrontEnd of(BertWeights weights, int heads, float dropout) {
        BertEncoderBlock probe = weights.blockBuilder().heads(heads).optDropout(dropout).build();
        return new BertFrontEnd(probe.vocabularySize(), probe.hiddenSize(), probe.layers(), heads, probe.intermediateSize(),
                probe.maxPositions(), probe.typeVocabularySize(), dropout);
    }

    /**
     * A new, uninitialised block of this shape.
     * @return The block.
     */
    public BertEncoderBlock build() {
        return BertEncoderBlock.builder().vocabularySize(vocabularySize).hiddenSize(hiddenSize).layers(layers).heads(heads)
                .intermediateSize(intermediateSize).maxPositions(maxPositions).typeVocabularySize(typeVocabularySize)
                .optDropout(dropout).build();
    }

    /**
     * The shape as settings entries.
     * @return The entries (keys start with {@code bert.}).
     */
    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(PREFIX + "vocabularySize", Integer.toString(vocabularySize));
        m.put(PREFIX + "hiddenSize", Integer.toString(hiddenSize));
        m.put(PREFIX + "layers", Integer.toString(layers));
        m.put(PREFIX + "heads", Integer.toString(heads));
        m.put(PREFIX + "intermediateSize", Integer.toString(intermediateSize));
        m.put(PREFIX + "maxPositions", Integer.toString(maxPositions));
        m.put(PREFIX + "typeVocabularySize", Integer.toString(typeVocabularySize));
        m.put(PREFIX + "dropout", Float.toString(dropout));
        return m;
    }

    /**
     * Reads the entries written by {@link #toMap()}.
     * @param m The settings.
     * @return The front end.
     * @throws IllegalArgumentException naming a missing or malformed entry.
     */
    public static BertFrontEnd fromMap(Map<String, String> m) {
        return new BertFrontEnd(integer(m, "vocabularySize"), integer(m, "hiddenSize"), integer(m, "layers"), integer(m, "heads"),
                integer(m, "intermediateSize"), integer(m, "maxPositions"), integer(m, "typeVocabularySize"),
                Float.parseFloat(value(m, "dropout")));
    }

    private static String value(Map<String, String> m, String key) {
        String v = m.get(PREFIX + key);
        if (v == null) {
            throw new IllegalArgumentException("Network settings of a FINE_TUNED_BERT model lack '" + PREFIX + key + "'");
        }
        return v;
    }

    private static int integer(Map<String, String> m, String key) {
        try {
            return Integer.parseInt(value(m, key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Network setting '" + PREFIX + key + "' is not an integer: " + m.get(PREFIX + key), e);
        }
    }
}
