/**
 * Training CIDer: batch assembly (examples to DJL tensors), the loss terms of the two-stage optimisation, an Adam
 * optimizer whose state can be checkpointed (with {@link dev.cider.train.EncoderParameterGroups} for the learning
 * rate and weight decay of a fine-tuned BERT encoder), early stopping, checkpoints, device selection and progress
 * reporting.
 */
package dev.cider.train;
