/**
 * Presenting the reproduction of a saved model ({@link dev.cider.repro.ReproductionReport}): a plain-text summary for
 * the command line ({@link dev.cider.eval.repro.ReproductionSummary}) and a JSON document
 * ({@link dev.cider.eval.repro.ReproductionJson}).
 */
package dev.cider.eval.repro;
