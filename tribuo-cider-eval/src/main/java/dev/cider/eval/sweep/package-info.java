/**
 * Missing-rate sweeps: any Tribuo {@code Model<Label>} evaluated on the same deterministically corrupted test inputs
 * at every rate (or SMM subset), with CIDer's metrics, Tribuo's evaluations and the AUILC of each metric.
 */
package dev.cider.eval.sweep;
