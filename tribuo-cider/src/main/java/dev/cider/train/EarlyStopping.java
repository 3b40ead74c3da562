package dev.cider.train;

/**
 * Early stopping on a validation metric where higher is better: remembers the best epoch and stops after
 * {@code patience} epochs without a strict improvement.
 */
public final class EarlyStopping {

    private final int patience;
    private double best = Double.NEGATIVE_INFINITY;
    private int bestEpoch = -1;
    private int epochsWithoutImprovement = 0;

    /**
     * Creates a rule.
     * @param patience Epochs without improvement tolerated before stopping (at least 1).
     */
    public EarlyStopping(int patience) {
        if (patience < 1) {
            throw new IllegalArgumentException("patience must be at least 1, found " + patience);
        }
        this.patience = patience;
    }

    /**
     * Restores a state saved in a checkpoint.
     * @param patience The patience.
     * @param best The best value so far.
     * @param bestEpoch The epoch of the best value (-1 if none).
     * @param epochsWithoutImprovement The count since the best.
     * @return The restored rule.
     */
    public static EarlyStopping restore(int patience, double best, int bestEpoch, int epochsWithoutImprovement) {
        EarlyStopping e = new EarlyStopping(patience);
        e.best = best;
        e.bestEpoch = bestEpoch;
        e.epochsWithoutImprovement = epochsWithoutImprovement;
        return e;
    }

    /**
     * Records an epoch's validation value.
     * @param epoch The epoch.
     * @param value The metric value (NaN counts as no improvement).
     * @return True if this epoch is the new best.
     */
    public boolean record(int epoch, double value) {
        if (value > best) {
            best = value;
            bestEpoch = epoch;
            epochsWithoutImprovement = 0;
            return true;
        }
        epochsWithoutImprovement++;
        return false;
    }

    /** @return True once patience is exhausted. */
    public boolean shouldStop() {
        return epochsWithoutImprovement >= patience;
    }

    /** @return The best value so far. */
    public double best() {
        return best;
    }

    /** @return The epoch of the best value, or -1. */
    public int bestEpoch() {
        return bestEpoch;
    }

    /** @return Epochs since the best. */
    public int epochsWithoutImprovement() {
        return epochsWithoutImprovement;
    }

    /** @return The patience. */
    public int patience() {
        return patience;
    }
}
