/**
 * Hyper-parameter search for CIDer, scored on the validation split only. A
 * {@link dev.cider.eval.search.SearchExperiment} declares the space ({@link dev.cider.eval.search.SearchDimension}s:
 * {@link dev.cider.eval.search.FloatRange}, {@link dev.cider.eval.search.IntRange}, {@link dev.cider.eval.search.Choice},
 * each naming a {@code CiderTrainer} property) around a base experiment and trainer. {@link dev.cider.eval.search.SearchRunner}
 * samples the candidates deterministically from the search seed and runs each round as a generated
 * {@link dev.cider.eval.compare.ComparisonExperiment} whose systems are the round's candidates, swept on the valid split
 * ({@link dev.cider.eval.compare.ComparisonExperiment#evaluationSplit()}), by a
 * {@link dev.cider.eval.compare.ExperimentRunner} with any trial engine and one trial store per round (so a rerun resumes).
 * Random search runs one round; successive halving ({@link dev.cider.eval.search.SuccessiveHalving}) trains every
 * candidate for a few epochs and retrains the best fraction from scratch with more. Only after the choice is the chosen
 * configuration tested on the test split. {@link dev.cider.eval.search.SearchOutputs} writes search.json, search.md and
 * best-config.xml (an OLCUT configuration that {@code cider compare} runs).
 */
package dev.cider.eval.search;
