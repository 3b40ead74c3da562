/**
 * Missing-rate sweeps: any Tribuo {@code Model<Label>} evaluated on the same deterministically corrupted test inputs
 * at every rate (or SMM subset), with CIDer's metrics, one outcome code per utterance (for bootstrap intervals and
 * paired tests) and an {@code EvaluationProvenance} naming the corruption, and the AUILC of each metric.
 */
package dev.cider.eval.sweep;
