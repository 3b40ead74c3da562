package dev.cider.data;

import org.tribuo.ImmutableOutputInfo;
import org.tribuo.classification.Label;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The two classification tasks CIDer is trained on, and the mapping from a sentiment score in [-3, 3]
 * to a class.
 * <p>
 * {@link #BINARY} is the paper's "binary" task, which is really a 3-way classifier (negative, neutral,
 * positive); the binary metrics are derived from its 3-way predictions. {@link #SEVEN} rounds the
 * clipped score half-to-even and shifts it to 0..6.
 */
public enum SentimentTask {
    /** Negative (y &lt; 0), neutral (y = 0), positive (y &gt; 0). */
    BINARY(List.of("negative", "neutral", "positive")),
    /** rint(clip(y, -3, 3)) + 3, named by the rounded score. */
    SEVEN(List.of("-3", "-2", "-1", "0", "1", "2", "3"));

    /** The smallest valid sentiment score. */
    public static final double MIN_SCORE = -3.0;
    /** The largest valid sentiment score. */
    public static final double MAX_SCORE = 3.0;

    private final List<String> classNames;

    SentimentTask(List<String> classNames) {
        this.classNames = Collections.unmodifiableList(new ArrayList<>(classNames));
    }

    /**
     * The number of classes K.
     * @return K.
     */
    public int numClasses() {
        return classNames.size();
    }

    /**
     * The class names in index order.
     * @return The names.
     */
    public List<String> classNames() {
        return classNames;
    }

    /**
     * The class index of a sentiment score.
     * @param score A score in [-3, 3].
     * @return The class index in 0..K-1.
     * @throws IllegalArgumentException if the score is NaN, infinite or outside [-3, 3].
     */
    public int classIndex(double score) {
        checkScore(score);
        if (this == BINARY) {
            return score < 0 ? 0 : (score > 0 ? 2 : 1);
        } else {
            double clipped = Math.max(MIN_SCORE, Math.min(MAX_SCORE, score));
            return (int) Math.rint(clipped) + 3;
        }
    }

    /**
     * The Tribuo label of a sentiment score.
     * @param score A score in [-3, 3].
     * @return The label.
     */
    public Label label(double score) {
        return new Label(classNames.get(classIndex(score)));
    }

    /**
     * The label of a class index.
     * @param index The index.
     * @return The label.
     */
    public Label labelOf(int index) {
        if (index < 0 || index >= classNames.size()) {
            throw new IllegalArgumentException("Class index " + index + " out of range for task " + name() + " with " + classNames.size() + " classes");
        }
        return new Label(classNames.get(index));
    }

    /**
     * The class index of a label by name.
     * @param label The label.
     * @return The index.
     * @throws IllegalArgumentException naming the label and the task's classes if the label is unknown.
     */
    public int indexOf(Label label) {
        int idx = classNames.indexOf(label.getLabel());
        if (idx < 0) {
            throw new IllegalArgumentException("Unknown label '" + label.getLabel() + "' for task " + name() + ", expected one of " + classNames);
        }
        return idx;
    }

    /**
     * Checks that a Tribuo output domain only contains this task's labels.
     * @param info The output info of a dataset or model.
     * @throws IllegalArgumentException naming the first unknown label.
     */
    public void checkDomain(ImmutableOutputInfo<Label> info) {
        for (Label l : info.getDomain()) {
            indexOf(l);
        }
    }

    /**
     * Parses a task name (binary, seven; also 3, 7, "3-way", "7-way").
     * @param name The name.
     * @return The task.
     */
    public static SentimentTask parse(String name) {
        switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "binary":
            case "3":
            case "3-way":
            case "three":
                return BINARY;
            case "seven":
            case "7":
            case "7-way":
                return SEVEN;
            default:
                throw new IllegalArgumentException("Unknown task '" + name + "', expected binary or seven");
        }
    }

    /**
     * Throws if a score is not a finite value in [-3, 3].
     * @param score The score.
     */
    public static void checkScore(double score) {
        if (!Double.isFinite(score) || score < MIN_SCORE || score > MAX_SCORE) {
            throw new IllegalArgumentException("Sentiment score " + score + " is outside [-3, 3]");
        }
    }
}
