package dev.cider.maci;

import dev.cider.data.MultimodalExample;
import dev.cider.data.MultimodalSplits;
import dev.cider.data.SentimentTask;
import dev.cider.data.SpecialTokens;
import dev.cider.data.TextInput;
import org.tribuo.Example;
import org.tribuo.classification.Label;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Selects the bias words of MACI's counterfactual text from the training split.
 * <p>
 * Every valid token of every training example is counted per class, skipping the special tokens ([PAD],
 * [UNK], [CLS], [SEP], [MASK]). For each token the coefficient of variation of its per-class counts is the
 * population standard deviation divided by the mean; the {@link SentimentTask#BINARY} task uses only the
 * negative and positive counts (class indices 0 and 2), the {@link SentimentTask#SEVEN} task all seven.
 * Tokens with a coefficient of variation of at least the threshold are candidates (a token never seen in
 * the counted classes is not); the {@code size} candidates with the largest count over the counted classes
 * are kept, ties broken by the smaller token id. The result is deterministic.
 */
public final class CounterfactualTextBuilder {

    /** The default coefficient-of-variation threshold. */
    public static final double DEFAULT_THRESHOLD = 0.1;
    /** The default number of bias words. */
    public static final int DEFAULT_SIZE = 100;

    private final SentimentTask task;
    private final double threshold;
    private final int size;

    /**
     * A builder with the default threshold (0.1) and size (100).
     * @param task The task whose labels define the classes.
     */
    public CounterfactualTextBuilder(SentimentTask task) {
        this(task, DEFAULT_THRESHOLD, DEFAULT_SIZE);
    }

    /**
     * A builder.
     * @param task The task whose labels define the classes.
     * @param threshold The coefficient-of-variation threshold, finite and non-negative.
     * @param size The maximum number of bias words, non-negative.
     */
    public CounterfactualTextBuilder(SentimentTask task, double threshold, int size) {
        this.task = Objects.requireNonNull(task, "task");
        if (!Double.isFinite(threshold) || threshold < 0) {
            throw new IllegalArgumentException("Bias-word threshold must be finite and non-negative, got " + threshold);
        }
        if (size < 0) {
            throw new IllegalArgumentException("Bias-word size must be non-negative, got " + size);
        }
        this.threshold = threshold;
        this.size = size;
    }

    /**
     * The class indices whose counts enter the coefficient of variation: {0, 2} (negative, positive) for the
     * binary task, all classes for the seven task.
     * @param task The task.
     * @return The class indices.
     */
    public static int[] countedClasses(SentimentTask task) {
        if (task == SentimentTask.BINARY) {
            return new int[] {0, 2};
        }
        int[] all = new int[task.numClasses()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        return all;
    }

    /**
     * Counts every non-special valid token of the training examples per class.
     * @param training The training examples.
     * @return Token id to its count in each class (index = class index), ordered by token id.
     * @throws IllegalArgumentException if an example is not multimodal or its label is not of the task.
     */
    public SortedMap<Integer, long[]> countTokens(Iterable<? extends Example<Label>> training) {
        SortedMap<Integer, long[]> counts = new TreeMap<>();
        int k = task.numClasses();
        for (MultimodalExample ex : MultimodalSplits.multimodalExamples(training)) {
            int c = task.indexOf(ex.getOutput());
            SpecialTokens special = ex.getSpecialTokens();
            TextInput text = ex.getText();
            for (int t = 0; t < text.length(); t++) {
                int id = text.tokenId(t);
                if (!special.isSpecial(id)) {
                    counts.computeIfAbsent(id, x -> new long[k])[c]++;
                }
            }
        }
        return counts;
    }

    /**
     * The coefficient of variation (population standard deviation over mean) of some of a token's counts.
     * @param counts The token's count per class.
     * @param classes The class indices to use.
     * @return The coefficient of variation, or NaN if the mean is zero.
     */
    public static double coefficientOfVariation(long[] counts, int[] classes) {
        double mean = 0;
        for (int c : classes) {
            mean += counts[c];
        }
        mean /= classes.length;
        if (mean == 0) {
            return Double.NaN;
        }
        double var = 0;
        for (int c : classes) {
            double d = counts[c] - mean;
            var += d * d;
        }
        return Math.sqrt(var / classes.length) / mean;
    }

    /**
     * Selects the bias words of a training split.
     * @param training The training examples.
     * @return The bias words.
     */
    public BiasWords build(Iterable<? extends Example<Label>> training) {
        int[] classes = countedClasses(task);
        List<long[]> candidates = new ArrayList<>(); // {id, frequency}
        for (Map.Entry<Integer, long[]> e : countTokens(training).entrySet()) {
            double cv = coefficientOfVariation(e.getValue(), classes);
            if (!Double.isNaN(cv) && cv >= threshold) {
                long freq = 0;
                for (int c : classes) {
                    freq += e.getValue()[c];
                }
                candidates.add(new long[] {e.getKey(), freq});
            }
        }
        candidates.sort(Comparator.<long[]>comparingLong(a -> -a[1]).thenComparingLong(a -> a[0]));
        int n = Math.min(size, candidates.size());
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = (int) candidates.get(i)[0];
        }
        return new BiasWords(ids, threshold, size);
    }

    /** @return The task. */
    public SentimentTask task() {
        return task;
    }

    /** @return The coefficient-of-variation threshold. */
    public double threshold() {
        return threshold;
    }

    /** @return The maximum number of bias words. */
    public int size() {
        return size;
    }
}
