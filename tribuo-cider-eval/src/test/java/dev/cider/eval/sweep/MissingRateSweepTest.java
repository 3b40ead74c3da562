package dev.cider.eval.sweep;

import dev.cider.data.MultimodalExample;
import dev.cider.data.SentimentTask;
import dev.cider.data.SpecialTokens;
import dev.cider.data.TextInput;
import dev.cider.data.source.SyntheticFrames;
import dev.cider.eval.baseline.Baselines;
import dev.cider.metrics.SentimentEvaluation;
import dev.cider.metrics.SentimentEvaluationMetric;
import dev.cider.metrics.SentimentEvaluator;
import dev.cider.metrics.SentimentMetric;
import dev.cider.metrics.SentimentMetrics;
import dev.cider.metrics.TribuoPredictions;
import dev.cider.eval.stats.OutcomeCodes;
import dev.cider.missing.CorruptedDataProvenance;
import dev.cider.missing.Rmfm;
import dev.cider.missing.Smm;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.evaluation.DescriptiveStats;
import org.tribuo.evaluation.EvaluationAggregator;
import org.tribuo.evaluation.metrics.MetricID;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MissingRateSweepTest {

    private static List<MultimodalExample> train;
    private static List<MultimodalExample> test;
    private static Model<Label> model;

    static List<MultimodalExample> examples(int n, long seed) {
        SyntheticFrames audio = new SyntheticFrames(12, 4, 3.0, 0.5, 99);
        SyntheticFrames vision = new SyntheticFrames(12, 3, 3.0, 0.5, 98);
        SplittableRandom rng = new SplittableRandom(seed);
        List<MultimodalExample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double score = rng.nextBoolean() ? 1.6 : -1.6;
            int word = score > 0 ? 2204 : 2919; // "good" / "bad"
            int[] ids = {101, 2023, word, 3185, 102, 0, 0, 0, 0, 0, 0, 0};
            TextInput text = new TextInput(ids, 5, null);
            out.add(new MultimodalExample(SentimentTask.BINARY.label(score), "u" + seed + "-" + i, "this good movie", score, text,
                    audio.generate(score, 12, rng), vision.generate(score, 12, rng), SpecialTokens.BERT_UNCASED));
        }
        return out;
    }

    @BeforeAll
    static void trainBaseline() {
        train = examples(200, 1);
        test = examples(120, 2);
        MutableDataset<Label> ds = new MutableDataset<>(new SimpleDataSourceProvenance("train", new LabelFactory()), new LabelFactory());
        train.forEach(ds::add);
        model = Baselines.trainer(Baselines.LOGISTIC_REGRESSION).train(ds);
    }

    @Test
    void rateZeroEqualsTheCompleteInputAndAccuracyFallsWithTheRate() {
        MissingRateSweep sweep = new MissingRateSweep(new Rmfm(), MissingRateSweep.DEFAULT_RATES, 17);
        SweepResult r = sweep.run("lr", model, test, SentimentTask.BINARY, new SimpleDataSourceProvenance("test", new LabelFactory()), null);
        assertEquals(11, r.points().size());
        SentimentMetrics complete = SentimentMetrics.evaluate(TribuoPredictions.predict(model, test, SentimentTask.BINARY));
        assertEquals(complete.get(SentimentMetric.ACC2_NON0), r.points().get(0).metrics().get(SentimentMetric.ACC2_NON0), 1e-12);
        double[] acc = r.values(SentimentMetric.ACC2_NON0);
        assertTrue(acc[0] > 0.9, "complete accuracy " + acc[0]);
        assertTrue(acc[10] < acc[0] - 0.2, "accuracy at rate 1 " + acc[10]);
        double auilc = r.auilc(SentimentMetric.ACC2_NON0);
        assertTrue(auilc < acc[0] && auilc > acc[10], "AUILC " + auilc);
        // every point keeps one outcome code per utterance, and the codes give back the point's metrics
        for (SweepPoint p : r.points()) {
            assertEquals(test.size(), p.outcomes().length);
            long[] counts = new long[OutcomeCodes.codeCount(SentimentTask.BINARY)];
            OutcomeCodes.tally(p.outcomes(), null, counts);
            assertEquals(p.metrics().values(), OutcomeCodes.metrics(SentimentTask.BINARY, counts));
        }
        assertEquals(0.3, ((CorruptedDataProvenance) r.points().get(3).evaluation().getTestDatasetProvenance()).getRate(), 1e-12);
        // the same seed reproduces every number
        SweepResult again = sweep.run("lr", model, test, SentimentTask.BINARY, new SimpleDataSourceProvenance("test", new LabelFactory()), null);
        for (SentimentMetric m : SentimentMetric.forTask(SentimentTask.BINARY)) {
            assertEquals(r.auilc(m), again.auilc(m));
        }
    }

    @Test
    void aSweepReturnsTribuoEvaluationsOfItsPoints() {
        MissingRateSweep sweep = new MissingRateSweep(new Rmfm(), new double[]{0.0, 0.5, 1.0}, 17);
        SweepResult r = sweep.run("lr", model, test, SentimentTask.BINARY, new SimpleDataSourceProvenance("test", new LabelFactory()), null);
        List<SentimentEvaluation> evaluations = r.evaluations();
        assertEquals(3, evaluations.size());
        // at rate 0 the input is complete: Tribuo's evaluator on the model's own predictions gives the same values
        SentimentEvaluation direct = new SentimentEvaluator().evaluate(model, model.predict(new ArrayList<Example<Label>>(test)),
                new SimpleDataSourceProvenance("test", new LabelFactory()));
        assertEquals(direct.asMap(), evaluations.get(0).asMap());
        for (int i = 0; i < 3; i++) {
            assertEquals(r.points().get(i).evaluation(), evaluations.get(i).getProvenance());
        }
        Map<MetricID<Label>, DescriptiveStats> summary = EvaluationAggregator.summarize(evaluations);
        double[] acc2 = r.values(SentimentMetric.ACC2_NON0);
        assertEquals((acc2[0] + acc2[1] + acc2[2]) / 3, summary.get(SentimentEvaluationMetric.idOf(SentimentMetric.ACC2_NON0)).getMean(), 1e-12);
    }

    @Test
    void smmReportsTheSixSubsets() {
        MissingRateSweep sweep = new MissingRateSweep(new Smm("L"), MissingRateSweep.DEFAULT_RATES, 3);
        List<String> seen = new ArrayList<>();
        SweepResult r = sweep.run("lr", model, test, SentimentTask.BINARY, new SimpleDataSourceProvenance("test", new LabelFactory()), seen::add);
        assertEquals(List.of("L", "A", "V", "LA", "LV", "AV"), seen);
        assertEquals(6, r.points().size());
        assertThrows(IllegalStateException.class, () -> r.auilc(SentimentMetric.ACC2_NON0));
    }

    @Test
    void badRatesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new MissingRateSweep(new Rmfm(), new double[] {0.2, 0.1}, 1));
        assertThrows(IllegalArgumentException.class, () -> new MissingRateSweep(new Rmfm(), new double[] {1.5}, 1));
    }

    /*
     * A point streams over the test split in chunks; its metrics and outcome codes are those of predicting the whole
     * corrupted split at once (here with a split of more than two chunks and a last chunk that is not full).
     */
    @Test
    void aPointStreamedInChunksEqualsThePredictionsOfTheWholeSplit() {
        List<MultimodalExample> large = examples(2 * MissingRateSweep.CHUNK + 37, 3);
        Rmfm rmfm = new Rmfm();
        SweepResult r = new MissingRateSweep(rmfm, new double[] {0.0, 0.4, 0.8}, 5).run("LR", model, large, SentimentTask.BINARY,
                new SimpleDataSourceProvenance("test", new LabelFactory()), null);
        for (SweepPoint p : r.points()) {
            List<org.tribuo.Example<Label>> corrupted = new ArrayList<>();
            for (MultimodalExample ex : large) {
                corrupted.add(rmfm.corrupt(ex, p.rate(), 5));
            }
            var whole = TribuoPredictions.fromPredictions(model.predict(corrupted), corrupted, SentimentTask.BINARY);
            assertEquals(SentimentMetrics.evaluate(whole).values(), p.metrics().values(), "rate " + p.label());
            assertTrue(java.util.Arrays.equals(OutcomeCodes.encode(whole), p.outcomes()), "rate " + p.label());
            assertEquals(large.size(), p.outcomes().length);
        }
    }
}
