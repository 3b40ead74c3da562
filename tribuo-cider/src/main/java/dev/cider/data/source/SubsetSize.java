package dev.cider.data.source;

import java.util.Locale;

/**
 * How much of a split a subset keeps: a number of utterances ({@code "500"}) or a fraction of the split
 * ({@code "0.1"}, strictly between 0 and 1).
 *
 * @param count    The number of utterances, or 0 for a fraction.
 * @param fraction The fraction in (0, 1), or 0 for a count.
 */
public record SubsetSize(int count, double fraction) {

    /** The setting that keeps a whole split. */
    public static final String ALL = "all";

    /**
     * Validates the size.
     * @param count    The number of utterances, or 0 for a fraction.
     * @param fraction The fraction in (0, 1), or 0 for a count.
     */
    public SubsetSize {
        if ((count > 0) == (fraction > 0) || count < 0 || !(fraction >= 0 && fraction < 1)) {
            throw new IllegalArgumentException("a subset is a positive count or a fraction in (0, 1), found count " + count
                    + ", fraction " + fraction);
        }
    }

    /**
     * Whether a setting keeps the whole split: null, blank or {@value #ALL}.
     * @param value The setting.
     * @return True for the whole split.
     */
    public static boolean isAll(String value) {
        return value == null || value.isBlank() || value.strip().equalsIgnoreCase(ALL);
    }

    /**
     * Parses a subset size.
     * @param value A positive integer (a count) or a decimal number strictly between 0 and 1 (a fraction).
     * @return The size.
     * @throws IllegalArgumentException naming the value if it is neither.
     */
    public static SubsetSize parse(String value) {
        String v = value.strip();
        try {
            if (v.matches("[0-9]+")) {
                int n = Integer.parseInt(v);
                if (n > 0) {
                    return new SubsetSize(n, 0.0);
                }
            } else {
                double f = Double.parseDouble(v);
                if (f > 0 && f < 1) {
                    return new SubsetSize(0, f);
                }
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("a subset size must be a positive number of utterances (e.g. 500) or a fraction"
                + " strictly between 0 and 1 (e.g. 0.1), found '" + value + "'");
    }

    /**
     * The number of utterances kept of a split: the count (at most the split's size), or the fraction of the split
     * rounded to the nearest integer, at least 1.
     * @param splitSize The number of utterances of the split.
     * @return The subset's size.
     */
    public int of(int splitSize) {
        if (count > 0) {
            return Math.min(count, splitSize);
        }
        return Math.min(splitSize, Math.max(1, (int) Math.round(fraction * splitSize)));
    }

    @Override
    public String toString() {
        return count > 0 ? Integer.toString(count) : String.format(Locale.ROOT, "%s", fraction);
    }
}
