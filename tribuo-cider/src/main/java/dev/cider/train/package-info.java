/**
 * Training CIDer: the trainer, the loss terms of the two-stage optimisation, an Adam
 * optimizer whose state can be checkpointed, early stopping, checkpoints and progress reporting.
 */
package dev.cider.train;
