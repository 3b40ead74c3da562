package dev.cider.eval.reproduce;

import dev.cider.repro.EnvironmentComparison;
import dev.cider.repro.ParameterComparison;
import dev.cider.repro.ParameterGroupComparison;
import dev.cider.repro.PredictionAgreement;
import dev.cider.repro.ProvenanceDifference;
import dev.cider.repro.ReproductionReport;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The plain-text summary of a {@link ReproductionReport}: provenance differences, the numerics environment (the saved
 * model's against this process's), parameters, test predictions, the
 * verdict ({@code identical: yes} or {@code identical: no}) and, when the reproduction differs, its likely causes.
 */
public final class ModelReproductionSummary {

    /** How many differing parameter groups are listed (largest difference first). */
    public static final int LISTED_GROUPS = 10;

    private ModelReproductionSummary() {
    }

    /**
     * The summary lines.
     * @param report The report.
     * @return The lines, without line terminators.
     */
    public static List<String> lines(ReproductionReport report) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "Retrained in %.1f s", report.retrainingTime().toMillis() / 1000.0));
        provenance(report, lines);
        environment(report.environment(), lines);
        parameters(report.parameters(), lines);
        PredictionAgreement p = report.predictions();
        lines.add(String.format(Locale.ROOT, "Test predictions: %d of %d utterances with the same label (%.1f%%), max |probability difference| %s",
                p.sameLabel(), p.utterances(), 100 * p.agreement(), number(p.maxProbabilityDifference())));
        lines.add("identical: " + (report.identical() ? "yes" : "no"));
        if (!report.identical()) {
            lines.add("Causes:");
            for (String cause : report.causes()) {
                lines.add("  - " + cause);
            }
        }
        return lines;
    }

    private static void provenance(ReproductionReport report, List<String> lines) {
        long expected = report.provenanceDifferences().stream().filter(ProvenanceDifference::isExpected).count();
        List<ProvenanceDifference> significant = report.significantDifferences();
        lines.add("Provenance: " + expected + " expected difference" + (expected == 1 ? "" : "s") + " (timestamps, checkpointing, progress output), "
                + (significant.isEmpty() ? "no other difference" : significant.size() + " other" + (significant.size() == 1 ? "" : "s") + ":"));
        for (ProvenanceDifference d : significant) {
            lines.add("  " + d.describe());
        }
    }

    private static void environment(EnvironmentComparison e, List<String> lines) {
        if (e.first().isEmpty()) {
            lines.add("Numerics environment: not recorded in the saved model");
        } else if (e.same()) {
            lines.add("Numerics environment: this process's is the one the saved model records (" + e.first().get().values().size()
                    + " entries: CPU, ATen kernels, threads, numerics mode, versions)");
        } else {
            List<String> differences = e.differences();
            lines.add("Numerics environment (saved model | this process): " + differences.size() + " difference"
                    + (differences.size() == 1 ? "" : "s") + ":");
            for (String d : differences) {
                lines.add("  " + d);
            }
        }
    }

    private static void parameters(ParameterComparison c, List<String> lines) {
        String tau = c.tauIdentical() ? "tau " + number(c.originalTau()) : "tau " + number(c.originalTau()) + " != " + number(c.reproducedTau());
        String bias = "bias words " + (c.biasWordsIdentical() ? "identical" : "differ");
        if (c.identical()) {
            lines.add(String.format(Locale.ROOT, "Parameters: identical bit for bit (%d groups, %d values); %s; %s",
                    c.groups().size(), c.totalValues(), tau, bias));
            return;
        }
        List<ParameterGroupComparison> differing = c.differingGroupsLargestFirst();
        lines.add(String.format(Locale.ROOT, "Parameters: %d of %d values differ, in %d of %d groups; %s; %s",
                c.differingValues(), c.totalValues(), differing.size(), c.groups().size(), tau, bias));
        for (ParameterGroupComparison g : differing.subList(0, Math.min(LISTED_GROUPS, differing.size()))) {
            lines.add(g.shapesDiffer()
                    ? String.format(Locale.ROOT, "  %s: %d values in the saved model, %d in the reproduction", g.name(), g.originalSize(), g.reproducedSize())
                    : String.format(Locale.ROOT, "  %s: %d of %d differ, max |difference| %s", g.name(), g.differing(), g.originalSize(),
                    number(g.maxAbsDifference())));
        }
        if (differing.size() > LISTED_GROUPS) {
            lines.add("  ... and " + (differing.size() - LISTED_GROUPS) + " more groups (all of them in the --output JSON)");
        }
    }

    private static String number(double v) {
        if (v == 0.0) {
            return "0";
        }
        if (!Double.isFinite(v)) {
            return String.valueOf(v);
        }
        if (Math.abs(v) < 1e-3) {
            return String.format(Locale.ROOT, "%.3e", v);
        }
        return new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    }
}
