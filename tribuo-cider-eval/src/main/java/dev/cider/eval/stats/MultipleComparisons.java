package dev.cider.eval.stats;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Objects;

/**
 * Adjustments of a family of p-values for multiple comparisons, each controlling the family-wise error rate.
 * <p>
 * {@link #holm Holm}'s step-down method is the default ({@link #adjust}): it makes no assumption about how the tests
 * depend on each other, as Bonferroni, and is uniformly at least as powerful, so there is no reason to prefer
 * Bonferroni except its simplicity.
 */
public final class MultipleComparisons {

    private MultipleComparisons() {
    }

    /**
     * The default adjustment, {@link #holm Holm}'s.
     * @param pValues The raw p-values.
     * @return The adjusted p-values, in the input order.
     */
    public static double[] adjust(double[] pValues) {
        return holm(pValues);
    }

    /**
     * Holm's step-down adjustment: with the m p-values sorted ascending, {@code p_(1) <= ... <= p_(m)}, the adjusted
     * value of {@code p_(i)} is {@code max_{j <= i} min(1, (m - j + 1) p_(j))}.
     * @param pValues The raw p-values, each in [0, 1].
     * @return The adjusted p-values in the input order: each at least its raw value, at most 1, and ordered as the raw
     *     values are.
     * @throws IllegalArgumentException if a p-value is NaN or outside [0, 1].
     */
    public static double[] holm(double[] pValues) {
        check(pValues);
        int m = pValues.length;
        Integer[] order = new Integer[m];
        for (int i = 0; i < m; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> pValues[i]));
        double[] adjusted = new double[m];
        double running = 0;
        for (int rank = 0; rank < m; rank++) {
            int i = order[rank];
            running = Math.max(running, Math.min(1.0, (m - rank) * pValues[i]));
            adjusted[i] = running;
        }
        return adjusted;
    }

    /**
     * Bonferroni's adjustment: {@code min(1, m p)}.
     * @param pValues The raw p-values, each in [0, 1].
     * @return The adjusted p-values in the input order.
     * @throws IllegalArgumentException if a p-value is NaN or outside [0, 1].
     */
    public static double[] bonferroni(double[] pValues) {
        check(pValues);
        double[] adjusted = new double[pValues.length];
        for (int i = 0; i < pValues.length; i++) {
            adjusted[i] = Math.min(1.0, pValues.length * pValues[i]);
        }
        return adjusted;
    }

    private static void check(double[] pValues) {
        Objects.requireNonNull(pValues, "pValues");
        for (int i = 0; i < pValues.length; i++) {
            if (!(pValues[i] >= 0 && pValues[i] <= 1)) {
                throw new IllegalArgumentException("p-value " + i + " is " + pValues[i] + ", expected a value in [0, 1]");
            }
        }
    }
}
