package dev.cider.metrics;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * An immutable confusion matrix whose rows are true classes and whose columns are predicted classes.
 * <p>
 * The row and column label sets may differ (the headline "non0" setting has truths {negative, positive}
 * and predictions {negative, neutral, positive}); a prediction is correct when its column label equals the
 * row label. Precision, recall and F1 follow scikit-learn's {@code precision_recall_fscore_support}: a
 * class's precision is 0 when nothing was predicted as it, its recall is 0 when it has no support, and its
 * F1 is 0 when precision and recall are both 0. {@link #weightedF1()} is scikit-learn's
 * {@code f1_score(average='weighted')}: per-class F1 weighted by true support, so a class that only occurs
 * as a prediction (support 0) contributes nothing, while its predictions still lower the recall of the
 * true classes they were taken from.
 */
public final class ConfusionMatrix implements Serializable {
    private static final long serialVersionUID = 1L;

    private final List<String> truthLabels;
    private final List<String> predictedLabels;
    private final long[][] counts;
    private final long total;

    /**
     * Creates a confusion matrix.
     * @param truthLabels The row labels (true classes), distinct.
     * @param predictedLabels The column labels (predicted classes), distinct.
     * @param counts {@code counts[row][column]}, non-negative, copied.
     * @throws IllegalArgumentException if the shape disagrees with the labels, a label repeats or a count is negative.
     */
    public ConfusionMatrix(List<String> truthLabels, List<String> predictedLabels, long[][] counts) {
        this.truthLabels = Collections.unmodifiableList(new ArrayList<>(truthLabels));
        this.predictedLabels = Collections.unmodifiableList(new ArrayList<>(predictedLabels));
        checkDistinct(this.truthLabels, "true");
        checkDistinct(this.predictedLabels, "predicted");
        if (counts.length != truthLabels.size()) {
            throw new IllegalArgumentException("Expected " + truthLabels.size() + " rows, found " + counts.length);
        }
        this.counts = new long[counts.length][];
        long sum = 0;
        for (int r = 0; r < counts.length; r++) {
            if (counts[r].length != predictedLabels.size()) {
                throw new IllegalArgumentException("Row " + r + " has " + counts[r].length + " columns, expected " + predictedLabels.size());
            }
            for (long c : counts[r]) {
                if (c < 0) {
                    throw new IllegalArgumentException("Negative count " + c + " in row " + r);
                }
                sum += c;
            }
            this.counts[r] = counts[r].clone();
        }
        this.total = sum;
    }

    private static void checkDistinct(List<String> labels, String kind) {
        if (new HashSet<>(labels).size() != labels.size()) {
            throw new IllegalArgumentException("Repeated " + kind + " label in " + labels);
        }
        for (String l : labels) {
            Objects.requireNonNull(l, kind + " label");
        }
    }

    /**
     * Builds a matrix by tallying pairs of class indices.
     * @param truthLabels The row labels.
     * @param predictedLabels The column labels.
     * @param truth The true class index of each sample (into {@code truthLabels}).
     * @param predicted The predicted class index of each sample (into {@code predictedLabels}).
     * @return The matrix.
     */
    static ConfusionMatrix tally(List<String> truthLabels, List<String> predictedLabels, int[] truth, int[] predicted) {
        if (truth.length != predicted.length) {
            throw new IllegalArgumentException(truth.length + " truths but " + predicted.length + " predictions");
        }
        long[][] counts = new long[truthLabels.size()][predictedLabels.size()];
        for (int i = 0; i < truth.length; i++) {
            counts[truth[i]][predicted[i]]++;
        }
        return new ConfusionMatrix(truthLabels, predictedLabels, counts);
    }

    /** @return The row labels (true classes). */
    public List<String> truthLabels() {
        return truthLabels;
    }

    /** @return The column labels (predicted classes). */
    public List<String> predictedLabels() {
        return predictedLabels;
    }

    /**
     * One cell.
     * @param row The true class index.
     * @param column The predicted class index.
     * @return The number of samples of that true class predicted as that class.
     */
    public long count(int row, int column) {
        return counts[row][column];
    }

    /**
     * One cell by label names.
     * @param truth The true class.
     * @param predicted The predicted class.
     * @return The count.
     * @throws IllegalArgumentException if a label is not in the matrix.
     */
    public long count(String truth, String predicted) {
        return counts[rowOf(truth)][columnOf(predicted)];
    }

    /** @return The number of samples. */
    public long total() {
        return total;
    }

    /** @return The number of samples whose predicted label equals their true label. */
    public long correct() {
        long c = 0;
        for (int r = 0; r < truthLabels.size(); r++) {
            int col = predictedLabels.indexOf(truthLabels.get(r));
            if (col >= 0) {
                c += counts[r][col];
            }
        }
        return c;
    }

    /** @return The fraction of correct samples, NaN if the matrix is empty. */
    public double accuracy() {
        return total == 0 ? Double.NaN : correct() / (double) total;
    }

    /**
     * The support (number of true samples) of a class; 0 for a label that is only a prediction.
     * @param label The class.
     * @return The support.
     */
    public long support(String label) {
        int r = truthLabels.indexOf(label);
        if (r < 0) {
            return 0;
        }
        long s = 0;
        for (long c : counts[r]) {
            s += c;
        }
        return s;
    }

    /**
     * How often a class was predicted; 0 for a label that is only a truth.
     * @param label The class.
     * @return The number of samples predicted as that class.
     */
    public long predictedCount(String label) {
        int col = predictedLabels.indexOf(label);
        if (col < 0) {
            return 0;
        }
        long s = 0;
        for (long[] row : counts) {
            s += row[col];
        }
        return s;
    }

    /**
     * The number of samples of a class predicted as that class.
     * @param label The class.
     * @return The true positives.
     */
    public long truePositives(String label) {
        int r = truthLabels.indexOf(label);
        int col = predictedLabels.indexOf(label);
        return r < 0 || col < 0 ? 0 : counts[r][col];
    }

    /**
     * Precision of a class: true positives over predicted count, 0 if the class was never predicted.
     * @param label The class.
     * @return The precision.
     */
    public double precision(String label) {
        long p = predictedCount(label);
        return p == 0 ? 0.0 : truePositives(label) / (double) p;
    }

    /**
     * Recall of a class: true positives over support, 0 if the class has no support.
     * @param label The class.
     * @return The recall.
     */
    public double recall(String label) {
        long s = support(label);
        return s == 0 ? 0.0 : truePositives(label) / (double) s;
    }

    /**
     * F1 of a class: the harmonic mean of precision and recall, 0 if both are 0.
     * @param label The class.
     * @return The F1 score.
     */
    public double f1(String label) {
        double p = precision(label);
        double r = recall(label);
        return p + r == 0 ? 0.0 : 2 * p * r / (p + r);
    }

    /**
     * The support-weighted mean of the per-class F1 over all labels of the matrix (scikit-learn's
     * {@code average='weighted'}). Labels without support have weight 0.
     * @return The weighted F1, NaN if the matrix is empty.
     */
    public double weightedF1() {
        if (total == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (String label : truthLabels) {
            long s = support(label);
            if (s > 0) {
                sum += s * f1(label);
            }
        }
        return sum / total;
    }

    private int rowOf(String label) {
        int r = truthLabels.indexOf(label);
        if (r < 0) {
            throw new IllegalArgumentException("Unknown true label '" + label + "', expected one of " + truthLabels);
        }
        return r;
    }

    private int columnOf(String label) {
        int c = predictedLabels.indexOf(label);
        if (c < 0) {
            throw new IllegalArgumentException("Unknown predicted label '" + label + "', expected one of " + predictedLabels);
        }
        return c;
    }

    /**
     * The matrix as a plain-text table, true classes down, predicted classes across.
     * @return The table.
     */
    public String toTable() {
        int width = 9;
        for (String l : truthLabels) {
            width = Math.max(width, l.length() + 2);
        }
        for (String l : predictedLabels) {
            width = Math.max(width, l.length() + 2);
        }
        for (long[] row : counts) {
            for (long c : row) {
                width = Math.max(width, Long.toString(c).length() + 2);
            }
        }
        String cell = "%" + width + "s";
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, cell, "true\\pred"));
        for (String l : predictedLabels) {
            sb.append(String.format(Locale.ROOT, cell, l));
        }
        sb.append('\n');
        for (int r = 0; r < truthLabels.size(); r++) {
            sb.append(String.format(Locale.ROOT, cell, truthLabels.get(r)));
            for (long c : counts[r]) {
                sb.append(String.format(Locale.ROOT, cell, c));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ConfusionMatrix)) {
            return false;
        }
        ConfusionMatrix that = (ConfusionMatrix) o;
        return truthLabels.equals(that.truthLabels) && predictedLabels.equals(that.predictedLabels)
                && java.util.Arrays.deepEquals(counts, that.counts);
    }

    @Override
    public int hashCode() {
        return Objects.hash(truthLabels, predictedLabels, java.util.Arrays.deepHashCode(counts));
    }

    @Override
    public String toString() {
        return "ConfusionMatrix(truth=" + truthLabels + ", predicted=" + predictedLabels + ", counts="
                + java.util.Arrays.deepToString(counts) + ")";
    }
}
