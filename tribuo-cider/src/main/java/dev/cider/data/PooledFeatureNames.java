package dev.cider.data;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The names of the pooled Tribuo features of {@link MultimodalExample}s ({@code audio.mean.3}, {@code text.tok.2204},
 * ...), one shared {@link String} per name for all examples: a MOSEI example with 768-d token features has 1,759
 * pooled features, and giving each example its own name strings cost more heap than its audio and vision frames.
 */
final class PooledFeatureNames {

    private static final ConcurrentMap<String, String[]> INDEXED = new ConcurrentHashMap<>();
    private static final ConcurrentMap<Integer, String> TOKENS = new ConcurrentHashMap<>();

    private PooledFeatureNames() {
    }

    /**
     * The shared name {@code prefix + index}, e.g. {@code indexed("audio.mean.", 3)} is {@code audio.mean.3}.
     * @param prefix The prefix, one of a few constants.
     * @param index The index, non-negative.
     * @return The name.
     */
    static String indexed(String prefix, int index) {
        String[] names = INDEXED.get(prefix);
        if (names == null || index >= names.length) {
            names = INDEXED.compute(prefix, (p, old) -> grow(p, old, index));
        }
        return names[index];
    }

    // A table of at least index + 1 names (the old table's strings are kept, so a name stays one instance).
    private static String[] grow(String prefix, String[] old, int index) {
        int have = old == null ? 0 : old.length;
        if (index < have) {
            return old;
        }
        String[] names = new String[Math.max(index + 1, 2 * have)];
        if (old != null) {
            System.arraycopy(old, 0, names, 0, have);
        }
        for (int i = have; i < names.length; i++) {
            names[i] = prefix + i;
        }
        return names;
    }

    /**
     * The shared name {@code text.tok.ID} of a token id's relative frequency.
     * @param tokenId The token id.
     * @return The name.
     */
    static String token(int tokenId) {
        return TOKENS.computeIfAbsent(tokenId, id -> "text.tok." + id);
    }
}
