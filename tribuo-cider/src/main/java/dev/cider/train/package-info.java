/**
 * Training CIDer: the trainer ({@link dev.cider.train.CiderTrainer}, built by OLCUT or its builder) and the network it
 * trains ({@link dev.cider.train.CiderArchitecture}), one training run ({@link dev.cider.train.TrainingRun}) and its
 * epochs ({@link dev.cider.train.EpochLoop}), the two-stage step and its loss terms, an Adam optimizer whose state can
 * be checkpointed (with parameter groups, e.g. a fine-tuned encoder's learning rate and weight decay from
 * {@link dev.cider.train.EncoderParameterGroups}), early stopping, checkpoints and progress reporting.
 */
package dev.cider.train;
