/**
 * Provenance-tracked comparisons: an experiment ({@link dev.cider.eval.compare.ComparisonExperiment}) names the corpus,
 * an optional out-of-distribution corpus, the systems (CIDer, ablations, Tribuo baselines, saved models), the missing
 * patterns, the training and mask seeds and the pairs to test. It expands into independent trials
 * ({@link dev.cider.eval.compare.TrialPlan}: one system and one training seed each, see
 * {@link dev.cider.eval.compare.SeededTrainers}), which {@link dev.cider.eval.compare.TrialExecutor} runs in this process
 * or {@link dev.cider.eval.compare.ForkedTrialRunner} in child JVMs, side by side under a
 * {@link dev.cider.eval.compare.LocalTrialEngine}; {@link dev.cider.eval.compare.ComparisonRunner} assembles their
 * results into a report. A trial depends only on the experiment's configuration and its own fields, so any engine that
 * can ship a configuration and return a {@link dev.cider.eval.compare.TrialResult} can run it. Finished trials are kept
 * in a {@link dev.cider.eval.compare.TrialResultStore} as they finish, under the
 * {@link dev.cider.eval.compare.ExperimentFingerprint experiment's fingerprint}, so a rerun resumes where a run stopped.
 */
package dev.cider.eval.compare;
