package dev.cider.eval.report;

import dev.cider.metrics.SentimentMetric;

/**
 * A plot written for a report.
 *
 * @param setting      The setting it shows.
 * @param metric       The metric it shows.
 * @param relativePath Its path relative to the report directory, with forward slashes (e.g. "plots/iid-acc2.png").
 * @param title        The chart's title.
 */
public record ReportPlot(String setting, SentimentMetric metric, String relativePath, String title) {
}
