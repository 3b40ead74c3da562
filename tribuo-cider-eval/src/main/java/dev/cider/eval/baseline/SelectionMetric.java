package dev.cider.eval.baseline;

import org.tribuo.classification.evaluation.LabelEvaluation;

/**
 * What {@link ValidationSelectedTrainer} maximises on the validation split.
 */
public enum SelectionMetric {
    /** Accuracy. */
    ACCURACY,
    /** Balanced accuracy: the mean of the per-class recalls (one minus Tribuo's balanced error rate); robust to a rare class. */
    BALANCED_ACCURACY,
    /** The unweighted mean of the per-class F1 scores. */
    MACRO_F1;

    /**
     * The metric's value.
     * @param evaluation A Tribuo evaluation of the validation split.
     * @return The value (higher is better).
     */
    public double of(LabelEvaluation evaluation) {
        return switch (this) {
            case ACCURACY -> evaluation.accuracy();
            case BALANCED_ACCURACY -> 1.0 - evaluation.balancedErrorRate();
            case MACRO_F1 -> evaluation.macroAveragedF1();
        };
    }
}
