package dev.cider.eval.report;

import dev.cider.data.SentimentTask;
import dev.cider.eval.stats.OutcomeCodes;
import dev.cider.eval.sweep.SweepPoint;
import dev.cider.eval.sweep.SweepResult;
import dev.cider.metrics.ScoredPredictions;
import dev.cider.metrics.SentimentMetrics;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.DataProvenance;
import org.tribuo.provenance.ModelProvenance;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Hand-made sweeps for the report tests: each point's predicted classes and true scores are kept, so a test can
 * compute the expected numbers itself (with {@link Expected}) instead of trusting the metric classes; the metric
 * objects inside the {@link SweepResult}s are real {@link SentimentMetrics} built from {@link ScoredPredictions}.
 */
final class ReportFixtures {

    /** One hand-made point: the truths, the predicted classes, and the resulting metrics. */
    record HandPoint(String label, double rate, SentimentTask task, double[] truth, int[] predicted) {
        ScoredPredictions scored() {
            double[][] scores = new double[truth.length][task.numClasses()];
            for (int i = 0; i < truth.length; i++) {
                scores[i][predicted[i]] = 1.0;
            }
            return new ScoredPredictions(task, scores, truth);
        }

        SentimentMetrics metrics() {
            return SentimentMetrics.evaluate(scored());
        }

        SweepPoint sweepPoint() {
            return new SweepPoint(label, rate, metrics(), OutcomeCodes.encode(scored()), null);
        }
    }

    /** A hand-made sweep and the result built from it. */
    record HandSweep(String system, String pattern, SentimentTask task, List<HandPoint> points, SweepResult result) {
        double[] rates() {
            return points.stream().mapToDouble(HandPoint::rate).toArray();
        }
    }

    static final double[] RATES = {0.0, 0.2, 0.4, 0.6, 0.8, 1.0};
    static final List<String> SUBSETS = List.of("L", "A", "V", "LA", "LV", "AV");

    private static Model<Label> linear;
    private static Model<Label> tree;

    private ReportFixtures() {
    }

    /** The true scores of the hand-made test set: every class of both tasks, neutral ones included. */
    static double[] truths(int n, long seed) {
        double[] choices = {-3.0, -2.2, -1.4, -0.6, 0.0, 0.4, 1.2, 1.8, 2.6, 3.0};
        SplittableRandom rng = new SplittableRandom(seed);
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = choices[rng.nextInt(choices.length)];
        }
        return t;
    }

    /**
     * Predictions correct with probability {@code pCorrect}, otherwise a random other class.
     */
    static int[] predictions(SentimentTask task, double[] truth, double pCorrect, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int[] p = new int[truth.length];
        for (int i = 0; i < truth.length; i++) {
            int c = task.classIndex(truth[i]);
            if (rng.nextDouble() < pCorrect) {
                p[i] = c;
            } else {
                p[i] = (c + 1 + rng.nextInt(task.numClasses() - 1)) % task.numClasses();
            }
        }
        return p;
    }

    /**
     * A rate sweep whose accuracy falls from {@code start} by {@code drop} over the rates.
     */
    static HandSweep rateSweep(String system, SentimentTask task, double start, double drop, long seed, double[] truth,
                               ModelProvenance model, DataProvenance data) {
        return rateSweep(system, null, task, start, drop, seed, truth, model, data);
    }

    /**
     * A rate sweep of a model trained with a training seed (null: the configured seed); {@code seed} is the mask seed
     * and, mixed with the training seed, draws the predictions.
     */
    static HandSweep rateSweep(String system, Long trainingSeed, SentimentTask task, double start, double drop, long seed,
                               double[] truth, ModelProvenance model, DataProvenance data) {
        long draw = trainingSeed == null ? seed : seed * 1_000_003L + trainingSeed;
        List<HandPoint> points = new ArrayList<>();
        List<SweepPoint> sweepPoints = new ArrayList<>();
        for (int i = 0; i < RATES.length; i++) {
            double r = RATES[i];
            int[] pred = predictions(task, truth, start - drop * r, draw * 31 + i);
            HandPoint hp = new HandPoint(String.format(Locale.ROOT, "%.2f", r), r, task, truth, pred);
            points.add(hp);
            sweepPoints.add(hp.sweepPoint());
        }
        return new HandSweep(system, "rmfm", task, points,
                new SweepResult(system, trainingSeed, "rmfm", seed, sweepPoints, model, data));
    }

    /** An SMM sweep over the six subsets. */
    static HandSweep subsetSweep(String system, SentimentTask task, long seed, double[] truth, ModelProvenance model,
                                 DataProvenance data) {
        List<HandPoint> points = new ArrayList<>();
        List<SweepPoint> sweepPoints = new ArrayList<>();
        for (int i = 0; i < SUBSETS.size(); i++) {
            String s = SUBSETS.get(i);
            double p = s.contains("L") ? 0.85 : 0.45;
            int[] pred = predictions(task, truth, p, seed * 17 + i);
            HandPoint hp = new HandPoint(s, Double.NaN, task, truth, pred);
            points.add(hp);
            sweepPoints.add(hp.sweepPoint());
        }
        return new HandSweep(system, "smm", task, points, new SweepResult(system, "smm", seed, sweepPoints, model, data));
    }

    /** A real linear model's provenance (a logistic regression trained on a few points). */
    static synchronized ModelProvenance linearProvenance() {
        if (linear == null) {
            linear = new LogisticRegressionTrainer().train(tinyDataset());
        }
        return linear.getProvenance();
    }

    /** A real tree model's provenance (a CART tree trained on a few points). */
    static synchronized ModelProvenance treeProvenance() {
        if (tree == null) {
            tree = new CARTClassificationTrainer(3).train(tinyDataset());
        }
        return tree.getProvenance();
    }

    static DataProvenance testData(String name) {
        return new SimpleDataSourceProvenance(name, new LabelFactory());
    }

    private static MutableDataset<Label> tinyDataset() {
        LabelFactory f = new LabelFactory();
        MutableDataset<Label> ds = new MutableDataset<>(new SimpleDataSourceProvenance("tiny-train", f), f);
        SplittableRandom rng = new SplittableRandom(5);
        for (int i = 0; i < 30; i++) {
            boolean pos = i % 2 == 0;
            double x = (pos ? 1 : -1) + rng.nextDouble() * 0.5;
            ds.add(new ArrayExample<>(new Label(pos ? "positive" : "negative"), new String[] {"x", "y"},
                    new double[] {x, rng.nextDouble()}));
        }
        return ds;
    }

    /**
     * The standard comparison of the tests: settings IID and OOD (RMFM rate sweeps) and SMM; systems "CIDer"
     * (binary and seven-task models, a tree's provenance) and "LR" (binary only, a linear model's provenance).
     */
    static final class Standard {
        final double[] truth = truths(60, 11);
        final double[] oodTruth = truths(50, 12);
        final HandSweep iidCider = rateSweep("CIDer", SentimentTask.BINARY, 0.9, 0.4, 1, truth, treeProvenance(), testData("iid-test"));
        final HandSweep iidCider7 = rateSweep("CIDer", SentimentTask.SEVEN, 0.6, 0.35, 2, truth, treeProvenance(), testData("iid-test"));
        final HandSweep iidLr = rateSweep("LR", SentimentTask.BINARY, 0.8, 0.5, 3, truth, linearProvenance(), testData("iid-test"));
        final HandSweep oodCider = rateSweep("CIDer", SentimentTask.BINARY, 0.8, 0.3, 4, oodTruth, treeProvenance(), testData("ood-test"));
        final HandSweep oodLr = rateSweep("LR", SentimentTask.BINARY, 0.7, 0.4, 5, oodTruth, linearProvenance(), testData("ood-test"));
        final HandSweep smmCider = subsetSweep("CIDer", SentimentTask.BINARY, 6, truth, treeProvenance(), testData("iid-test"));
        final HandSweep smmLr = subsetSweep("LR", SentimentTask.BINARY, 7, truth, linearProvenance(), testData("iid-test"));

        final ComparisonReport report = ComparisonReport.builder("CIDer vs baselines (test)")
                .description("Hand-made sweeps for the report tests.")
                .add("IID", iidCider.result()).add("IID", iidCider7.result()).add("IID", iidLr.result())
                .add("OOD", oodCider.result()).add("OOD", oodLr.result())
                .add("SMM", smmCider.result()).add("SMM", smmLr.result())
                .seeds(List.of(), List.of(42L)).commandLine(List.of("cider", "compare", "--config", "c.xml")).metadata("note", "a | b")
                .trainingNote("CIDer", "trained with configs/cider.xml").trainingNote("LR", "loaded from lr.model")
                .build();

        List<HandSweep> all() {
            return List.of(iidCider, iidCider7, iidLr, oodCider, oodLr, smmCider, smmLr);
        }

        String settingOf(HandSweep s) {
            if (s == oodCider || s == oodLr) {
                return "OOD";
            }
            return s == smmCider || s == smmLr ? "SMM" : "IID";
        }
    }

    /**
     * A multi-seed comparison: one IID setting of 300 utterances, training seeds 1, 2, 3, mask seed 0; "CIDer" is
     * clearly better than "LR" (accuracy 0.85 against 0.6 at rate 0), "LR twin" predicts exactly as "LR" does for every
     * seed; the pairs are CIDer vs LR and LR vs LR twin.
     */
    static final class Seeded {
        static final List<Long> SEEDS = List.of(1L, 2L, 3L);
        final double[] truth = truths(300, 21);
        final List<HandSweep> cider = new ArrayList<>();
        final List<HandSweep> lr = new ArrayList<>();
        final List<HandSweep> twin = new ArrayList<>();
        final ComparisonReport report;

        Seeded() {
            ComparisonReport.Builder b = ComparisonReport.builder("Seeded comparison (test)").seeds(SEEDS, List.of(0L))
                    .pairs(List.of(new SystemPair("CIDer", "LR"), new SystemPair("LR", "LR twin"))).bootstrap(400, 9);
            for (long s : SEEDS) {
                HandSweep c = rateSweep("CIDer", s, SentimentTask.BINARY, 0.85, 0.3, 0, truth, treeProvenance(), testData("iid-test"));
                HandSweep l = rateSweep("LR", s, SentimentTask.BINARY, 0.6, 0.2, 0, truth, linearProvenance(), testData("iid-test"));
                HandSweep t = rateSweep("LR twin", s, SentimentTask.BINARY, 0.6, 0.2, 0, truth, linearProvenance(), testData("iid-test"));
                cider.add(c);
                lr.add(l);
                twin.add(t);
                b.add("IID", c.result()).add("IID", l.result()).add("IID", t.result());
            }
            report = b.build();
        }
    }
}
