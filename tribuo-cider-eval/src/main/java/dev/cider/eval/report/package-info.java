/**
 * What is computed from an experiment's results, written, and read back. The experiment, its trials and the store of
 * finished trials are {@code dev.cider.eval.compare}'s; this package never runs anything.
 * <p>
 * The report model: a {@link dev.cider.eval.report.ComparisonReport} holds one
 * {@link dev.cider.eval.report.ComparisonRow} per run (a system's sweep in a setting, over missing rates or SMM
 * subsets, for one training and mask seed) and computes from them a {@link dev.cider.eval.report.SweepCurve} per
 * setting and system (every number a mean over seeds with its spread and a 95% bootstrap interval, per
 * {@link dev.cider.eval.report.CurvePoint}) and the declared pairs ({@link dev.cider.eval.report.SystemPair}) compared
 * with paired tests ({@link dev.cider.eval.report.PairComparison}); {@link dev.cider.eval.report.ComparisonView}
 * indexes the curves by setting, system and task for the writers.
 * <p>
 * The writers: {@link dev.cider.eval.report.ComparisonReportWriter} writes a report's directory:
 * {@code report.md} ({@link dev.cider.eval.report.MarkdownReport}: what the comparisons support, paper-style tables in
 * % with intervals, paired differences), {@code results.csv} and {@code pairs.csv}
 * ({@link dev.cider.eval.report.CsvResults}, tidy long format), {@code results.json}
 * ({@link dev.cider.eval.report.JsonResults}: every per-seed value, intervals, pairs, the experiment's configuration and
 * OLCUT-marshalled model and data provenance) and JFreeChart PNG plots with interval bands
 * ({@link dev.cider.eval.report.ReportPlots}); {@link dev.cider.eval.report.ConsoleSummary} is the fixed-width summary
 * for the command line. {@code ReportFormat}, {@code MarkdownTable},
 * {@link dev.cider.eval.report.TextTable} and {@link dev.cider.eval.report.CsvText} format for them.
 * <p>
 * The reader: {@link dev.cider.eval.report.JsonResultsReader} reads {@code results.json} back into a
 * {@link dev.cider.eval.report.ReportedComparison} (with {@link dev.cider.eval.report.ReportedRun}s and
 * {@link dev.cider.eval.report.ReportedPair}s), what a written report states, for reproducing and comparing runs.
 * <p>
 * Place in the data flow: the last step. It uses the sweeps ({@code dev.cider.eval.sweep}), the statistics
 * ({@code dev.cider.eval.stats}) and the metrics, and is used by {@code dev.cider.eval.compare} (which assembles a
 * report from its trials), the search, the reproduction and the command line.
 */
package dev.cider.eval.report;
