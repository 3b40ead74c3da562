package dev.cider.eval.reproduce;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cider.eval.report.ReportedComparison;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Recorded results against a rerun, number by number: every estimate of every curve point and AUILC (mean, SD,
 * interval ends, each per-seed value, skipped replicates), every paired comparison (the difference as an estimate,
 * p-value, Holm-adjusted p-value, family size and verdict), every run's values and AUILCs, and the seeds and bootstrap
 * settings. Curves, pairs, runs, points and metrics are matched by name; those present on one side only are named in
 * {@link #unmatched()}, never skipped silently. Numbers are compared exactly (undefined equals undefined).
 * <p>
 * For each curve and metric the shift of the mean is set against the recorded spread over training seeds
 * ({@link MeanShift}): on the same machine a rerun is identical, elsewhere rounding may move numbers by amounts that
 * are small against that spread.
 *
 * @param title           The recorded results' title.
 * @param numbersCompared How many numbers were compared.
 * @param differences     The numbers that differ, in document order.
 * @param shifts          For each matched curve and metric, the shift of its AUILC mean (or of each point's mean for a
 *                        curve without an AUILC).
 * @param verdicts        Every matched pair's verdict in both.
 * @param unmatched       Items present on one side only, and seed lists that differ, by name.
 */
public record ResultsDiff(String title, int numbersCompared, List<NumberDifference> differences, List<MeanShift> shifts,
                          List<VerdictComparison> verdicts, List<String> unmatched) {

    /**
     * Creates a diff.
     */
    public ResultsDiff {
        Objects.requireNonNull(title, "title");
        differences = List.copyOf(differences);
        shifts = List.copyOf(shifts);
        verdicts = List.copyOf(verdicts);
        unmatched = List.copyOf(unmatched);
    }

    /**
     * Compares a rerun with recorded results.
     * @param recorded The recorded results (e.g. read from results.json).
     * @param rerun The rerun's results (e.g. a new report rendered to JSON and read back).
     * @return The diff.
     */
    public static ResultsDiff between(ReportedComparison recorded, ReportedComparison rerun) {
        return ResultsComparer.compare(Objects.requireNonNull(recorded, "recorded"), Objects.requireNonNull(rerun, "rerun"));
    }

    /** @return True if every number and verdict is the same and nothing is on one side only. */
    public boolean identical() {
        return differences.isEmpty() && unmatched.isEmpty() && changedVerdicts().isEmpty();
    }

    /** @return How many numbers differ. */
    public int numbersDiffering() {
        return differences.size();
    }

    /** @return How many of the differing numbers are defined on one side only. */
    public int undefinedOnOneSide() {
        return (int) differences.stream().filter(d -> !d.definedInBoth()).count();
    }

    /** @return The difference of the largest absolute size among numbers defined on both sides, if any differ. */
    public Optional<NumberDifference> largest() {
        return differences.stream().filter(NumberDifference::definedInBoth).max(Comparator.comparingDouble(NumberDifference::absolute));
    }

    /** @return The largest absolute difference among numbers defined on both sides; 0 if none differs. */
    public double maxAbsoluteDifference() {
        return largest().map(NumberDifference::absolute).orElse(0.0);
    }

    /** @return The pairs whose verdict changed, in order. */
    public List<VerdictComparison> changedVerdicts() {
        return verdicts.stream().filter(VerdictComparison::changed).toList();
    }

    /**
     * Renders the diff for people: a summary, the mean shifts against the seed spread, changed verdicts, the largest
     * differing numbers and the unmatched items.
     * @return The text, lines ending in '\n'.
     */
    public String render() {
        return ResultsDiffText.render(this);
    }

    /**
     * The diff as JSON, with every differing number and every verdict.
     * @return The JSON object.
     */
    public ObjectNode toJson() {
        return ResultsDiffJson.toJson(this);
    }
}
