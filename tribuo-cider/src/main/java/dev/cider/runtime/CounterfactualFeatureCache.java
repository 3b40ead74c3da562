package dev.cider.runtime;

import dev.cider.data.TextInput;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The encoded counterfactual texts of the utterances in play, so that a sweep encodes each utterance's counterfactual
 * text once rather than once per missing rate. In token-feature mode the counterfactual text of an incomplete utterance
 * is the counterfactual of its complete text, encoded once, with the feature rows of its missing tokens zeroed (see
 * {@link CiderInference}); the encoded counterfactual of the complete text is what does not change with the missing
 * mask, and what this cache holds.
 * <p>
 * One entry per utterance id, keyed by the id and the token ids of the complete counterfactual text (an id that comes
 * back with another text replaces its entry), so the cache never holds more entries than there are utterances in
 * play; {@link #clear()} empties it when a test split is done. Thread-safe. The cached texts are exactly the encoder's
 * output, so a hit gives what encoding again would give.
 */
public final class CounterfactualFeatureCache {

    private record Entry(int[] ids, int length, TextInput encoded) {
    }

    private final Map<String, Entry> entries = new HashMap<>();
    private long encoded;
    private long hits;

    /** Creates an empty cache. */
    public CounterfactualFeatureCache() {
    }

    /**
     * The encoded counterfactual text of an utterance, encoding it on a miss.
     * @param utteranceId The utterance id.
     * @param counterfactual The counterfactual of the utterance's complete text (token ids only).
     * @param encoder Attaches token features to a counterfactual text.
     * @return The counterfactual text with token features.
     */
    public TextInput encode(String utteranceId, TextInput counterfactual, UnaryOperator<TextInput> encoder) {
        int[] ids = counterfactual.tokenIds();
        synchronized (this) {
            Entry e = entries.get(utteranceId);
            if (e != null && e.length() == counterfactual.length() && Arrays.equals(e.ids(), ids)) {
                hits++;
                return e.encoded();
            }
        }
        TextInput text = encoder.apply(counterfactual);
        synchronized (this) {
            entries.put(utteranceId, new Entry(ids, counterfactual.length(), text));
            encoded++;
        }
        return text;
    }

    /** @return How many counterfactual texts were encoded since this cache was created. */
    public synchronized long encodedCount() {
        return encoded;
    }

    /** @return How many counterfactual texts were served from the cache since it was created. */
    public synchronized long hits() {
        return hits;
    }

    /** @return The number of utterances held. */
    public synchronized int size() {
        return entries.size();
    }

    /** Forgets every entry (the counts stay). */
    public synchronized void clear() {
        entries.clear();
    }
}
