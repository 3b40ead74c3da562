package dev.cider.model;

import dev.cider.data.DataSplit;
import dev.cider.data.MultimodalExample;
import dev.cider.data.MultimodalSplits;
import dev.cider.data.SentimentTask;
import dev.cider.data.source.SyntheticPreset;
import dev.cider.data.source.SyntheticSource;
import dev.cider.train.CiderArchitecture;
import dev.cider.train.CiderTrainer;
import org.junit.jupiter.api.Test;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Predicting utterances as one batch and one at a time is not bit-identical (the batch is padded to its longest
 * utterance and the kernels round differently), but the class probabilities differ by less than
 * {@link CiderModel#BATCH_PROBABILITY_TOLERANCE} and the labels agree. Unaligned data, whose utterances have different
 * lengths, is the case where each single prediction trims its padding differently from the batch.
 */
class BatchPredictionAgreementTest {

    @Test
    void batchAndSinglePredictionsAgreeWithinTheDocumentedBound() {
        MultimodalSplits splits = MultimodalSplits.load(SyntheticSource.builder(SyntheticPreset.MOSI_UNALIGNED).task(SentimentTask.BINARY)
                .seed(7).sizes(64, 16, 40).build());
        CiderTrainer trainer = CiderTrainer.builder(SentimentTask.BINARY, 3).schedule(2, 16, 5).showProgress(false)
                .architecture(CiderArchitecture.builder().size(16, 1, 2).build()).build();
        try (CiderModel model = trainer.train(splits)) {
            List<MultimodalExample> test = splits.examples(DataSplit.TEST);
            for (boolean debias : new boolean[] {false, true}) {
                List<Prediction<Label>> batch = model.predict(test, debias);
                double max = 0;
                List<String> differing = new ArrayList<>();
                for (int i = 0; i < test.size(); i++) {
                    Prediction<Label> one = model.predict(List.of(test.get(i)), debias).get(0);
                    Map<String, Label> a = batch.get(i).getOutputScores();
                    Map<String, Label> b = one.getOutputScores();
                    assertEquals(a.keySet(), b.keySet());
                    for (String c : a.keySet()) {
                        max = Math.max(max, Math.abs(a.get(c).getScore() - b.get(c).getScore()));
                    }
                    if (!batch.get(i).getOutput().getLabel().equals(one.getOutput().getLabel())) {
                        differing.add(test.get(i).getId());
                    }
                }
                assertTrue(max < CiderModel.BATCH_PROBABILITY_TOLERANCE, "debias " + debias + ": max |probability difference| " + max);
                assertTrue(differing.isEmpty(), "debias " + debias + ": labels differ for " + differing);
            }
        }
    }
}
