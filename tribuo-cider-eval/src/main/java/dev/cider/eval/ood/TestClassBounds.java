package dev.cider.eval.ood;

import java.util.List;
import java.util.Locale;

/**
 * For each class, the range of counts the test split may hold so that every class stays present on both sides and
 * the class's fraction in test is within a bound of its fraction on the training side (train and valid together).
 * <p>
 * With {@code n} utterances of a class in the corpus, a test split of {@code s} utterances and a training side of
 * {@code r}, a test count {@code m} gives the difference {@code m/s - (n-m)/r}, increasing in {@code m}, so the
 * allowed counts form an interval. A partition meeting every class's interval exists iff every interval is non-empty
 * and the test size lies between the sums of the lower and of the upper ends.
 */
final class TestClassBounds {

    /** A class needs one utterance in each of train, valid and test. */
    static final int MIN_CLASS_COUNT = 3;

    final int[] lower;
    final int[] upper;

    /**
     * Computes the intervals, refusing when no partition can meet them.
     * @param classNames The class names (for messages).
     * @param totals The corpus count of each class (0 for an absent class).
     * @param testSize The test split's size.
     * @param sideSize The training side's size.
     * @param bound The allowed fraction difference between test and the training side.
     * @param maxLabelShift The user's bound (for messages).
     * @throws IllegalArgumentException naming the class or the bound when no partition can meet it.
     */
    TestClassBounds(List<String> classNames, int[] totals, int testSize, int sideSize, double bound, double maxLabelShift) {
        lower = new int[totals.length];
        upper = new int[totals.length];
        double scale = 1.0 / testSize + 1.0 / sideSize;
        long lowerSum = 0;
        long upperSum = 0;
        StringBuilder ranges = new StringBuilder();
        for (int k = 0; k < totals.length; k++) {
            int n = totals[k];
            if (n == 0) {
                continue;
            }
            if (n < MIN_CLASS_COUNT) {
                throw new IllegalArgumentException("Class '" + classNames.get(k) + "' has only " + n + " utterance(s) in the corpus; "
                        + "every split (train, valid, test) needs at least one, so the OOD split would be degenerate");
            }
            double centre = (double) n / sideSize;
            lower[k] = (int) Math.max(1, Math.ceil((centre - bound) / scale - 1e-9));
            upper[k] = (int) Math.min(Math.min(n - 2, testSize), Math.floor((centre + bound) / scale + 1e-9));
            if (lower[k] > upper[k]) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "No test split of %d utterances can hold class '%s' "
                        + "(%d in the corpus) within maxLabelShift %.3f of training while leaving it in train and valid: "
                        + "the bound is impossible to meet; raise maxLabelShift", testSize, classNames.get(k), n, maxLabelShift));
            }
            lowerSum += lower[k];
            upperSum += upper[k];
            ranges.append(String.format(Locale.ROOT, " %s %d..%d", classNames.get(k), lower[k], upper[k]));
        }
        if (testSize < lowerSum || testSize > upperSum) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "No test split of %d utterances keeps every class within "
                    + "maxLabelShift %.3f of training (allowed test counts:%s): the bound is impossible to meet; raise maxLabelShift",
                    testSize, maxLabelShift, ranges));
        }
    }

    /**
     * Whether a test count is allowed.
     * @param classIndex The class.
     * @param count The count.
     * @return True if allowed (an absent class only allows 0).
     */
    boolean allows(int classIndex, int count) {
        return count >= lower[classIndex] && count <= upper[classIndex];
    }
}
