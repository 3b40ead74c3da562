package dev.cider.eval.search;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One point of a search space: a name (e.g. "c07", or "base" for the hand-set configuration) and the values of the
 * searched trainer properties, as configuration text, in dimension order.
 *
 * @param name   The candidate's name (its system name in the rounds).
 * @param values Trainer property to value.
 */
public record Candidate(String name, Map<String, String> values) {

    /** The name of the candidate that stands for the base trainer's own, hand-set values. */
    public static final String BASE = "base";

    /**
     * Creates a candidate.
     * @param name The name.
     * @param values The values (copied, order kept).
     */
    public Candidate {
        Objects.requireNonNull(name, "name");
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** @return True for the hand-set base configuration. */
    public boolean isBase() {
        return BASE.equals(name);
    }

    /** @return The values as "property=value, ...". */
    public String describe() {
        StringBuilder b = new StringBuilder();
        values.forEach((k, v) -> b.append(b.length() == 0 ? "" : ", ").append(k).append('=').append(v));
        return b.toString();
    }
}
