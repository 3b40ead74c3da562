package dev.cider.eval.stats;

/**
 * The per-curve quantities whose bootstrap replicates a {@link CurveSummary} keeps, so that two systems can be
 * compared on them by a {@link PairedDifference} without recomputing.
 */
public enum Quantity {
    /** The area under the incomplete-input learning curve of a rate sweep (see {@link dev.cider.metrics.Auilc}). */
    AUILC("AUILC"),
    /** The metric on complete input: the point at missing rate 0.0. */
    COMPLETE_INPUT("complete input");

    private final String displayName;

    Quantity(String displayName) {
        this.displayName = displayName;
    }

    /** @return The name used in reports and messages. */
    public String displayName() {
        return displayName;
    }
}
