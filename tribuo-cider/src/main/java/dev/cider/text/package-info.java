/**
 * Text for CIDer: from a transcript to the BERT-family token features {@code T_l x d_l} that the network consumes.
 * <p>
 * The transcript's token ids come from the data layer ({@link dev.cider.data.BertTokenizer} gives the padded
 * bert-base-uncased WordPiece ids of a {@link dev.cider.data.TextInput}). {@link dev.cider.text.TextEncoder} is the
 * contract for encoders (a batch of
 * {@link dev.cider.data.TextInput}s to one {@link dev.cider.data.FeatureSequence} each, zero rows on padding, a
 * SHA-256 of the model for provenance); {@link dev.cider.text.OnnxTextEncoder} runs a frozen ONNX model (the MiniLM-L6
 * models shipped on the classpath, or a user's BERT-family export) with ONNX Runtime;
 * {@link dev.cider.text.TokenFeatureCache} encodes each distinct text once, in memory and optionally on disk;
 * {@link dev.cider.text.EncodedTextSource} wraps a data source and attaches each example's token features (through
 * the cache), which makes CIDer train in token-feature mode;
 * {@link dev.cider.text.MissingTokenEncoding} states how a missing token is represented in token features
 * (cider-spec section 2) and encodes the counterfactual text.
 * <p>
 * For fine-tuning, {@link dev.cider.text.DjlBertTextEncoder} wraps the BERT encoder written as DJL blocks
 * ({@code dev.cider.nn.bert}, with the reader of its float32 ONNX weights) as a {@link dev.cider.text.TextEncoder}
 * (matching {@link dev.cider.text.OnnxTextEncoder} on the float MiniLM-L6 model) and exposes the block for training.
 * <p>
 * {@link dev.cider.text.TextEncoderSpec} is an encoder's OLCUT configuration in a form a model file can store, so a
 * loaded CIDer model in token-feature mode rebuilds the encoder of its counterfactual texts. Missing tokens: CIDer
 * trains with {@link dev.cider.text.MissingTokenEncoding#ZEROED} rows (cheap, cacheable); re-encoding the corrupted
 * ids with [UNK] ({@link dev.cider.text.MissingTokenEncoding#UNK_REENCODED}) costs one encoder pass per corrupted
 * text and is available for evaluation sweeps through
 * {@link dev.cider.text.MissingTokenEncoding#encodeCorrupted}.
 * <p>
 * Place in the data flow: after the data sources ({@code dev.cider.data}, {@code dev.cider.data.source}), before the
 * batch assembly and the trainer; the fine-tunable encoder's blocks come from {@code dev.cider.nn.bert}.
 */
package dev.cider.text;
