package dev.cider.nn;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.recurrent.GRU;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.io.DataInputStream;
import java.io.IOException;
import java.util.List;

/**
 * The CIDer backbone (the MSSD path of spec section 3): bias-free projections of the three modalities to
 * {@code d}, WSAM compression of audio and vision to the text length (unaligned data only), a one-layer GRU per
 * modality, the multimodal composite transformer over {@code [H_l; H_a; H_v]}, attention pooling per modality on
 * the transformer output, the joint representation, and the reconstruction heads.
 * <p>
 * Input: as {@link MultimodalBackbone}. The WSAM row mask (which excludes [CLS], [SEP] and padding) is derived
 * from the text mask with {@link WordSelfAlignedAttention#wordRowMask(NDArray)}: [CLS] is position 0 and [SEP]
 * the last valid position. After WSAM every modality has {@code T_l} steps and the text mask is the padding mask
 * of all three; for aligned data the audio and vision masks are used as given.
 * <p>
 * Output (with {@link MultimodalBackbone#JOINT_ONLY} every output but the first is an empty {@code (B, 0)} array):
 * <ol start="0">
 *     <li>the joint representation (B, 3d);</li>
 *     <li>the raw pre-softmax scores of the last MCT layer (B, H, 3T_l, 3T_l), for attention distillation;</li>
 *     <li>the text reconstruction (B, T_l, d_l);</li>
 *     <li>the audio reconstruction (B, T_a, d_a);</li>
 *     <li>the vision reconstruction (B, T_v, d_v).</li>
 * </ol>
 * For aligned data the two WSAM blocks exist (the reference counts them) but are bypassed, so they get no
 * gradient. {@link CiderNetworkConfig.Builder} is this block's builder.
 * <p>
 * Ablations ({@link CiderNetworkConfig#compression()}, {@link CiderNetworkConfig#fusion()}): with
 * {@link Compression#MEAN_POOL} a parameter-free {@link MeanPoolCompression} replaces the two WSAM blocks (which
 * then do not exist: {@code 2 x 4 (d^2 + d)} = 8,448 fewer parameters for {@code d = 32}), and the compressed
 * audio/vision masks mark the windows holding a valid frame; with {@link Fusion#VANILLA} a
 * {@link VanillaTransformer} replaces the MCT (per layer {@code 4 (d^2 + d)} attention parameters instead of the
 * MCA's 24,000 for {@code d = 32}).
 */
public final class CiderBackbone extends AbstractBlock implements MultimodalBackbone {

    /** Index of the last MCT layer's raw scores in the output. */
    public static final int SCORES = 1;
    /** Index of the text reconstruction in the output. */
    public static final int TEXT_RECONSTRUCTION = 2;
    /** Index of the audio reconstruction in the output. */
    public static final int AUDIO_RECONSTRUCTION = 3;
    /** Index of the vision reconstruction in the output. */
    public static final int VISION_RECONSTRUCTION = 4;

    private static final byte VERSION = 1;

    private final CiderNetworkConfig config;
    private final ModalityProjection textProjection;
    private final ModalityProjection audioProjection;
    private final ModalityProjection visionProjection;
    private final WordSelfAlignedAttention audioWsam;   // null with MEAN_POOL compression
    private final WordSelfAlignedAttention visionWsam;  // null with MEAN_POOL compression
    private final MeanPoolCompression meanPool;         // null with WSAM compression
    private final GRU textGru;
    private final GRU audioGru;
    private final GRU visionGru;
    private final AbstractBlock transformer;            // the MCT or, for the ablation, a VanillaTransformer
    private final NaiveAttentionPooling textPooling;
    private final NaiveAttentionPooling audioPooling;
    private final NaiveAttentionPooling visionPooling;
    private final JointRepresentation joint;
    private final ReconstructionHeads reconstruction;

    /**
     * Creates the backbone.
     * @param config The configuration.
     */
    public CiderBackbone(CiderNetworkConfig config) {
        super(VERSION);
        this.config = config;
        int d = config.hiddenDim();
        textProjection = addChildBlock("textProjection", ModalityProjection.builder().hiddenDim(d).build());
        audioProjection = addChildBlock("audioProjection", ModalityProjection.builder().hiddenDim(d).build());
        visionProjection = addChildBlock("visionProjection", ModalityProjection.builder().hiddenDim(d).build());
        if (config.compression() == Compression.WSAM) {
            audioWsam = addChildBlock("audioWsam", WordSelfAlignedAttention.builder().hiddenDim(d).build());
            visionWsam = addChildBlock("visionWsam", WordSelfAlignedAttention.builder().hiddenDim(d).build());
            meanPool = null;
        } else {
            audioWsam = null;
            visionWsam = null;
            meanPool = addChildBlock("meanPool", MeanPoolCompression.builder().outputSteps(config.textSteps()).build());
        }
        textGru = addChildBlock("textGru", gru(d));
        audioGru = addChildBlock("audioGru", gru(d));
        visionGru = addChildBlock("visionGru", gru(d));
        transformer = addChildBlock("transformer", config.fusion() == Fusion.MCT ? MultimodalCompositeTransformer.builder().hiddenDim(d)
                .layers(config.layers()).heads(config.heads()).feedForwardDim(config.feedForwardDim())
                .optAttentionDropout(config.attentionDropout()).optEmbeddingDropout(config.embeddingDropout())
                .optResidualDropout(config.residualDropout()).optFeedForwardDropout(config.feedForwardDropout())
                .optSegmentPositions(config.segmentPositions()).optBlockwise(config.blockwiseAttention()).build()
                : VanillaTransformer.builder().hiddenDim(d)
                .layers(config.layers()).heads(config.heads()).feedForwardDim(config.feedForwardDim())
                .optAttentionDropout(config.attentionDropout()).optEmbeddingDropout(config.embeddingDropout())
                .optResidualDropout(config.residualDropout()).optFeedForwardDropout(config.feedForwardDropout())
                .optSegmentPositions(config.segmentPositions()).build());
        textPooling = addChildBlock("textPooling", NaiveAttentionPooling.builder().scorerDim(d).build());
        audioPooling = addChildBlock("audioPooling", NaiveAttentionPooling.builder().scorerDim(d).build());
        visionPooling = addChildBlock("visionPooling", NaiveAttentionPooling.builder().scorerDim(d).build());
        joint = addChildBlock("joint", JointRepresentation.builder().dim(config.jointDim()).optDropout(config.outputDropout()).build());
        reconstruction = addChildBlock("reconstruction", ReconstructionHeads.builder().textDim(config.textFeatureDim())
                .audio(config.audioSteps(), config.audioDim()).vision(config.visionSteps(), config.visionDim()).build());
    }

    private static GRU gru(int d) {
        return GRU.builder().setStateSize(d).setNumLayers(1).optBatchFirst(true).optReturnState(false).build();
    }

    /**
     * The configuration.
     * @return The configuration.
     */
    public CiderNetworkConfig config() {
        return config;
    }

    /**
     * The multimodal composite transformer.
     * @return The MCT.
     * @throws IllegalStateException if this backbone uses the vanilla transformer ({@link Fusion#VANILLA}).
     */
    public MultimodalCompositeTransformer transformer() {
        if (!(transformer instanceof MultimodalCompositeTransformer)) {
            throw new IllegalStateException("This backbone fuses with a " + config.fusion() + " transformer, not the MCT");
        }
        return (MultimodalCompositeTransformer) transformer;
    }

    /**
     * The fusion transformer: a {@link MultimodalCompositeTransformer} or a {@link VanillaTransformer}. Both take
     * {@code [x (B, 3T_l, d), keyMask (B, 3T_l)]} and return {@code [y, scores of the last layer]}.
     * @return The fusion block.
     */
    public AbstractBlock fusionTransformer() {
        return transformer;
    }

    /** {@inheritDoc} */
    @Override
    public int jointDim() {
        return config.jointDim();
    }

    /**
     * {@inheritDoc}
     * <p>
     * Yes, unless the outputs at valid steps depend on the padded lengths: the mean-pool compression of unaligned
     * audio and vision (its windows are {@code T_a / T_l} frames wide) and positions that run over the concatenated
     * segments (the audio segment then starts at position {@code T_l}). Otherwise every stage works per step or masks
     * the padding exactly: projections, WSAM (padded keys get no weight), the one-directional GRUs (a step reads only
     * earlier steps), the transformer (padded keys get no weight; positions restart per segment), the pooling (padded
     * steps get no weight).
     */
    @Override
    public boolean acceptsTrimmedPadding() {
        return (config.aligned() || config.compression() == Compression.WSAM) && config.segmentPositions();
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] inputShapes(long batchSize) {
        return BackboneInputs.shapes(batchSize, config.textSteps(), config.textFeatureDim(), config.audioSteps(),
                config.audioDim(), config.visionSteps(), config.visionDim());
    }

    /**
     * The parameter counts grouped as the spec's size check: projections, WSAM x2, GRU x3, MCT, pooling,
     * reconstruction, joint. The ablations rename their rows: {@code mean pool} (0 parameters) instead of
     * {@code WSAM x2}, {@code vanilla transformer} instead of {@code MCT}.
     * @return The table.
     */
    @Override
    public ParameterTable parameterTable() {
        ParameterTable.Builder table = ParameterTable.builder()
                .add("projections", textProjection, audioProjection, visionProjection);
        if (meanPool == null) {
            table.add("WSAM x2", audioWsam, visionWsam);
        } else {
            table.add("mean pool", meanPool);
        }
        return table
                .add("GRU x3", textGru, audioGru, visionGru)
                .add(config.fusion() == Fusion.MCT ? "MCT" : "vanilla transformer", transformer)
                .add("pooling", textPooling, audioPooling, visionPooling)
                .add("reconstruction", reconstruction)
                .add("joint", joint)
                .build();
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        boolean jointOnly = params != null && Boolean.TRUE.equals(params.get(JOINT_ONLY));
        if (jointOnly && acceptsTrimmedPadding()) {
            BackboneInputs.checkTrimmed("CiderBackbone", inputs, inputShapes(1), config.aligned());
        } else {
            BackboneInputs.check("CiderBackbone", inputs, inputShapes(1));
        }
        NDArray textMask = MaskOps.toFloat(inputs.get(TEXT_MASK));                       // (B, T_l)
        NDArray text = textProjection.forward(ps, new NDList(inputs.get(TEXT)), training, params).head();       // (B, T_l, d)
        NDArray audio = audioProjection.forward(ps, new NDList(inputs.get(AUDIO)), training, params).head();    // (B, T_a, d)
        NDArray vision = visionProjection.forward(ps, new NDList(inputs.get(VISION)), training, params).head(); // (B, T_v, d)
        NDArray audioMask;
        NDArray visionMask;
        if (config.aligned()) {
            audioMask = MaskOps.toFloat(inputs.get(AUDIO_MASK));
            visionMask = MaskOps.toFloat(inputs.get(VISION_MASK));
        } else if (meanPool != null) {
            NDList pooledAudio = meanPool.forward(ps, new NDList(audio, inputs.get(AUDIO_MASK)), training, params);    // (B, T_l, d), (B, T_l)
            NDList pooledVision = meanPool.forward(ps, new NDList(vision, inputs.get(VISION_MASK)), training, params); // (B, T_l, d), (B, T_l)
            audio = pooledAudio.get(0);
            audioMask = pooledAudio.get(1);
            vision = pooledVision.get(0);
            visionMask = pooledVision.get(1);
        } else {
            NDArray rowMask = WordSelfAlignedAttention.wordRowMask(textMask);
            audio = audioWsam.forward(ps, new NDList(text, rowMask, audio, inputs.get(AUDIO_MASK)), training, params).head();    // (B, T_l, d)
            vision = visionWsam.forward(ps, new NDList(text, rowMask, vision, inputs.get(VISION_MASK)), training, params).head(); // (B, T_l, d)
            audioMask = textMask;
            visionMask = textMask;
        }
        // The three GRUs run as one with block-diagonal weights (the same result, a third of the steps).
        NDList hidden = GruGroup.forward(ps, training, List.of(textGru, audioGru, visionGru), List.of(text, audio, vision));
        NDArray hText = hidden.get(0);                                                        // (B, T_l, d)
        NDArray hAudio = hidden.get(1);                                                       // (B, T_l, d)
        NDArray hVision = hidden.get(2);                                                      // (B, T_l, d)

        NDArray sequence = NDArrays.concat(new NDList(hText, hAudio, hVision), 1);           // (B, 3T_l, d)
        NDArray keyMask = NDArrays.concat(new NDList(textMask, audioMask, visionMask), 1);   // (B, 3T_l)
        PairList<String, Object> transformerParams = params;
        if (jointOnly) {
            // No layer computes the raw scores (the last one would, for attention distillation).
            transformerParams = new PairList<>();
            transformerParams.addAll(params);
            transformerParams.add(MultimodalCompositeAttention.SKIP_SCORES, Boolean.TRUE);
        }
        NDList transformed = transformer.forward(ps, new NDList(sequence, keyMask), training, transformerParams);
        NDArray y = transformed.get(0);
        long t = hText.getShape().get(1); // T_l, or the batch's longest text when its padding is trimmed
        NDArray yText = y.get(":, 0:" + t + ", :");
        NDArray yAudio = y.get(":, " + t + ":" + 2 * t + ", :");
        NDArray yVision = y.get(":, " + 2 * t + ":, :");

        NDArray gText = textPooling.forward(ps, new NDList(yText, textMask), training, params).head();       // (B, d)
        NDArray gAudio = audioPooling.forward(ps, new NDList(yAudio, audioMask), training, params).head();   // (B, d)
        NDArray gVision = visionPooling.forward(ps, new NDList(yVision, visionMask), training, params).head(); // (B, d)
        NDArray h = joint.forward(ps, new NDList(NDArrays.concat(new NDList(gText, gAudio, gVision), 1)), training, params).head();
        if (jointOnly) {
            NDArray empty = h.getManager().zeros(new Shape(h.getShape().get(0), 0), h.getDataType());
            return new NDList(h, empty, empty, empty, empty);
        }

        NDList sources = config.reconstructFromTransformer() ? new NDList(yText, yAudio, yVision) : new NDList(hText, hAudio, hVision);
        NDList reconstructed = reconstruction.forward(ps, sources, training, params);
        return new NDList(h, transformed.get(1), reconstructed.get(0), reconstructed.get(1), reconstructed.get(2));
    }

    /**
     * Loads the parameters, then marks them as trainable again (see {@link LoadedParameters}), so a loaded backbone
     * computes exactly what the saved one did and can be trained further.
     * @param manager The manager of the loaded arrays.
     * @param is The stream written by {@link #saveParameters(java.io.DataOutputStream)}.
     * @throws IOException on read failure.
     * @throws MalformedModelException if the stream does not match this backbone.
     */
    @Override
    public void loadParameters(NDManager manager, DataInputStream is) throws IOException, MalformedModelException {
        super.loadParameters(manager, is);
        LoadedParameters.restoreGradients(this);
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long b = inputShapes[0].get(0);
        long n = 3L * config.textSteps();
        return new Shape[]{new Shape(b, config.jointDim()), new Shape(b, config.heads(), n, n),
                new Shape(b, config.textSteps(), config.textFeatureDim()),
                new Shape(b, config.audioSteps(), config.audioDim()),
                new Shape(b, config.visionSteps(), config.visionDim())};
    }

    /** {@inheritDoc} */
    @Override
    protected void beforeInitialize(Shape... inputShapes) {
        if (inputShapes.length != INPUTS) {
            throw new IllegalArgumentException("CiderBackbone expects " + INPUTS + " input shapes, found " + inputShapes.length);
        }
        Shape[] expected = inputShapes(inputShapes[0].get(0));
        for (int i = 0; i < INPUTS; i++) {
            if (!inputShapes[i].equals(expected[i])) {
                throw new IllegalArgumentException("CiderBackbone input shape " + i + " is " + inputShapes[i]
                        + " but the configuration gives " + expected[i] + " (" + config + ")");
            }
        }
        super.beforeInitialize(inputShapes);
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long b = inputShapes[0].get(0);
        long d = config.hiddenDim();
        long t = config.textSteps();
        textProjection.initialize(manager, dataType, inputShapes[TEXT]);
        audioProjection.initialize(manager, dataType, inputShapes[AUDIO]);
        visionProjection.initialize(manager, dataType, inputShapes[VISION]);
        Shape textHidden = new Shape(b, t, d);
        Shape textMask = new Shape(b, t);
        if (meanPool == null) {
            audioWsam.initialize(manager, dataType, textHidden, textMask, new Shape(b, config.audioSteps(), d), inputShapes[AUDIO_MASK]);
            visionWsam.initialize(manager, dataType, textHidden, textMask, new Shape(b, config.visionSteps(), d), inputShapes[VISION_MASK]);
        } else {
            meanPool.initialize(manager, dataType, new Shape(b, config.audioSteps(), d), inputShapes[AUDIO_MASK]);
        }
        textGru.initialize(manager, dataType, textHidden);
        audioGru.initialize(manager, dataType, textHidden);
        visionGru.initialize(manager, dataType, textHidden);
        transformer.initialize(manager, dataType, new Shape(b, 3 * t, d), new Shape(b, 3 * t));
        textPooling.initialize(manager, dataType, textHidden, textMask);
        audioPooling.initialize(manager, dataType, textHidden, textMask);
        visionPooling.initialize(manager, dataType, textHidden, textMask);
        joint.initialize(manager, dataType, new Shape(b, config.jointDim()));
        reconstruction.initialize(manager, dataType, textHidden, textHidden, textHidden);
    }
}
