/**
 * A BERT encoder written as DJL blocks, the network half of the fine-tunable text encoder: the input embeddings
 * ({@link dev.cider.nn.bert.BertEmbeddingBlock}), post-LayerNorm layers ({@link dev.cider.nn.bert.BertLayerBlock}
 * with {@link dev.cider.nn.bert.BertAttentionBlock}) and the encoder that stacks them
 * ({@link dev.cider.nn.bert.BertEncoderBlock}).
 * <p>
 * Its pretrained weights come from a float32 ONNX export: {@link dev.cider.nn.bert.OnnxInitializers} reads the graph
 * initializers of the ONNX {@code ModelProto} (including the anonymous {@code MatMul} weights of PyTorch's exporter)
 * and {@link dev.cider.nn.bert.BertWeights} gathers them under the Hugging Face state-dict names and sets them into a
 * block; {@link dev.cider.nn.bert.ClasspathOnnxModel} names an export shipped on the classpath.
 * <p>
 * Place in the data flow: token ids (from {@code dev.cider.data}) go in, token features come out. Like the rest of
 * {@code dev.cider.nn} it depends only on DJL and {@code dev.cider.nn}; {@code dev.cider.text.DjlBertTextEncoder}
 * wraps it as a text encoder, and the trainer fine-tunes the block inside the CIDer network.
 */
package dev.cider.nn.bert;
