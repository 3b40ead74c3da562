package dev.cider.eval.reproduce;

import dev.cider.eval.report.TextTable;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The plain-text form of a {@link ResultsDiff}.
 */
final class ResultsDiffText {

    /** How many differing numbers the text lists (the JSON form lists all). */
    static final int LISTED_DIFFERENCES = 20;

    private ResultsDiffText() {
    }

    /**
     * Renders a diff.
     * @param diff The diff.
     * @return The text, lines ending in '\n'.
     */
    static String render(ResultsDiff diff) {
        StringBuilder sb = new StringBuilder();
        sb.append("Rerun of '").append(diff.title()).append("' against the recorded results: ")
                .append(diff.identical() ? "IDENTICAL (every number and verdict)" : "DIFFERENT").append('\n');
        sb.append(String.format(Locale.ROOT, "  numbers compared: %d; differing: %d", diff.numbersCompared(), diff.numbersDiffering()));
        if (diff.undefinedOnOneSide() > 0) {
            sb.append(String.format(Locale.ROOT, " (%d undefined on one side only)", diff.undefinedOnOneSide()));
        }
        sb.append("; max |difference|: ").append(number(diff.maxAbsoluteDifference()));
        diff.largest().ifPresent(d -> sb.append(" (").append(d.where()).append(')'));
        sb.append('\n');
        List<VerdictComparison> changed = diff.changedVerdicts();
        sb.append(String.format(Locale.ROOT, "  pair verdicts: %d compared, %s", diff.verdicts().size(),
                changed.isEmpty() ? "none changed" : changed.size() + " changed")).append('\n');
        if (!diff.unmatched().isEmpty()) {
            sb.append(String.format(Locale.ROOT, "  items on one side only: %d", diff.unmatched().size())).append('\n');
        }
        if (!diff.shifts().isEmpty()) {
            sb.append('\n').append("Means against the seed spread (difference of the means over the recorded SD of the per-seed values;")
                    .append(" n/a with one seed):\n");
            TextTable table = new TextTable(5, "setting", "system", "task", "quantity", "metric", "recorded", "rerun", "difference",
                    "seed SD", "|diff|/SD");
            for (MeanShift s : diff.shifts()) {
                table.row(s.setting(), s.system(), s.task().name(), s.quantity(), s.metric().key(), number(s.recordedMean()),
                        number(s.rerunMean()), signed(s.difference()), number(s.seedSd()), ratio(s.relativeToSpread()));
            }
            sb.append(table.render("  "));
        }
        if (!changed.isEmpty()) {
            sb.append('\n').append("Changed verdicts:\n");
            for (VerdictComparison v : changed) {
                sb.append("  ").append(v.name()).append(": ").append(v.recorded()).append(" -> ").append(v.rerun())
                        .append(" (difference ").append(number(v.recordedDifference())).append(" -> ").append(number(v.rerunDifference()))
                        .append(")\n");
            }
        }
        if (!diff.differences().isEmpty()) {
            List<NumberDifference> largest = diff.differences().stream()
                    .sorted(Comparator.comparingDouble((NumberDifference d) -> d.definedInBoth() ? d.absolute() : Double.POSITIVE_INFINITY)
                            .reversed()).limit(LISTED_DIFFERENCES).toList();
            sb.append('\n').append(String.format(Locale.ROOT, "Numbers that differ (%s, largest first):", largest.size() == diff.differences().size()
                    ? "all " + largest.size() : largest.size() + " of " + diff.differences().size())).append('\n');
            TextTable table = new TextTable(1, "where", "recorded", "rerun", "difference");
            for (NumberDifference d : largest) {
                table.row(d.where(), number(d.recorded()), number(d.rerun()), signed(d.difference()));
            }
            sb.append(table.render("  "));
        }
        if (!diff.unmatched().isEmpty()) {
            sb.append('\n').append("On one side only:\n");
            for (String u : diff.unmatched()) {
                sb.append("  ").append(u).append('\n');
            }
        }
        return sb.toString();
    }

    /** A number with six significant digits; "-" where undefined. */
    static String number(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        if (v == 0) {
            return "0";
        }
        return String.format(Locale.ROOT, "%.6g", v);
    }

    /** A number with its sign ("+" for positive differences). */
    private static String signed(double v) {
        return Double.isNaN(v) || v <= 0 ? number(v) : "+" + number(v);
    }

    /** A ratio with two decimals; "n/a" where undefined, "inf" where infinite. */
    private static String ratio(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        return Double.isInfinite(v) ? "inf" : String.format(Locale.ROOT, "%.2f", v);
    }
}
