package dev.cider.train;

/**
 * The loss terms of one two-stage step (or their means over an epoch).
 *
 * @param complete       NLL of the complete view.
 * @param incomplete     NLL of the incomplete view (0 without it).
 * @param reconstruction Reconstruction loss (unweighted).
 * @param attention      Attention KL (unweighted).
 * @param joint          Joint cosine loss (unweighted).
 */
public record StepLosses(double complete, double incomplete, double reconstruction, double attention, double joint) {

    /** No losses. */
    public static final StepLosses ZERO = new StepLosses(0, 0, 0, 0, 0);

    /**
     * The sum of two loss records (for accumulating an epoch).
     * @param o The other.
     * @return The sum.
     */
    public StepLosses plus(StepLosses o) {
        return new StepLosses(complete + o.complete, incomplete + o.incomplete, reconstruction + o.reconstruction,
                attention + o.attention, joint + o.joint);
    }

    /**
     * Divides every term.
     * @param n The divisor.
     * @return The quotient.
     */
    public StepLosses divide(double n) {
        return new StepLosses(complete / n, incomplete / n, reconstruction / n, attention / n, joint / n);
    }

    /**
     * Whether every term is finite.
     * @return True if no term is NaN or infinite.
     */
    public boolean isFinite() {
        return Double.isFinite(complete) && Double.isFinite(incomplete) && Double.isFinite(reconstruction)
                && Double.isFinite(attention) && Double.isFinite(joint);
    }
}
