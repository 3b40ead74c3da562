package dev.cider.eval.cli;

import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.Option;
import com.oracle.labs.mlrg.olcut.config.Options;
import dev.cider.data.DataSplit;
import dev.cider.data.MultimodalExample;
import dev.cider.data.MultimodalSource;
import dev.cider.metrics.SentimentMetrics;
import dev.cider.metrics.TribuoPredictions;
import dev.cider.model.CiderModel;
import dev.cider.repro.EnvironmentComparison;
import dev.cider.repro.ParameterComparison;
import dev.cider.repro.ParameterGroupComparison;
import dev.cider.repro.PredictionAgreement;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code cider diff-models}: how far apart two CIDer models of the same architecture are (for instance the same
 * training run on two machines or under two numerics settings): whether their learned values (network tensors, class
 * prototypes and priors, tau, bias words; {@link ParameterComparison}) are bit-identical and the groups with the largest
 * differences, what differs in the numerics environments their provenance records ({@link EnvironmentComparison}),
 * and, with a corpus, how often their predictions of a split agree ({@link PredictionAgreement}).
 */
public final class DiffModelsCommand implements CiderCommand {

    /** How many parameter groups with the largest differences are listed. */
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
            ParameterComparison.requireSameArchitecture(a, b);
            printParameters(ParameterComparison.between(a, b), out);
            printEnvironments(EnvironmentComparison.ofModels(a, b), out);
            if (o.data.isSet()) {
                ModelTask.apply(o.data, a.getTask(), o.model);
                DataSplit split = DataSplit.parse(o.split);
                MultimodalSource source = o.data.resolve(cm).forSplit(split);
                ModelTask.requireSame(source, o.data, a.getTask(), o.model);
                printPredictions(a, b, source, split.canonicalName(), !o.noDebias, out);
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
        String tau = String.format(Locale.ROOT, c.tauIdentical() ? "%.3g" : "%.3g | %.3g", c.originalTau(), c.reproducedTau());
        out.printf(Locale.ROOT, "Parameters: %,d values in %d groups (network tensors, class prototypes, priors); bit-identical: %s;"
                        + " %,d values differ; max |difference| %.3g; tau %s; bias words %s%n", c.totalValues(), c.groups().size(),
                c.identical() ? "yes" : "no", c.differingValues(), c.maxAbsDifference(), tau, c.biasWordsIdentical() ? "the same" : "differ");
        List<ParameterGroupComparison> differing = c.differingGroupsLargestFirst();
        for (ParameterGroupComparison g : differing.subList(0, Math.min(LISTED_PARAMETERS, differing.size()))) {
            out.printf(Locale.ROOT, "  %s: max |difference| %.3g (%,d of %,d values differ)%n", g.name(), g.maxAbsDifference(), g.differing(),
                    Math.max(g.originalSize(), g.reproducedSize()));
        }
    }

    private static void printEnvironments(EnvironmentComparison e, PrintStream out) {
        if (!e.bothRecorded()) {
            out.println("Numerics environments: not recorded in " + (e.first().isEmpty() && e.second().isEmpty() ? "either model"
                    : e.first().isEmpty() ? "--model" : "--other"));
            return;
        }
        List<String> differences = e.differences();
        out.println("Numerics environments (model | other): " + (differences.isEmpty() ? "the same" : differences.size() + " differences"));
        for (String d : differences) {
            out.println("  " + d);
        }
    }

    private static void printPredictions(CiderModel a, CiderModel b, MultimodalSource source, String split, boolean debiased, PrintStream out) {
        List<MultimodalExample> examples = new ArrayList<>(source.examples());
        List<Prediction<Label>> pa = a.predict(examples, debiased);
        List<Prediction<Label>> pb = b.predict(examples, debiased);
        PredictionAgreement agreement = PredictionAgreement.of(split, pa, pb);
        out.printf(Locale.ROOT, "Predictions on %s (%d utterances%s): agreement %.1f%% (%d differ); max |score difference| %.3g%n",
                source, agreement.utterances(), debiased ? "" : ", no debiasing", 100.0 * agreement.agreement(),
                agreement.utterances() - agreement.sameLabel(), agreement.maxProbabilityDifference());
        out.println("  model: " + MetricsFormat.line(SentimentMetrics.evaluate(TribuoPredictions.fromPredictions(pa, examples, a.getTask()))));
        out.println("  other: " + MetricsFormat.line(SentimentMetrics.evaluate(TribuoPredictions.fromPredictions(pb, examples, b.getTask()))));
    }
}
