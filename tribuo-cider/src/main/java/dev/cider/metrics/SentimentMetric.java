package dev.cider.metrics;

import dev.cider.data.SentimentTask;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The metrics of a sentiment evaluation, each defined for one task. Values are fractions in [0, 1].
 */
public enum SentimentMetric {
    /**
     * The headline Acc2 ("non0"): neutral-labelled utterances are dropped, the prediction is the argmax over
     * all three classes, and a neutral prediction counts as an error.
     */
    ACC2_NON0("acc2", "Acc2", SentimentTask.BINARY),
    /** Weighted F1 of the "non0" setting, over the true classes negative and positive. */
    F1_NON0("f1", "F1", SentimentTask.BINARY),
    /**
     * Acc2 "has0": every utterance counts, truth is score &gt;= 0 versus &lt; 0, and the prediction is the argmax over
     * the negative and positive scores only.
     */
    ACC2_HAS0("acc2-has0", "Acc2 (has0)", SentimentTask.BINARY),
    /** Weighted F1 of the "has0" setting. */
    F1_HAS0("f1-has0", "F1 (has0)", SentimentTask.BINARY),
    /** 3-way accuracy (negative, neutral, positive) of the binary-task model. */
    ACC3("acc3", "Acc3", SentimentTask.BINARY),
    /** 7-way accuracy of the seven-task model. */
    ACC7("acc7", "Acc7", SentimentTask.SEVEN);

    private final String key;
    private final String displayName;
    private final SentimentTask task;

    SentimentMetric(String key, String displayName, SentimentTask task) {
        this.key = key;
        this.displayName = displayName;
        this.task = task;
    }

    /** @return The short lower-case key used in configuration and on the command line, e.g. {@code acc2-has0}. */
    public String key() {
        return key;
    }

    /** @return The name used in reports, e.g. {@code Acc2 (has0)}. */
    public String displayName() {
        return displayName;
    }

    /** @return The task whose model this metric evaluates. */
    public SentimentTask task() {
        return task;
    }

    /**
     * The metrics computed for a task, in declaration order.
     * @param task The task.
     * @return Its metrics.
     */
    public static List<SentimentMetric> forTask(SentimentTask task) {
        List<SentimentMetric> out = new ArrayList<>();
        for (SentimentMetric m : values()) {
            if (m.task == task) {
                out.add(m);
            }
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * The metric model selection uses for a task: Acc2 (non0) for the binary task, Acc7 for the seven task.
     * @param task The task.
     * @return The headline metric.
     */
    public static SentimentMetric headline(SentimentTask task) {
        return task == SentimentTask.BINARY ? ACC2_NON0 : ACC7;
    }

    /**
     * Parses a metric from its key, display name or enum name, case-insensitively.
     * @param text The text.
     * @return The metric.
     * @throws IllegalArgumentException listing the accepted keys if the text matches none.
     */
    public static SentimentMetric parse(String text) {
        String t = text.trim();
        for (SentimentMetric m : values()) {
            if (m.key.equalsIgnoreCase(t) || m.displayName.equalsIgnoreCase(t) || m.name().equalsIgnoreCase(t)) {
                return m;
            }
        }
        List<String> keys = new ArrayList<>();
        for (SentimentMetric m : values()) {
            keys.add(m.key);
        }
        throw new IllegalArgumentException("Unknown metric '" + text + "', expected one of " + keys);
    }
}
