package dev.cider.eval.report;

import dev.cider.eval.stats.Estimate;

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
     * An estimate's mean with its spread over training seeds, in % ("66.5 ± 1.2"; the mean alone for one seed).
     * @param e The estimate.
     * @return The text.
     */
    static String meanSd(Estimate e) {
        if (e == null) {
            return ABSENT;
        }
        return Double.isNaN(e.sd()) ? percent(e.mean()) : percent(e.mean()) + " ± " + points(e.sd());
    }

    /**
     * An estimate's 95% interval in % ("[64.1, 68.3]").
     * @param e The estimate.
     * @return The text.
     */
    static String interval(Estimate e) {
        if (e == null) {
            return ABSENT;
        }
        return "[" + percent(e.lower()) + ", " + percent(e.upper()) + "]";
    }

    /**
     * An estimate in one cell: mean ± spread [interval], in %.
     * @param e The estimate.
     * @return The text.
     */
    static String estimate(Estimate e) {
        return e == null ? ABSENT : meanSd(e) + " " + interval(e);
    }

    /**
     * A difference of fractions in percentage points with its sign ("+2.2", "-4.5").
     * @param fraction The difference.
     * @return The text.
     */
    static String signedPoints(double fraction) {
        return Double.isNaN(fraction) ? UNDEFINED : String.format(Locale.ROOT, "%+.1f", fraction * 100.0);
    }

    /**
     * A spread in percentage points (no sign).
     * @param fraction The spread as a fraction.
     * @return The text.
     */
    static String points(double fraction) {
        return Double.isNaN(fraction) ? UNDEFINED : String.format(Locale.ROOT, "%.1f", fraction * 100.0);
    }

    /**
     * A p-value with three decimals, "< 0.001" below that.
     * @param p The p-value.
     * @return The text.
     */
    static String pValue(double p) {
        if (Double.isNaN(p)) {
            return UNDEFINED;
        }
        return p < 0.001 ? "< 0.001" : String.format(Locale.ROOT, "%.3f", p);
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
