/**
 * The multimodal data model: {@link dev.cider.data.MultimodalExample} (dense text, audio and vision sequences with
 * their valid lengths, plus pooled Tribuo features so any Tribuo classifier can use the same dataset), the sentiment
 * tasks and their label mapping ({@link dev.cider.data.SentimentTask}), the shared layout of a corpus
 * ({@link dev.cider.data.DataLayout}), validation, and the train/valid/test split holder
 * ({@link dev.cider.data.MultimodalSplits}) over any {@link dev.cider.data.MultimodalSource}.
 */
package dev.cider.data;
