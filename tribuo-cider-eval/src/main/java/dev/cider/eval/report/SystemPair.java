package dev.cider.eval.report;

import java.util.Objects;

/**
 * Two systems of a comparison whose difference the report tests: {@code first} minus {@code second}.
 *
 * @param first  The first system's name (usually CIDer).
 * @param second The second system's name (a baseline or an ablation).
 */
public record SystemPair(String first, String second) {

    /** The separator of the two names in a pair's written form: "A vs B". */
    public static final String SEPARATOR = " vs ";

    /**
     * Creates a pair.
     * @param first The first system.
     * @param second The second system.
     */
    public SystemPair {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(second, "second");
    }

    /** @return "first vs second". */
    @Override
    public String toString() {
        return first + SEPARATOR + second;
    }
}
