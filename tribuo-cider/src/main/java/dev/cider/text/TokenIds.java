package dev.cider.text;

import dev.cider.data.TextInput;

import java.util.Arrays;

/**
 * The token ids of a text's valid prefix, as a map key (value equality on the ids).
 */
final class TokenIds {
    private final int[] ids;
    private final int hash;

    TokenIds(int[] ids) {
        this.ids = ids;
        this.hash = Arrays.hashCode(ids);
    }

    /**
     * The key of a text: the ids of its valid prefix.
     * @param text The text.
     * @return The key.
     */
    static TokenIds of(TextInput text) {
        int[] ids = new int[text.length()];
        for (int t = 0; t < ids.length; t++) {
            ids[t] = text.tokenId(t);
        }
        return new TokenIds(ids);
    }

    /** @return The ids (not copied; callers must not modify them). */
    int[] ids() {
        return ids;
    }

    /** @return The number of ids. */
    int length() {
        return ids.length;
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof TokenIds && Arrays.equals(ids, ((TokenIds) o).ids));
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
