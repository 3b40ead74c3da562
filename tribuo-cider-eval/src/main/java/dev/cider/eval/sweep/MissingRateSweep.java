package dev.cider.eval.sweep;

import dev.cider.data.MultimodalExample;
import dev.cider.data.SentimentTask;
import dev.cider.eval.stats.OutcomeCodes;
import dev.cider.metrics.ScoredPredictions;
import dev.cider.metrics.SentimentMetrics;
import dev.cider.metrics.TribuoPredictions;
import dev.cider.missing.CorruptedDataProvenance;
import dev.cider.missing.MissingPattern;
import dev.cider.missing.Smm;
import dev.cider.model.CiderModel;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.provenance.DataProvenance;
import org.tribuo.provenance.EvaluationProvenance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Evaluates any Tribuo {@code Model<Label>} (CIDer or a baseline) on a test split corrupted by a missing pattern at
 * a series of rates, with the deterministic nested evaluation masks, so every system sees exactly the same
 * corrupted inputs (a baseline's pooled features are recomputed from the corrupted sequences). SMM is swept over
 * its six modality subsets instead of rates. Each point keeps the metrics, one outcome code per utterance (for
 * intervals and paired tests) and an {@link EvaluationProvenance} whose test data is the corrupted split
 * ({@link CorruptedDataProvenance}: pattern, rate, mask seed, clean split).
 * <p>
 * A point streams over the test split: it corrupts {@link #CHUNK} utterances at a time, predicts them and keeps only
 * their class scores until the point's metrics and outcome codes are computed, so the corrupted copies of a split never
 * all exist at once (their memory would match the split's own).
 */
public final class MissingRateSweep {

    /** The default rates 0.0, 0.1, ..., 1.0. */
    public static final double[] DEFAULT_RATES = defaultRates();

    /**
     * How many test utterances are corrupted and predicted at a time: a point never holds more corrupted copies than
     * this, whatever the size of the test split.
     */
    public static final int CHUNK = 256;

    private final MissingPattern pattern;
    private final double[] rates;
    private final long seed;

    /**
     * Creates a sweep.
     * @param pattern The pattern (for SMM any subset; the sweep runs all six).
     * @param rates The rates, strictly increasing in [0, 1] (ignored for SMM).
     * @param seed The mask seed.
     */
    public MissingRateSweep(MissingPattern pattern, double[] rates, long seed) {
        for (int i = 0; i < rates.length; i++) {
            if (!(rates[i] >= 0 && rates[i] <= 1) || (i > 0 && rates[i] <= rates[i - 1])) {
                throw new IllegalArgumentException("Rates must be strictly increasing values in [0, 1], found " + Arrays.toString(rates));
            }
        }
        if (pattern.usesRate() && rates.length == 0) {
            throw new IllegalArgumentException("A rate sweep needs at least one rate");
        }
        this.pattern = pattern;
        this.rates = rates.clone();
        this.seed = seed;
    }

    /** @return The pattern. */
    public MissingPattern pattern() {
        return pattern;
    }

    /** @return The rates. */
    public double[] rates() {
        return rates.clone();
    }

    /** @return The seed. */
    public long seed() {
        return seed;
    }

    /**
     * Runs the sweep of a model trained with the seed its trainer was configured with (or loaded from a file).
     * @param system A name for the system.
     * @param model The model.
     * @param test The complete test examples.
     * @param task The task the model was trained for.
     * @param dataProvenance The test data's provenance.
     * @param progress Told the label of each point as it starts (may be null).
     * @return The result.
     */
    public SweepResult run(String system, Model<Label> model, List<MultimodalExample> test, SentimentTask task,
                           DataProvenance dataProvenance, Consumer<String> progress) {
        return run(system, null, model, test, task, dataProvenance, progress);
    }

    /**
     * Runs the sweep.
     * @param system A name for the system.
     * @param trainingSeed The training seed the model was trained with in a multi-seed experiment, or null.
     * @param model The model.
     * @param test The complete test examples.
     * @param task The task the model was trained for.
     * @param dataProvenance The test data's provenance.
     * @param progress Told the label of each point as it starts (may be null).
     * @return The result.
     */
    public SweepResult run(String system, Long trainingSeed, Model<Label> model, List<MultimodalExample> test, SentimentTask task,
                           DataProvenance dataProvenance, Consumer<String> progress) {
        List<SweepPoint> points = new ArrayList<>();
        if (pattern.usesRate()) {
            for (double r : rates) {
                String label = String.format(Locale.ROOT, "%.2f", r);
                if (progress != null) {
                    progress.accept(label);
                }
                points.add(point(label, r, pattern, model, test, task, dataProvenance));
            }
        } else {
            for (Smm subset : Smm.allSubsets()) {
                if (progress != null) {
                    progress.accept(subset.keptLetters());
                }
                points.add(point(subset.keptLetters(), Double.NaN, subset, model, test, task, dataProvenance));
            }
        }
        return new SweepResult(system, trainingSeed, pattern.name(), seed, points, model.getProvenance(), dataProvenance);
    }

    private SweepPoint point(String label, double rate, MissingPattern p, Model<Label> model, List<MultimodalExample> test,
                             SentimentTask task, DataProvenance dataProvenance) {
        double[][] scores = new double[test.size()][];
        double[] truth = new double[test.size()];
        int chunk = chunkSize(model);
        double r = Double.isNaN(rate) ? 0.0 : rate;
        for (int start = 0; start < test.size(); start += chunk) {
            List<MultimodalExample> clean = test.subList(start, Math.min(test.size(), start + chunk));
            List<Example<Label>> corrupted = new ArrayList<>(clean.size());
            for (MultimodalExample ex : clean) {
                corrupted.add(p.corrupt(ex, r, seed));
            }
            ScoredPredictions batch = TribuoPredictions.fromPredictions(model.predict(corrupted), corrupted, task);
            for (int i = 0; i < batch.size(); i++) {
                scores[start + i] = batch.scores(i);
                truth[start + i] = batch.trueScore(i);
            }
        }
        ScoredPredictions scored = new ScoredPredictions(task, scores, truth);
        EvaluationProvenance evaluation = new EvaluationProvenance(model.getProvenance(),
                new CorruptedDataProvenance(dataProvenance, p, rate, seed));
        return new SweepPoint(label, rate, SentimentMetrics.evaluate(scored), OutcomeCodes.encode(scored), evaluation);
    }

    /*
     * How many utterances are corrupted and predicted at a time: CHUNK, rounded up to a multiple of a CIDer model's own
     * inference batch so that its batches (and their padding) are those of one call over the whole split.
     */
    private static int chunkSize(Model<Label> model) {
        if (model instanceof CiderModel cider) {
            int b = cider.getPredictionBatchSize();
            return ((CHUNK + b - 1) / b) * b;
        }
        return CHUNK;
    }

    private static double[] defaultRates() {
        double[] r = new double[11];
        for (int i = 0; i <= 10; i++) {
            r[i] = i / 10.0;
        }
        return r;
    }
}
