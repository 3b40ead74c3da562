/**
 * The multimodal data model: {@link dev.cider.data.MultimodalExample} (dense text, audio and vision sequences with
 * their valid lengths, plus pooled Tribuo features so any Tribuo classifier can use the same dataset), the sentiment
 * tasks and their label mapping ({@link dev.cider.data.SentimentTask}), the shared layout of a corpus
 * ({@link dev.cider.data.DataLayout}), validation, and the train/valid/test split holder
 * ({@link dev.cider.data.MultimodalSplits}) over any {@link dev.cider.data.MultimodalSource}.
 * <p>
 * A text enters as the padded bert-base-uncased WordPiece ids of a {@link dev.cider.data.TextInput};
 * {@link dev.cider.data.BertTokenizer} makes them (with the {@link dev.cider.data.SpecialTokens} of its vocabulary),
 * here rather than in {@code dev.cider.text} because the readers of {@code dev.cider.data.source} need it and sit
 * below the text encoders.
 * <p>
 * Place in the data flow: the bottom layer; every other package uses it and it uses none of them.
 */
package dev.cider.data;
