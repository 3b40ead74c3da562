package dev.cider.metrics;

import dev.cider.data.DataSplit;
import dev.cider.data.SentimentTask;
import dev.cider.data.source.SyntheticPreset;
import dev.cider.data.source.SyntheticSource;
import dev.cider.model.CiderModel;
import dev.cider.train.CiderArchitecture;
import dev.cider.train.CiderTrainer;
import com.oracle.labs.mlrg.olcut.util.Pair;
import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.evaluation.CrossValidation;
import org.tribuo.evaluation.DescriptiveStats;
import org.tribuo.evaluation.EvaluationAggregator;
import org.tribuo.evaluation.metrics.MetricID;
import org.tribuo.provenance.EvaluationProvenance;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SentimentEvaluatorTest {

    private static Set<MetricID<Label>> idsOf(SentimentTask task) {
        Set<MetricID<Label>> ids = new LinkedHashSet<>();
        for (SentimentEvaluationMetric m : SentimentEvaluationMetric.forTask(task)) {
            ids.add(m.getID());
        }
        return ids;
    }

    @Test
    void crossValidatesACiderTrainerWithTribuosTools() {
        SyntheticSource source = SyntheticSource.builder(SyntheticPreset.MOSI_ALIGNED).task(SentimentTask.BINARY).seed(5)
                .sizes(90, 10, 10).build();
        MutableDataset<Label> data = new MutableDataset<>(source);
        CiderTrainer trainer = CiderTrainer.builder(SentimentTask.BINARY, 7L).schedule(1, 32, 1)
                .architecture(CiderArchitecture.builder().size(8, 1, 2).build()).showProgress(false).build();
        CrossValidation<Label, SentimentEvaluation> cv = new CrossValidation<>(trainer, data, new SentimentEvaluator(), 3, 11L);

        List<Pair<SentimentEvaluation, Model<Label>>> folds = cv.evaluate();

        assertEquals(3, folds.size());
        Set<MetricID<Label>> expectedIds = idsOf(SentimentTask.BINARY);
        assertEquals(5, expectedIds.size());
        int evaluated = 0;
        for (Pair<SentimentEvaluation, Model<Label>> fold : folds) {
            SentimentEvaluation evaluation = fold.getA();
            try (CiderModel closing = (CiderModel) fold.getB()) {
                assertEquals(expectedIds, evaluation.asMap().keySet());
                // the values are CIDer's metrics of the fold's own predictions, recomputed here from the predictions
                SentimentMetrics recomputed = SentimentMetrics.evaluate(
                        TribuoPredictions.fromPredictions(evaluation.getPredictions(), SentimentTask.BINARY));
                for (SentimentMetric m : SentimentMetric.forTask(SentimentTask.BINARY)) {
                    assertEquals(recomputed.get(m), evaluation.get(SentimentEvaluationMetric.idOf(m)), 0.0, m.key());
                    assertEquals(recomputed.get(m), evaluation.get(m), 0.0, m.key());
                }
                EvaluationProvenance provenance = evaluation.getProvenance();
                assertEquals(fold.getB().getProvenance(), provenance.getModelProvenance());
                assertTrue(provenance.getTestDatasetProvenance() != null);
                evaluated += evaluation.getPredictions().size();
            }
        }
        assertEquals(data.size(), evaluated, "the three test folds cover the data set once");

        Map<MetricID<Label>, DescriptiveStats> summary = EvaluationAggregator.summarizeCrossValidation(folds);
        assertEquals(expectedIds, summary.keySet());
        for (MetricID<Label> id : expectedIds) {
            DescriptiveStats stats = summary.get(id);
            assertEquals(3, stats.getN());
            double mean = 0;
            for (Pair<SentimentEvaluation, Model<Label>> fold : folds) {
                mean += fold.getA().get(id) / 3.0;
            }
            assertEquals(mean, stats.getMean(), 1e-12, id.toString());
        }
    }

    @Test
    void sevenTaskEvaluationAddsTheFiveWayAccuracy() {
        // truth -2.7 (7-way -3, 5-way -2) predicted -2; 0.4 (0, 0) predicted 1; 1.0 predicted 1; 2.5 (2, 2) predicted 3
        double[] truth = {-2.7, 0.4, 1.0, 2.5};
        int[] predictedClass = {1, 4, 4, 6};
        double[][] scores = new double[truth.length][7];
        for (int i = 0; i < truth.length; i++) {
            scores[i][predictedClass[i]] = 1.0;
        }
        SentimentMetrics metrics = SentimentMetrics.evaluate(new ScoredPredictions(SentimentTask.SEVEN, scores, truth));
        SentimentEvaluation evaluation = SentimentEvaluation.of(metrics, List.of(), new EvaluationProvenance(null, null));

        assertEquals(idsOf(SentimentTask.SEVEN), evaluation.asMap().keySet());
        assertEquals(0.25, evaluation.get(SentimentEvaluationMetric.idOf(SentimentMetric.ACC7)), 1e-12);
        assertEquals(0.75, evaluation.get(SentimentEvaluationMetric.acc5Id()), 1e-12);
        assertTrue(evaluation.getPredictions().isEmpty());
    }

    @Test
    void binaryMetricIdsAreDistinctAndCarryTheKeys() {
        List<String> names = new ArrayList<>();
        for (MetricID<Label> id : idsOf(SentimentTask.BINARY)) {
            names.add(id.getB());
        }
        assertEquals(List.of("acc2", "f1", "acc2-has0", "f1-has0", "acc3"), names);
        assertFalse(idsOf(SentimentTask.BINARY).contains(SentimentEvaluationMetric.acc5Id()));
    }
}
