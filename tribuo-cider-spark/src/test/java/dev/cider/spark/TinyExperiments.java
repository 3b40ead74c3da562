package dev.cider.spark;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cider.data.SentimentTask;
import dev.cider.data.source.SyntheticPreset;
import dev.cider.data.source.SyntheticSource;
import dev.cider.eval.baseline.Baselines;
import dev.cider.eval.compare.ComparisonExperiment;
import dev.cider.eval.compare.SystemSpec;
import dev.cider.eval.report.ComparisonReport;
import dev.cider.eval.report.JsonResults;
import dev.cider.missing.Rmfm;
import dev.cider.train.CiderArchitecture;
import dev.cider.train.CiderTrainer;

import java.util.List;

/** Tiny synthetic experiments for the engine tests, and what of their reports must agree between engines. */
final class TinyExperiments {

    private TinyExperiments() {
    }

    private static SyntheticSource data() {
        return SyntheticSource.builder(SyntheticPreset.MOSI_ALIGNED).task(SentimentTask.BINARY).seed(9).sizes(40, 12, 24).build();
    }

    /**
     * A one-epoch tiny CIDer and logistic regression, two training seeds: four trials.
     * @return The experiment.
     */
    static ComparisonExperiment withCider() {
        CiderTrainer cider = CiderTrainer.builder(SentimentTask.BINARY, 3).schedule(1, 16, 5).showProgress(false)
                .architecture(CiderArchitecture.builder().size(16, 1, 2).build()).build();
        return new ComparisonExperiment("spark-tiny", data(), null, List.of(new SystemSpec("CIDer", cider),
                new SystemSpec("LR", Baselines.trainer(Baselines.LOGISTIC_REGRESSION))), List.of(new Rmfm()), new double[] {0.0, 0.5, 1.0}, 100)
                .withReferenceLines(false).withSeeds(List.of(3L, 4L), List.of(0L));
    }

    /**
     * Logistic regression and the given extra systems, once each with their configured seeds.
     * @param extra Further systems.
     * @return The experiment.
     */
    static ComparisonExperiment baselines(List<SystemSpec> extra) {
        List<SystemSpec> systems = new java.util.ArrayList<>(List.of(new SystemSpec("LR", Baselines.trainer(Baselines.LOGISTIC_REGRESSION))));
        systems.addAll(extra);
        return new ComparisonExperiment("spark-baselines", data(), null, systems, List.of(new Rmfm()), new double[] {0.0, 1.0}, 100)
                .withReferenceLines(false);
    }

    /**
     * A report's results.json without its wall time and the time stamps of provenance (when a data source was read).
     * @param r The report.
     * @return The comparable text.
     */
    static String comparable(ComparisonReport r) {
        ObjectNode json = JsonResults.toJson(r);
        ((ObjectNode) json.get("metadata")).remove(ComparisonReport.WALL_TIME);
        return json.toString().replaceAll("\"value\":\"\\d{4}-\\d\\d-\\d\\dT[^\"]*\"", "\"value\":\"(time)\"")
                .replaceAll("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z", "(time)");
    }

    /**
     * Asserts that two reports are the same apart from timings, showing where they first differ.
     * @param expected The expected report.
     * @param actual The actual report.
     * @param replacements Pairs of a text of the expected report and what it is in the actual one.
     */
    static void assertSameReport(ComparisonReport expected, ComparisonReport actual, String... replacements) {
        String a = comparable(expected);
        for (int r = 0; r + 1 < replacements.length; r += 2) {
            a = a.replace(replacements[r], replacements[r + 1]);
        }
        String b = comparable(actual);
        if (!a.equals(b)) {
            int i = 0;
            while (i < Math.min(a.length(), b.length()) && a.charAt(i) == b.charAt(i)) {
                i++;
            }
            int from = Math.max(0, i - 300);
            org.junit.jupiter.api.Assertions.fail("The reports differ at character " + i + ":\nexpected ..." + a.substring(from, Math.min(a.length(), i + 200))
                    + "\nactual   ..." + b.substring(from, Math.min(b.length(), i + 200)));
        }
    }
}
