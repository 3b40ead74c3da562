package dev.cider.eval.cli;

import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.Option;
import com.oracle.labs.mlrg.olcut.config.Options;
import dev.cider.data.DataSplit;
import dev.cider.data.MultimodalSource;
import dev.cider.data.SentimentTask;
import dev.cider.data.source.LayoutAdaptedSource;
import dev.cider.eval.sweep.MissingRateSweep;
import dev.cider.eval.report.CurvePoint;
import dev.cider.eval.report.SweepCurve;
import dev.cider.eval.stats.Estimate;
import dev.cider.eval.stats.HierarchicalBootstrap;
import dev.cider.eval.sweep.SweepResult;
import dev.cider.metrics.SentimentMetric;
import dev.cider.missing.MissingPattern;
import dev.cider.missing.MissingPatterns;
import dev.cider.model.CiderModel;
import dev.cider.model.FeatureDomainCheck;
import org.tribuo.Model;
import org.tribuo.classification.Label;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code cider evaluate}: sweeps a saved model over missing rates (or SMM's six subsets) on a split and prints the
 * metrics per point and their AUILC, each with a 95% bootstrap interval over the evaluated utterances. Data of another
 * corpus whose time steps differ from a CIDer model's layout is padded or truncated to it (cross-dataset testing: train
 * on A, evaluate on B), and the console says what was done.
 */
public final class EvaluateCommand implements CiderCommand {

    /** Options of {@code cider evaluate}. */
    public static final class EvaluateOptions implements Options {
        /** The corpus. */
        public SourceOptions data = new SourceOptions();

        /** The model. */
        @Option(charName = 'm', longName = "model", usage = "The model file.")
        public Path model;

        /** The split. */
        @Option(longName = "split", usage = "The split to evaluate (default test).")
        public String split = "test";

        /** Pattern. */
        @Option(longName = "pattern", usage = "Missing pattern: rmfm (default), traditional-rmfm, rmm, tmfm, stmfm, smm.")
        public String pattern = "rmfm";

        /** Rates. */
        @Option(longName = "rates", usage = "Comma-separated missing rates (default 0,0.1,...,1).")
        public double[] rates;

        /** Mask seed. */
        @Option(longName = "mask-seed", usage = "Seed of the evaluation masks (default 0).")
        public long maskSeed = 0;

        /**
         * For OLCUT.
         */
        public EvaluateOptions() {
        }

        @Override
        public String getOptionsDescription() {
            return "Sweeps a saved model over missing rates.";
        }
    }

    /** "72.1 [70.0, 74.2]", or n/a where the metric is undefined. */
    private static String cell(Estimate e) {
        if (e == null || Double.isNaN(e.mean())) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%.1f [%.1f, %.1f]", 100 * e.mean(), 100 * e.lower(), 100 * e.upper());
    }

    @Override
    public String name() {
        return "evaluate";
    }

    @Override
    public String description() {
        return "Sweep a saved model over missing rates (or SMM subsets) and print the metrics and AUILC.";
    }

    @Override
    public Options newOptions() {
        return new EvaluateOptions();
    }

    @Override
    public int run(Options options, ConfigurationManager cm, PrintStream out) throws Exception {
        EvaluateOptions o = (EvaluateOptions) options;
        if (o.model == null) {
            throw new IllegalArgumentException("--model FILE is required");
        }
        MissingPattern pattern = MissingPatterns.parse(o.pattern.equalsIgnoreCase("smm") ? "smm:L" : o.pattern);
        if (o.rates != null && !pattern.usesRate()) {
            throw new IllegalArgumentException("--rates does not apply to --pattern " + o.pattern + ", which sweeps the six modality subsets");
        }
        Model<Label> model = PredictCommand.loadModel(o.model);
        SentimentTask task;
        if (model instanceof CiderModel) {
            task = ((CiderModel) model).getTask();
            ModelTask.apply(o.data, task, o.model);
        } else {
            task = o.data.task(SentimentTask.BINARY);
            o.data.task = task.name();
        }
        MultimodalSource source = o.data.resolve(cm).forSplit(DataSplit.parse(o.split));
        ModelTask.requireSame(source, o.data, task, o.model);
        if (model instanceof CiderModel cider && !source.getLayout().equals(cider.getLayout())) {
            // Cross-dataset testing: time steps are brought to the model's layout; other feature dimensions are refused.
            LayoutAdaptedSource adapted = new LayoutAdaptedSource(source, cider.getLayout(), source.getSplit());
            out.println("Data adapted to the model's layout (" + cider.getLayout().describe() + "): " + adapted.adaptation().describe());
            source = adapted;
        }
        double[] rates = o.rates == null ? MissingRateSweep.DEFAULT_RATES : o.rates;
        MissingRateSweep sweep = new MissingRateSweep(pattern, rates, o.maskSeed);
        FeatureDomainCheck.check(model, source.examples(), source.toString());
        SweepResult r = sweep.run(o.model.getFileName().toString(), model, source.examples(), task, source.getProvenance(), null);
        List<SentimentMetric> metrics = SentimentMetric.forTask(task);
        SweepCurve curve = SweepCurve.aggregate("evaluate", List.of(r), new HierarchicalBootstrap());
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-8s", r.isRateSweep() ? "rate" : "kept"));
        for (SentimentMetric m : metrics) {
            header.append(String.format(Locale.ROOT, " %22s", m.displayName()));
        }
        out.println("Model: " + o.model + ", data: " + source + ", pattern " + sweep.pattern().name() + ", mask seed " + o.maskSeed);
        out.println(header);
        for (CurvePoint p : curve.points()) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-8s", p.label()));
            for (SentimentMetric m : metrics) {
                line.append(String.format(Locale.ROOT, " %22s", cell(p.estimate(m))));
            }
            out.println(line);
        }
        if (curve.hasAuilc()) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-8s", "AUILC"));
            for (SentimentMetric m : metrics) {
                line.append(String.format(Locale.ROOT, " %22s", cell(curve.auilcEstimate(m))));
            }
            out.println(line);
        }
        out.printf(Locale.ROOT, "Values in %%, with 95%% intervals from a bootstrap over the %d evaluated utterances (%d replicates). One"
                + " model: how the numbers move with the training seed is not included; compare systems over seeds with"
                + " cider compare.%n", curve.points().get(0).size(), HierarchicalBootstrap.DEFAULT_REPLICATES);
        if (model instanceof CiderModel) {
            ((CiderModel) model).close();
        }
        return 0;
    }
}
