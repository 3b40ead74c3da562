package dev.cider.eval.report;

import dev.cider.eval.stats.PairedDifference;

import java.util.Objects;

/**
 * One paired comparison of a report: two systems of a setting on one quantity (AUILC or complete input) of one metric,
 * with the p-value adjusted for every comparison of the same metric and quantity in the report (Holm).
 * <p>
 * A difference is claimed only when its 95% interval excludes zero and its adjusted p-value is below
 * {@value #ALPHA}; otherwise the report says that no difference is detectable at this sample size.
 *
 * @param setting    The setting.
 * @param pair       The two systems (first minus second).
 * @param difference The paired difference, its interval and unadjusted p-value.
 * @param adjustedP  The Holm-adjusted p-value.
 * @param familySize How many comparisons the adjustment is over.
 */
public record PairComparison(String setting, SystemPair pair, PairedDifference difference, double adjustedP, int familySize) {

    /** The significance level of claims. */
    public static final double ALPHA = 0.05;

    /** What a comparison lets the report say. */
    public enum Verdict {
        /** The first system is higher: the interval is above zero and the adjusted p-value below the level. */
        FIRST_HIGHER,
        /** The second system is higher. */
        SECOND_HIGHER,
        /** No difference is detectable at this sample size. */
        NO_DETECTABLE_DIFFERENCE
    }

    /**
     * Creates a comparison.
     * @param setting The setting.
     * @param pair The pair.
     * @param difference The difference.
     * @param adjustedP The adjusted p-value.
     * @param familySize The family size.
     */
    public PairComparison {
        Objects.requireNonNull(setting, "setting");
        Objects.requireNonNull(pair, "pair");
        Objects.requireNonNull(difference, "difference");
    }

    /** @return What the report may claim. */
    public Verdict verdict() {
        double lo = difference.difference().lower();
        double hi = difference.difference().upper();
        if (!(adjustedP < ALPHA)) {
            return Verdict.NO_DETECTABLE_DIFFERENCE;
        }
        if (lo > 0) {
            return Verdict.FIRST_HIGHER;
        }
        if (hi < 0) {
            return Verdict.SECOND_HIGHER;
        }
        return Verdict.NO_DETECTABLE_DIFFERENCE;
    }

    /** @return The verdict in words, e.g. "CIDer higher" or "no detectable difference at this sample size". */
    public String conclusion() {
        return switch (verdict()) {
            case FIRST_HIGHER -> pair.first() + " higher";
            case SECOND_HIGHER -> pair.second() + " higher";
            case NO_DETECTABLE_DIFFERENCE -> "no detectable difference at this sample size";
        };
    }
}
