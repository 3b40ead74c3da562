package dev.cider.repro;

import dev.cider.data.MultimodalExample;
import dev.cider.model.CiderModel;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;

import java.util.List;
import java.util.Map;

/**
 * How closely two models' predictions agree on a split: the number of utterances given the same label and the
 * largest absolute difference of a class probability. With {@link #between} each model predicts as it does by
 * default (with or without counterfactual debiasing, with its own tau); {@link #of} compares predictions made otherwise
 * (e.g. both with debiasing, as {@code cider diff-models} does).
 *
 * @param split The split predicted (e.g. {@code test}).
 * @param utterances The number of utterances.
 * @param sameLabel How many got the same predicted label from both models.
 * @param maxProbabilityDifference The largest absolute difference of a class probability over every utterance and class.
 */
public record PredictionAgreement(String split, int utterances, int sameLabel, double maxProbabilityDifference) {

    /**
     * Predicts examples with both models, each as it does by default, and compares.
     * @param original The saved (or first) model.
     * @param reproduced Its reproduction (or the second model).
     * @param examples The utterances.
     * @param split The name of their split.
     * @return The agreement.
     */
    public static PredictionAgreement between(CiderModel original, CiderModel reproduced, List<MultimodalExample> examples, String split) {
        return of(split, original.predict(examples, original.isDebiasing()), reproduced.predict(examples, reproduced.isDebiasing()));
    }

    /**
     * Compares two models' predictions of the same utterances.
     * @param split The name of the utterances' split.
     * @param original The first model's predictions.
     * @param reproduced The second model's predictions, in the same order.
     * @return The agreement.
     * @throws IllegalArgumentException if the lists have different lengths.
     */
    public static PredictionAgreement of(String split, List<Prediction<Label>> original, List<Prediction<Label>> reproduced) {
        if (original.size() != reproduced.size()) {
            throw new IllegalArgumentException("Cannot compare " + original.size() + " predictions with " + reproduced.size());
        }
        int same = 0;
        double max = 0;
        for (int i = 0; i < original.size(); i++) {
            if (original.get(i).getOutput().getLabel().equals(reproduced.get(i).getOutput().getLabel())) {
                same++;
            }
            Map<String, Label> sa = original.get(i).getOutputScores();
            Map<String, Label> sb = reproduced.get(i).getOutputScores();
            for (Map.Entry<String, Label> e : sa.entrySet()) {
                Label other = sb.get(e.getKey());
                double d = other == null ? 1.0 : Math.abs(e.getValue().getScore() - other.getScore());
                if (Double.isNaN(d) || d > max) {
                    max = d;
                }
            }
        }
        return new PredictionAgreement(split, original.size(), same, max);
    }

    /**
     * The fraction of utterances with the same predicted label.
     * @return sameLabel / utterances, or 1 when there are no utterances.
     */
    public double agreement() {
        return utterances == 0 ? 1.0 : (double) sameLabel / utterances;
    }

    /**
     * Whether both models predict every utterance identically.
     * @return True when every label agrees and no probability differs.
     */
    public boolean identical() {
        return sameLabel == utterances && maxProbabilityDifference == 0.0;
    }
}
