/**
 * Training CIDer: batch assembly (examples to DJL tensors), the loss terms of the two-stage optimisation, an Adam
 * optimizer whose state can be checkpointed, early stopping, checkpoints, device selection and progress reporting.
 */
package dev.cider.train;
