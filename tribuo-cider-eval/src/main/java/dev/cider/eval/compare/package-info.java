/**
 * Experiments and their trials: what is run, how, and what each run produced. The report computed from the results
 * is {@code dev.cider.eval.report}'s.
 * <p>
 * The experiment: {@link dev.cider.eval.compare.ComparisonExperiment} (an OLCUT configuration) names the corpus, an
 * optional out-of-distribution corpus, the cross-dataset corpora ({@link dev.cider.eval.compare.CrossDataset}), the
 * systems ({@link dev.cider.eval.compare.SystemSpec}: CIDer, ablations, Tribuo baselines, saved models, and the
 * {@link dev.cider.eval.compare.ReferenceLines}), the missing patterns, the training and mask seeds and the pairs to
 * test. {@link dev.cider.eval.compare.ExperimentConfiguration} turns it into a configuration and back,
 * {@link dev.cider.eval.compare.ExperimentCorpora} loads its corpora once and
 * {@link dev.cider.eval.compare.ExperimentFingerprint} is the identity of its trials.
 * <p>
 * The trials: {@link dev.cider.eval.compare.TrialPlan} expands an experiment into independent
 * {@link dev.cider.eval.compare.Trial}s (one system and one training seed each, see
 * {@link dev.cider.eval.compare.SeededTrainers}); {@link dev.cider.eval.compare.TrialExecutor} runs one in this process,
 * {@link dev.cider.eval.compare.ForkedTrialRunner} and {@link dev.cider.eval.compare.TrialWorker} in a child JVM. A
 * {@link dev.cider.eval.compare.TrialEngine} runs many ({@link dev.cider.eval.compare.LocalTrialEngine}, or one
 * found by name through {@link dev.cider.eval.compare.TrialEngines}, such as the Spark engine of
 * {@code tribuo-cider-spark}). Each finished trial's {@link dev.cider.eval.compare.TrialResult} (its sweeps as
 * {@code ComparisonRow}s) is kept in a {@link dev.cider.eval.compare.TrialResultStore} under the experiment's
 * fingerprint, so a rerun resumes where a run stopped. A trial depends only on the experiment's configuration and its
 * own fields, so any engine that can ship a configuration and return a result can run it.
 * <p>
 * {@link dev.cider.eval.compare.ExperimentRunner} ties these together: plan, engine, store, and the
 * {@code ComparisonReport} assembled from the results in plan order.
 * <p>
 * Place in the data flow: it uses the sweeps, metrics and baselines, the library's trainer and model, and the report
 * model of {@code dev.cider.eval.report} (a trial's sweeps are report rows; the runner assembles the report), never the
 * other way round; the search ({@code dev.cider.eval.search}), the reproduction of results
 * ({@code dev.cider.eval.reproduce}) and the command line use it.
 */
package dev.cider.eval.compare;
