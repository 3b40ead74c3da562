package dev.cider.eval.cli;

import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.Option;
import com.oracle.labs.mlrg.olcut.config.Options;
import dev.cider.data.DataSplit;
import dev.cider.data.MultimodalExample;
import dev.cider.data.MultimodalSource;
import dev.cider.metrics.ScoredPredictions;
import dev.cider.metrics.SentimentMetrics;
import dev.cider.metrics.TribuoPredictions;
import dev.cider.model.CiderModel;
import dev.cider.model.ParameterComparison;
import dev.cider.runtime.NumericsEnvironment;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code cider diff-models}: how far apart two CIDer models of the same architecture are (for instance the same
 * training run on two machines or under two numerics settings): the largest parameter difference and whether every
 * parameter is bit-identical, what differs in the numerics environments their provenance records, and, with a corpus,
 * how often their predictions of a split agree.
 */
public final class DiffModelsCommand implements CiderCommand {

    /** How many parameters with the largest differences are listed. */
    private static final int LISTED_PARAMETERS = 5;

    /** Options of {@code cider diff-models}. */
    public static final class DiffModelsOptions implements Options {
        /** The corpus (optional). */
        public SourceOptions data = new SourceOptions();

        /** The first model. */
        @Option(charName = 'm', longName = "model", usage = "The first CIDer model file.")
        public Path model;

        /** The second model. */
        @Option(longName = "other", usage = "The second CIDer model file (same architecture).")
        public Path other;

        /** The split. */
        @Option(longName = "split", usage = "With a corpus: the split whose predictions are compared (train, valid or test; default test).")
        public String split = "test";

        /** No debiasing. */
        @Option(longName = "no-debias", usage = "Compare predictions without MACI's counterfactual debiasing.")
        public boolean noDebias = false;

        /**
         * For OLCUT.
         */
        public DiffModelsOptions() {
        }

        @Override
        public String getOptionsDescription() {
            return "Compares two CIDer models' parameters, recorded numerics environments and (with a corpus) predictions.";
        }
    }

    @Override
    public String name() {
        return "diff-models";
    }

    @Override
    public String description() {
        return "Compare two CIDer models: parameter differences, bit-identity, numerics environments, prediction agreement.";
    }

    @Override
    public Options newOptions() {
        return new DiffModelsOptions();
    }

    @Override
    public int run(Options options, ConfigurationManager cm, PrintStream out) throws Exception {
        DiffModelsOptions o = (DiffModelsOptions) options;
        if (o.model == null || o.other == null) {
            throw new IllegalArgumentException("--model FILE and --other FILE are required");
        }
        try (CiderModel a = load(o.model, "--model"); CiderModel b = load(o.other, "--other")) {
            out.println("Models: " + o.model + " | " + o.other);
            printParameters(ParameterComparison.of(a, b), out);
            printEnvironments(a, b, out);
            if (o.data.isSet()) {
                if (o.data.task == null) {
                    o.data.task = a.getTask().name();
                }
                MultimodalSource source = o.data.resolve(cm).forSplit(DataSplit.parse(o.split));
                printPredictions(a, b, new ArrayList<>(source.examples()), !o.noDebias, source.toString(), out);
            }
        }
        return 0;
    }

    private static CiderModel load(Path path, String option) {
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException(option + ": no file at " + path.toAbsolutePath());
        }
        try {
            return CiderModel.load(path);
        } catch (IOException e) {
            throw new IllegalArgumentException(option + " " + path + " is not a readable CIDer model: " + e.getMessage(), e);
        }
    }

    private static void printParameters(ParameterComparison c, PrintStream out) {
        out.printf(Locale.ROOT, "Parameters: %,d values in %d tensors; bit-identical: %s; %,d values differ; max |difference| %.3g%n",
                c.size(), c.parameters().size(), c.bitIdentical() ? "yes" : "no", c.differingValues(), c.maxAbsDifference());
        c.parameters().stream().filter(d -> !d.bitIdentical())
                .sorted(Comparator.comparingDouble(ParameterComparison.ParameterDifference::maxAbsDifference).reversed())
                .limit(LISTED_PARAMETERS)
                .forEach(d -> out.printf(Locale.ROOT, "  %s: max |difference| %.3g (%,d of %,d values differ)%n", d.name(),
                        d.maxAbsDifference(), d.differingValues(), d.size()));
    }

    private static void printEnvironments(CiderModel a, CiderModel b, PrintStream out) {
        Optional<NumericsEnvironment> ea = NumericsEnvironment.fromProvenance(a.getProvenance().getInstanceProvenance().getMap());
        Optional<NumericsEnvironment> eb = NumericsEnvironment.fromProvenance(b.getProvenance().getInstanceProvenance().getMap());
        if (ea.isEmpty() || eb.isEmpty()) {
            out.println("Numerics environments: not recorded in " + (ea.isEmpty() && eb.isEmpty() ? "either model" : ea.isEmpty() ? "--model" : "--other"));
            return;
        }
        List<String> differences = ea.get().differences(eb.get());
        out.println("Numerics environments (model | other): " + (differences.isEmpty() ? "the same" : differences.size() + " differences"));
        for (String d : differences) {
            out.println("  " + d);
        }
    }

    private static void printPredictions(CiderModel a, CiderModel b, List<MultimodalExample> examples, boolean debiased, String source,
                                         PrintStream out) {
        ScoredPredictions pa = TribuoPredictions.fromPredictions(a.predict(examples, debiased), examples, a.getTask());
        ScoredPredictions pb = TribuoPredictions.fromPredictions(b.predict(examples, debiased), examples, b.getTask());
        int differ = 0;
        double maxScore = 0;
        for (int i = 0; i < pa.size(); i++) {
            if (pa.predictedClass(i) != pb.predictedClass(i)) {
                differ++;
            }
            double[] sa = pa.scores(i);
            double[] sb = pb.scores(i);
            for (int k = 0; k < sa.length; k++) {
                maxScore = Math.max(maxScore, Math.abs(sa[k] - sb[k]));
            }
        }
        out.printf(Locale.ROOT, "Predictions on %s (%d utterances%s): agreement %.1f%% (%d differ); max |score difference| %.3g%n",
                source, pa.size(), debiased ? "" : ", no debiasing", 100.0 * (pa.size() - differ) / pa.size(), differ, maxScore);
        out.println("  model: " + MetricsFormat.line(SentimentMetrics.evaluate(pa)));
        out.println("  other: " + MetricsFormat.line(SentimentMetrics.evaluate(pb)));
    }
}
