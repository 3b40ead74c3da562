/**
 * Reproducing results. A saved model's reproduction ({@link dev.cider.repro.ModelReproducer}) is presented as a plain-text
 * summary ({@link dev.cider.eval.reproduce.ModelReproductionSummary}) and a JSON document
 * ({@link dev.cider.eval.reproduce.ModelReproductionJson}). A comparison is reproduced from its {@code results.json}: the experiment is rebuilt from the configuration the file
 * records ({@link dev.cider.eval.reproduce.ExperimentRebuilder}), its data files are checked against the SHA-256 hashes
 * recorded with it ({@link dev.cider.eval.reproduce.DataFileCheck}), it is run again and every number of the rerun is
 * compared with the recorded one ({@link dev.cider.eval.reproduce.ResultsDiff}); on the same machine the two are
 * identical, elsewhere the differences are set against the spread over training seeds.
 * {@link dev.cider.eval.reproduce.ResultsReproduction} ties the steps together.
 */
package dev.cider.eval.reproduce;
