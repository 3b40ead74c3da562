package dev.cider.repro;

import dev.cider.data.MultimodalExample;
import dev.cider.model.CiderModel;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;

import java.util.List;
import java.util.Map;

/**
 * How closely two models' predictions agree on a split: the number of utterances given the same label and the
 * largest absolute difference of a class probability. Each model predicts as it does by default (with or without
 * counterfactual debiasing, with its own tau).
 *
 * @param split The split predicted (e.g. {@code test}).
 * @param utterances The number of utterances.
 * @param sameLabel How many got the same predicted label from both models.
 * @param maxProbabilityDifference The largest absolute difference of a class probability over every utterance and class.
 */
public record PredictionAgreement(String split, int utterances, int sameLabel, double maxProbabilityDifference) {

    /**
     * Predicts examples with both models and compares.
     * @param original The saved model.
     * @param reproduced Its reproduction.
     * @param examples The utterances.
     * @param split The name of their split.
     * @return The agreement.
     */
    public static PredictionAgreement between(CiderModel original, CiderModel reproduced, List<MultimodalExample> examples, String split) {
        List<Prediction<Label>> a = original.predict(examples, original.isDebiasing());
        List<Prediction<Label>> b = reproduced.predict(examples, reproduced.isDebiasing());
        int same = 0;
        double max = 0;
        for (int i = 0; i < examples.size(); i++) {
            if (a.get(i).getOutput().getLabel().equals(b.get(i).getOutput().getLabel())) {
                same++;
            }
            Map<String, Label> sa = a.get(i).getOutputScores();
            Map<String, Label> sb = b.get(i).getOutputScores();
            for (Map.Entry<String, Label> e : sa.entrySet()) {
                Label other = sb.get(e.getKey());
                double d = other == null ? 1.0 : Math.abs(e.getValue().getScore() - other.getScore());
                if (Double.isNaN(d) || d > max) {
                    max = d;
                }
            }
        }
        return new PredictionAgreement(split, examples.size(), same, max);
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
