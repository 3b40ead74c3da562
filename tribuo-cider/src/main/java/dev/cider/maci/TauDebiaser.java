package dev.cider.maci;

import java.util.Arrays;
import java.util.function.ToDoubleBiFunction;

/**
 * MACI's language-bias removal at test time: {@code y_final = log P(y | x) - tau * log P(y | x_cf)}, with
 * {@code tau} chosen on the validation split.
 * <p>
 * The public implementation picks tau on the test set for every metric and missing rate (an oracle); here
 * {@link #select} picks it on validation predictions only, maximising a supplied metric over a grid
 * (by default {0.0, 0.1, ..., 3.0}); ties go to the smaller tau, so tau = 0 (no debiasing) is chosen when
 * debiasing does not help.
 */
public final class TauDebiaser {

    /** The number of points of the default grid. */
    public static final int DEFAULT_GRID_POINTS = 31;

    /**
     * A validation metric of debiased scores; larger is better.
     */
    @FunctionalInterface
    public interface Metric {
        /**
         * Scores debiased predictions.
         * @param scores The debiased scores, {@code N x K}.
         * @param truth The true class indices, {@code N}.
         * @return The metric value (larger is better; NaN never wins).
         */
        double score(double[][] scores, int[] truth);

        /**
         * A metric of the argmax predictions (ties to the smaller class index).
         * @param onPredictions Computes the metric from (predicted classes, true classes).
         * @return The metric.
         */
        static Metric ofPredictions(ToDoubleBiFunction<int[], int[]> onPredictions) {
            return (scores, truth) -> onPredictions.applyAsDouble(argmax(scores), truth);
        }
    }

    /**
     * The outcome of a tau search.
     *
     * @param tau    The chosen tau.
     * @param score  The metric at the chosen tau.
     * @param grid   The taus tried, ascending.
     * @param scores The metric at each tau of the grid.
     */
    public record Selection(double tau, double score, double[] grid, double[] scores) {
        /** Copies the arrays. */
        public Selection {
            grid = grid.clone();
            scores = scores.clone();
        }

        /** @return A copy of the taus tried. */
        @Override
        public double[] grid() {
            return grid.clone();
        }

        /** @return A copy of the metric at each tau. */
        @Override
        public double[] scores() {
            return scores.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Selection s && Double.compare(tau, s.tau) == 0 && Double.compare(score, s.score) == 0
                    && Arrays.equals(grid, s.grid) && Arrays.equals(scores, s.scores);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * Double.hashCode(tau) + Arrays.hashCode(grid)) + Arrays.hashCode(scores);
        }

        @Override
        public String toString() {
            return "Selection(tau=" + tau + ", score=" + score + ", grid=" + Arrays.toString(grid) + ", scores=" + Arrays.toString(scores) + ")";
        }
    }

    private final double[] grid;

    /** A debiaser over the default grid {0.0, 0.1, ..., 3.0}. */
    public TauDebiaser() {
        this(defaultGrid());
    }

    /**
     * A debiaser over a custom grid.
     * @param grid Finite, non-negative, strictly increasing taus (at least one).
     */
    public TauDebiaser(double[] grid) {
        if (grid.length == 0) {
            throw new IllegalArgumentException("The tau grid is empty");
        }
        for (int i = 0; i < grid.length; i++) {
            if (!Double.isFinite(grid[i]) || grid[i] < 0) {
                throw new IllegalArgumentException("Tau " + grid[i] + " at grid index " + i + " is not a finite non-negative value");
            }
            if (i > 0 && grid[i] <= grid[i - 1]) {
                throw new IllegalArgumentException("The tau grid must be strictly increasing, found " + grid[i - 1] + " then " + grid[i]);
            }
        }
        this.grid = grid.clone();
    }

    /**
     * The default grid {0.0, 0.1, ..., 3.0}, each value the double nearest to {@code i / 10}.
     * @return A new array of 31 taus.
     */
    public static double[] defaultGrid() {
        double[] g = new double[DEFAULT_GRID_POINTS];
        for (int i = 0; i < g.length; i++) {
            g[i] = i / 10.0;
        }
        return g;
    }

    /** @return A copy of this debiaser's grid. */
    public double[] grid() {
        return grid.clone();
    }

    /**
     * The debiased scores {@code logP - tau * logPcf}.
     * @param logP The factual log-probabilities, {@code N x K}.
     * @param logPcf The counterfactual log-probabilities, {@code N x K}.
     * @param tau The tau.
     * @return New {@code N x K} scores.
     */
    public static double[][] debias(double[][] logP, double[][] logPcf, double tau) {
        checkShapes(logP, logPcf);
        double[][] out = new double[logP.length][];
        for (int n = 0; n < logP.length; n++) {
            out[n] = new double[logP[n].length];
            for (int k = 0; k < logP[n].length; k++) {
                out[n][k] = logP[n][k] - tau * logPcf[n][k];
            }
        }
        return out;
    }

    /**
     * The argmax class of each row, ties to the smaller index.
     * @param scores {@code N x K} scores.
     * @return {@code N} class indices.
     */
    public static int[] argmax(double[][] scores) {
        int[] out = new int[scores.length];
        for (int n = 0; n < scores.length; n++) {
            int best = 0;
            for (int k = 1; k < scores[n].length; k++) {
                if (scores[n][k] > scores[n][best]) {
                    best = k;
                }
            }
            out[n] = best;
        }
        return out;
    }

    /**
     * Chooses tau on validation predictions: the grid value maximising the metric of the debiased scores,
     * ties to the smaller tau.
     * @param logP The factual log-probabilities, {@code N x K}.
     * @param logPcf The counterfactual log-probabilities, {@code N x K}.
     * @param truth The true class indices, {@code N}.
     * @param metric The metric to maximise.
     * @return The chosen tau and the metric at every tau.
     * @throws IllegalArgumentException if the shapes disagree, a class index is out of range, or the metric
     * is NaN at every tau.
     */
    public Selection select(double[][] logP, double[][] logPcf, int[] truth, Metric metric) {
        checkShapes(logP, logPcf);
        if (truth.length != logP.length) {
            throw new IllegalArgumentException(truth.length + " true labels for " + logP.length + " predictions");
        }
        int k = logP.length == 0 ? 0 : logP[0].length;
        for (int n = 0; n < truth.length; n++) {
            if (truth[n] < 0 || truth[n] >= k) {
                throw new IllegalArgumentException("True class " + truth[n] + " of prediction " + n + " is outside [0, " + k + ")");
            }
        }
        double[] scores = new double[grid.length];
        int best = -1;
        for (int i = 0; i < grid.length; i++) {
            scores[i] = metric.score(debias(logP, logPcf, grid[i]), truth.clone());
            if (!Double.isNaN(scores[i]) && (best < 0 || scores[i] > scores[best])) {
                best = i;
            }
        }
        if (best < 0) {
            throw new IllegalArgumentException("The metric is NaN at every tau of the grid");
        }
        return new Selection(grid[best], scores[best], grid, scores);
    }

    private static void checkShapes(double[][] logP, double[][] logPcf) {
        if (logP.length != logPcf.length) {
            throw new IllegalArgumentException(logP.length + " factual predictions but " + logPcf.length + " counterfactual ones");
        }
        for (int n = 0; n < logP.length; n++) {
            if (logP[n].length != logP[0].length || logPcf[n].length != logP[0].length) {
                throw new IllegalArgumentException("Prediction " + n + " has " + logP[n].length + " factual and " + logPcf[n].length
                        + " counterfactual scores, expected " + logP[0].length + " of each");
            }
        }
    }
}
