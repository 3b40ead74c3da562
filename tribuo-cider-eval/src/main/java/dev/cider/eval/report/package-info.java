/**
 * Comparison reports: several systems (CIDer, ablations, Tribuo baselines) swept over missing rates or SMM subsets
 * in one or more settings (e.g. IID and OOD test splits), over training and mask seeds, collected in a
 * {@link dev.cider.eval.report.ComparisonReport}: every number a mean over seeds with its spread and a 95% bootstrap
 * interval ({@link dev.cider.eval.report.SweepCurve}), and the declared pairs compared with paired tests
 * ({@link dev.cider.eval.report.PairComparison}). {@link dev.cider.eval.report.ComparisonReportWriter} writes it as
 * {@code report.md} (what the comparisons support, paper-style tables in % with intervals, paired differences),
 * {@code results.csv} and {@code pairs.csv} (tidy long format), {@code results.json} (every per-seed value, intervals,
 * pairs, the experiment's configuration and OLCUT-marshalled model and data provenance; read back by
 * {@link dev.cider.eval.report.JsonResultsReader}) and JFreeChart PNG plots with interval bands, plus a fixed-width
 * {@link dev.cider.eval.report.ConsoleSummary} for the command line.
 */
package dev.cider.eval.report;
