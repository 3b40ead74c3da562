package dev.cider.eval.report;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * Number and text formatting shared by the report writers.
 */
final class ReportFormat {

    /** Shown in tables where a system has no value (it was not run there, or its task lacks the metric). */
    static final String ABSENT = "—";
    /** Shown where a value is undefined (NaN, e.g. Acc2 non0 when every utterance is neutral). */
    static final String UNDEFINED = "n/a";

    private ReportFormat() {
    }

    /**
     * A fraction as a percentage with one decimal, as the paper prints it (0.7214 becomes "72.1").
     * @param fraction The value in [0, 1].
     * @return The text, {@link #UNDEFINED} for NaN.
     */
    static String percent(double fraction) {
        return Double.isNaN(fraction) ? UNDEFINED : String.format(Locale.ROOT, "%.1f", fraction * 100.0);
    }

    /**
     * A missing rate with as few decimals as it needs, at least one (0.0, 0.1, 0.25).
     * @param rate The rate.
     * @return The text.
     */
    static String rate(double rate) {
        String s = BigDecimal.valueOf(rate).stripTrailingZeros().toPlainString();
        return s.contains(".") ? s : s + ".0";
    }

    /**
     * A file-name-safe lower-case form of a name ("OOD, RMFM" becomes "ood-rmfm").
     * @param name The name.
     * @return The slug, "x" if nothing is left.
     */
    static String slug(String name) {
        String s = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        return s.isEmpty() ? "x" : s;
    }

    /**
     * Text made safe for a Markdown table cell (pipes escaped, line breaks turned into spaces).
     * @param text The text.
     * @return The cell text.
     */
    static String cell(String text) {
        return text.replace("\\", "\\\\").replace("|", "\\|").replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }
}
