package dev.cider.text;

import com.oracle.labs.mlrg.olcut.config.Configurable;
import dev.cider.data.FeatureSequence;
import dev.cider.data.TextInput;

import java.util.List;

/**
 * A frozen text encoder: maps WordPiece token ids to contextual token features.
 * <p>
 * For every text of {@code T_l} padded positions with valid length {@code n}, the result is a
 * {@link FeatureSequence} of {@code T_l x dim()} with valid length {@code n}: rows {@code 0..n-1} are the
 * encoder's features of the valid prefix (encoded on its own, as if the padding did not exist), rows
 * {@code n..T_l-1} are zero. Token features already attached to an input are ignored.
 * <p>
 * The counterfactual text of the causal module ({@link TextInput#withMaskedTokensExcept}) is encoded with the same
 * encoder through {@link #encode(TextInput)}; see also {@link MissingTokenEncoding#counterfactuals}.
 * <p>
 * Encoders are OLCUT {@link Configurable}s, so a trainer or data source can name one in a configuration and a
 * saved model can rebuild its encoder from the recorded configuration.
 * <p>
 * Implementations are thread-safe; {@link #close()} releases native resources, after which {@code encode}
 * throws {@link IllegalStateException}.
 */
public interface TextEncoder extends AutoCloseable, Configurable {

    /**
     * Encodes a batch of texts.
     * @param texts The texts (token ids and valid lengths).
     * @return One feature sequence per text, in the same order, each with the text's number of steps and valid
     * length and {@link #dim()} features per step.
     * @throws IllegalArgumentException if a token id is invalid (the message names the text and position).
     * @throws IllegalStateException if the encoder is closed or the underlying model fails.
     */
    List<FeatureSequence> encode(List<TextInput> texts);

    /**
     * Encodes one text (for instance a counterfactual text).
     * @param text The text.
     * @return Its token features.
     */
    default FeatureSequence encode(TextInput text) {
        return encode(List.of(text)).get(0);
    }

    /**
     * The feature dimension {@code d_l} (384 for MiniLM-L6, 768 for bert-base).
     * @return The dimension.
     */
    int dim();

    /**
     * The SHA-256 of the model bytes, as 64 lower-case hexadecimal digits; identifies the features in caches
     * and provenance.
     * @return The hash.
     */
    String modelHash();

    /**
     * Releases the model. Idempotent.
     */
    @Override
    void close();
}
