/**
 * The statistics that make every comparison say how sure it is. Evaluations are kept as compact per-utterance
 * {@link dev.cider.eval.stats.OutcomeCodes} (one byte per test utterance, enough for every metric), collected per
 * system and setting in {@link dev.cider.eval.stats.CurveOutcomes} (training seeds by mask seeds by points); a
 * {@link dev.cider.eval.stats.HierarchicalBootstrap} resamples training seeds and test utterances into a
 * {@link dev.cider.eval.stats.CurveSummary} of {@link dev.cider.eval.stats.Estimate}s (mean, per-seed spread and
 * interval) at every point and for the AUILC; {@link dev.cider.eval.stats.PairedDifference} compares two systems on the
 * same replicates with an interval and a p-value, and {@link dev.cider.eval.stats.MultipleComparisons} adjusts a family
 * of p-values (Holm by default).
 */
package dev.cider.eval.stats;
