package dev.cider.eval.cli;

import dev.cider.metrics.SentimentMetric;
import dev.cider.metrics.SentimentMetrics;

import java.util.Locale;
import java.util.StringJoiner;

/**
 * One-line rendering of a metric set for the command line, as percentages like the paper.
 */
final class MetricsFormat {

    private MetricsFormat() {
    }

    /**
     * Formats every metric of the result's task.
     * @param m The metrics.
     * @return e.g. {@code Acc2 (non0) 81.2 | F1 (non0) 81.0 | ...}.
     */
    static String line(SentimentMetrics m) {
        StringJoiner j = new StringJoiner(" | ");
        for (SentimentMetric metric : SentimentMetric.forTask(m.task())) {
            j.add(String.format(Locale.ROOT, "%s %.1f", metric.displayName(), 100 * m.get(metric)));
        }
        return j + String.format(Locale.ROOT, " (n=%d)", m.size());
    }
}
