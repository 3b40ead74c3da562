/**
 * Provenance-tracked comparisons: an experiment ({@link dev.cider.eval.compare.ComparisonExperiment}) names the corpus,
 * an optional out-of-distribution corpus, the systems (CIDer, ablations, Tribuo baselines, saved models) and the missing
 * patterns; {@link dev.cider.eval.compare.ComparisonRunner} trains and sweeps them into a report.
 */
package dev.cider.eval.compare;
