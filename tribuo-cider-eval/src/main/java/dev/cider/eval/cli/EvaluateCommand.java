package dev.cider.eval.cli;

import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.Option;
import com.oracle.labs.mlrg.olcut.config.Options;
import dev.cider.data.DataSplit;
import dev.cider.data.MultimodalSource;
import dev.cider.data.SentimentTask;
import dev.cider.eval.sweep.MissingRateSweep;
import dev.cider.eval.sweep.SweepPoint;
import dev.cider.eval.sweep.SweepResult;
import dev.cider.metrics.SentimentMetric;
import dev.cider.missing.MissingPatterns;
import dev.cider.model.CiderModel;
import org.tribuo.Model;
import org.tribuo.classification.Label;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code cider evaluate}: sweeps a saved model over missing rates (or SMM's six subsets) on a split and prints the
 * metrics per point and their AUILC.
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
        Model<Label> model = PredictCommand.loadModel(o.model);
        SentimentTask task = model instanceof CiderModel ? ((CiderModel) model).getTask() : o.data.task(SentimentTask.BINARY);
        if (o.data.task == null) {
            o.data.task = task.name();
        }
        MultimodalSource source = o.data.resolve(cm).forSplit(DataSplit.parse(o.split));
        double[] rates = o.rates == null ? MissingRateSweep.DEFAULT_RATES : o.rates;
        MissingRateSweep sweep = new MissingRateSweep(MissingPatterns.parse(o.pattern.equalsIgnoreCase("smm") ? "smm:L" : o.pattern), rates, o.maskSeed);
        SweepResult r = sweep.run(o.model.getFileName().toString(), model, source.examples(), task, source.getProvenance(), null);
        List<SentimentMetric> metrics = SentimentMetric.forTask(task);
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-8s", r.isRateSweep() ? "rate" : "kept"));
        for (SentimentMetric m : metrics) {
            header.append(String.format(Locale.ROOT, " %12s", m.displayName()));
        }
        out.println("Model: " + o.model + ", data: " + source + ", pattern " + sweep.pattern().name() + ", mask seed " + o.maskSeed);
        out.println(header);
        for (SweepPoint p : r.points()) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-8s", p.label()));
            for (SentimentMetric m : metrics) {
                line.append(String.format(Locale.ROOT, " %12.1f", 100 * p.metrics().get(m)));
            }
            out.println(line);
        }
        if (r.isRateSweep()) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-8s", "AUILC"));
            for (SentimentMetric m : metrics) {
                line.append(String.format(Locale.ROOT, " %12.1f", 100 * r.auilc(m)));
            }
            out.println(line);
        }
        if (model instanceof CiderModel) {
            ((CiderModel) model).close();
        }
        return 0;
    }
}
