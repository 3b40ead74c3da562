/**
 * Comparison reports: several systems (CIDer, ablations, Tribuo baselines) swept over missing rates or SMM subsets
 * in one or more settings (e.g. IID and OOD test splits), collected in a {@link dev.cider.eval.report.ComparisonReport}
 * and written by {@link dev.cider.eval.report.ComparisonReportWriter} as {@code report.md} (paper-style tables in
 * %), {@code results.csv} (tidy long format), {@code results.json} (everything, with OLCUT-marshalled model and data
 * provenance; read back by {@link dev.cider.eval.report.JsonResultsReader}) and JFreeChart PNG plots, plus a
 * fixed-width {@link dev.cider.eval.report.ConsoleSummary} for the command line.
 */
package dev.cider.eval.report;
