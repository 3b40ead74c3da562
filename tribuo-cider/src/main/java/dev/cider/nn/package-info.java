/**
 * DJL blocks of the CIDer network's backbone (spec section 3): the bias-free modality projections, the
 * word-self-aligned attention (WSAM) that compresses audio and vision to the text length, the per-modality GRUs,
 * the multimodal composite attention and transformer (MCA, MCT), the attention pooling, the joint representation,
 * the reconstruction heads, and the {@link dev.cider.nn.CiderBackbone} that composes them.
 * <p>
 * {@link dev.cider.nn.MultimodalBackbone} is the contract the causal head ({@code dev.cider.maci}) relies on;
 * {@link dev.cider.nn.LateFusionBackbone} is a second, small implementation of it. {@link dev.cider.nn.ParameterTable}
 * counts parameters per module.
 * <p>
 * The paper's architecture ablations (Table V) are blocks selected by {@link dev.cider.nn.CiderNetworkConfig}:
 * {@link dev.cider.nn.MeanPoolCompression} replaces WSAM ({@link dev.cider.nn.Compression#MEAN_POOL}, "without
 * WSAM") and {@link dev.cider.nn.VanillaTransformer} (layers of {@link dev.cider.nn.MultiHeadSelfAttention})
 * replaces the MCT ({@link dev.cider.nn.Fusion#VANILLA}, "without MCT").
 * <p>
 * The BERT encoder that the fine-tunable text encoder trains is network code too and lives in the sub-package
 * {@code dev.cider.nn.bert}, with the reader of its pretrained ONNX weights.
 * <p>
 * Place in the data flow: the batch's tensors (from the batch assembly, {@code dev.cider.runtime.BatchAssembler}) go
 * in, the backbone's representations go to the causal head ({@code dev.cider.maci}). The package depends only on DJL
 * and on {@code dev.cider.data} (modalities and layouts).
 * <p>
 * Every mask in this package is a float array of 1 (keep) and 0 (drop). Masked attention uses an additive
 * {@code -1e9} (never {@code -inf}), so a fully masked row stays finite.
 */
package dev.cider.nn;
