package dev.cider.eval.ood;

import dev.cider.data.DataSplit;

import java.util.List;

/**
 * The label distribution of one split of a partition and how far it is from the train split's.
 * <p>
 * The shift is the largest absolute difference, over the classes, between a class's fraction in this split and in
 * train (for the two polar classes alone it is the difference in positive fraction).
 * @param split The split.
 * @param classNames The class names, in the order of {@code counts}.
 * @param counts The number of utterances of each class in the split.
 * @param shift The largest class-fraction difference against the train split (0 for train itself).
 */
public record SplitLabelBalance(DataSplit split, List<String> classNames, List<Integer> counts, double shift) {

    /**
     * Checks the components and copies the lists.
     * @param split The split.
     * @param classNames The class names.
     * @param counts The class counts.
     * @param shift The shift against train.
     */
    public SplitLabelBalance {
        if (classNames.size() != counts.size()) {
            throw new IllegalArgumentException("Found " + classNames.size() + " class names but " + counts.size() + " counts");
        }
        classNames = List.copyOf(classNames);
        counts = List.copyOf(counts);
    }

    /**
     * The number of utterances in the split.
     * @return The size.
     */
    public int size() {
        return counts.stream().mapToInt(Integer::intValue).sum();
    }

    /**
     * The fraction of the split's utterances in a class.
     * @param classIndex The class index.
     * @return The fraction (0 for an empty split).
     */
    public double fraction(int classIndex) {
        int size = size();
        return size == 0 ? 0 : counts.get(classIndex) / (double) size;
    }

    /**
     * The largest class-fraction difference between two class-count vectors.
     * @param counts The counts of one split.
     * @param reference The counts of the reference split.
     * @return The shift.
     */
    static double shift(int[] counts, int[] reference) {
        double n = 0;
        double m = 0;
        for (int k = 0; k < counts.length; k++) {
            n += counts[k];
            m += reference[k];
        }
        double worst = 0;
        for (int k = 0; k < counts.length; k++) {
            double a = n == 0 ? 0 : counts[k] / n;
            double b = m == 0 ? 0 : reference[k] / m;
            worst = Math.max(worst, Math.abs(a - b));
        }
        return worst;
    }
}
