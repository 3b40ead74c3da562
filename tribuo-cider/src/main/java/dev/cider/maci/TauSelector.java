package dev.cider.maci;

import dev.cider.data.MultimodalExample;
import dev.cider.data.SentimentTask;
import dev.cider.metrics.ScoredPredictions;
import dev.cider.metrics.SentimentMetrics;

import java.util.List;

/**
 * Chooses MACI's debiasing strength tau on labelled validation utterances: the value of
 * {0.0, 0.1, ..., maxTau} whose debiased predictions score best on the task's headline metric (Acc2 for the
 * binary task, Acc7 for the seven-class task), ties to the smaller tau.
 * <p>
 * The trainer uses it on the validation split; a user (or a comparison) can use it again on a labelled sample of
 * the distribution the model is deployed on, e.g. the validation split of an out-of-distribution partition, and
 * apply the result with {@code CiderModel.withTau}. Never on a test split.
 */
public final class TauSelector {

    /** The largest tau of the paper's grid {0.0, 0.1, ..., 3.0}. */
    public static final double DEFAULT_MAX_TAU = 3.0;

    private final SentimentTask task;
    private final TauDebiaser debiaser;

    /**
     * A selector over {0.0, 0.1, ..., maxTau}.
     * @param task The task whose headline metric is maximised.
     * @param maxTau The largest tau tried, in [0, 10].
     * @throws IllegalArgumentException if maxTau is outside [0, 10] or not finite.
     */
    public TauSelector(SentimentTask task, double maxTau) {
        this.task = java.util.Objects.requireNonNull(task, "task");
        this.debiaser = new TauDebiaser(grid(maxTau));
    }

    /**
     * The grid {0.0, 0.1, ..., maxTau}, each value the double nearest to {@code i / 10}.
     * @param maxTau The largest tau, in [0, 10] (rounded to a multiple of 0.1).
     * @return A new array of {@code round(10 maxTau) + 1} taus.
     * @throws IllegalArgumentException if maxTau is outside [0, 10] or not finite.
     */
    public static double[] grid(double maxTau) {
        if (!(maxTau >= 0 && maxTau <= 10)) {
            throw new IllegalArgumentException("maxTau must be in [0, 10], found " + maxTau);
        }
        int points = (int) Math.round(maxTau * 10) + 1;
        double[] grid = new double[points];
        for (int i = 0; i < points; i++) {
            grid[i] = i / 10.0;
        }
        return grid;
    }

    /**
     * Chooses tau from factual and counterfactual log-probabilities of labelled utterances.
     * @param logP log P(y | x), one row of K per utterance.
     * @param logPcf log P(y | x_cf), one row of K per utterance.
     * @param labelled The utterances (their scores and labels are the truth), in the same order.
     * @return The chosen tau and the metric at every tau of the grid.
     * @throws IllegalArgumentException if there are no utterances, the sizes differ or a label is not a class of the task.
     */
    public TauDebiaser.Selection select(double[][] logP, double[][] logPcf, List<MultimodalExample> labelled) {
        if (labelled.isEmpty()) {
            throw new IllegalArgumentException("Choosing tau needs labelled utterances, found none");
        }
        if (logP.length != labelled.size()) {
            throw new IllegalArgumentException(logP.length + " predictions for " + labelled.size() + " utterances");
        }
        double[] trueScores = new double[labelled.size()];
        int[] truth = new int[labelled.size()];
        for (int i = 0; i < truth.length; i++) {
            MultimodalExample ex = labelled.get(i);
            trueScores[i] = ex.getScore();
            truth[i] = task.indexOf(ex.getOutput());
        }
        return debiaser.select(logP, logPcf, truth,
                (scores, t) -> SentimentMetrics.evaluate(new ScoredPredictions(task, scores, trueScores)).headline());
    }

    /** @return The task whose headline metric is maximised. */
    public SentimentTask task() {
        return task;
    }

    /** @return A copy of the taus tried. */
    public double[] grid() {
        return debiaser.grid();
    }
}
