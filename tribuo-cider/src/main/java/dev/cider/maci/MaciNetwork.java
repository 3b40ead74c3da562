package dev.cider.maci;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.cider.nn.MultimodalBackbone;
import dev.cider.nn.TokenEmbedding;
import dev.cider.nn.bert.BertEncoderBlock;

import java.io.DataInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Optional;

/**
 * A complete MACI network: an optional text front end (when the text arrives as token ids: a trainable
 * {@link TokenEmbedding}, or a pretrained {@link BertEncoderBlock} fine-tuned with the network), any
 * {@link MultimodalBackbone}, and a {@link ClassificationHead} on its joint representation, normally the
 * {@link CausalHead}. With the CIDer backbone this is CIDer; with another backbone it is that backbone plus MACI (the
 * paper's model-agnostic use). With a {@link PlainHead} it is the "without MCM" ablation (same inputs, the
 * prototypes are ignored).
 * <p>
 * <b>Input</b> (10 arrays): the six batch tensors of {@code dev.cider.runtime.BatchAssembler} (text as ids
 * {@code (B, T_l)} when the network has a token embedding, else token features {@code (B, T_l, d_l)}; text mask;
 * audio; audio mask; vision; vision mask), then the four prototype inputs of the causal head: text prototypes
 * ({@code (K, d_l)}, or bags of words {@code (K, V)} with a token embedding, embedded here; with a BERT front end
 * they are sentence vectors {@code (K, H)} given as they are), audio {@code (K, d_a)},
 * vision {@code (K, d_v)} and priors {@code (K)}.
 * <p>
 * <b>Output</b>: {@link #LOG_PROBABILITIES} {@code (B, K)}, {@link #TEXT_FEATURES} (the token features the backbone
 * saw, {@code (B, T_l, d_l)}: the reconstruction target in token-id mode), then the backbone's outputs from
 * {@link #BACKBONE} on (the joint representation first).
 * <p>
 * Forward parameters go to the backbone: with {@link MultimodalBackbone#JOINT_ONLY} it may skip every output but the
 * joint representation (prediction needs only the log-probabilities).
 */
public final class MaciNetwork extends AbstractBlock {

    private static final byte VERSION = 1;

    /** Output index of log P(y | do(x)). */
    public static final int LOG_PROBABILITIES = 0;
    /** Output index of the token features fed to the backbone. */
    public static final int TEXT_FEATURES = 1;
    /** Output index of the first backbone output (its joint representation). */
    public static final int BACKBONE = 2;
    /** The number of inputs. */
    public static final int INPUTS = MultimodalBackbone.INPUTS + 4;

    private final TokenEmbedding embedding; // null when the text arrives as features or through BERT
    private final BertEncoderBlock bert;    // null unless the text front end is a fine-tuned BERT
    private final MultimodalBackbone backbone;
    private final ClassificationHead head;

    /**
     * Creates a network.
     * @param embedding The token embedding, or null when the text arrives as token features.
     * @param backbone The backbone.
     * @param head The classification head: the {@link CausalHead}, or a {@link PlainHead} for the "without MCM"
     *             ablation.
     * @throws IllegalArgumentException if the head's joint size differs from the backbone's.
     */
    public MaciNetwork(TokenEmbedding embedding, MultimodalBackbone backbone, ClassificationHead head) {
        super(VERSION);
        if (head.getJointDim() != backbone.jointDim()) {
            throw new IllegalArgumentException("The head reads a joint representation of " + head.getJointDim()
                    + " but the backbone produces " + backbone.jointDim());
        }
        this.embedding = embedding == null ? null : addChildBlock("embedding", embedding);
        this.bert = null;
        this.backbone = addChildBlock("backbone", backbone);
        this.head = addChildBlock("head", head);
    }

    /**
     * Creates a network whose text front end is a BERT encoder (fine-tuned with the rest): token ids and the text
     * mask go through it, and its last hidden state, zero at padding positions, is the backbone's text input. The
     * text prototypes are passed to the head as they are ({@code (K, H)} sentence vectors).
     * @param bert The encoder.
     * @param backbone The backbone (its text feature size must be the encoder's hidden size).
     * @param head The classification head.
     */
    public MaciNetwork(BertEncoderBlock bert, MultimodalBackbone backbone, ClassificationHead head) {
        super(VERSION);
        if (head.getJointDim() != backbone.jointDim()) {
            throw new IllegalArgumentException("The head reads a joint representation of " + head.getJointDim()
                    + " but the backbone produces " + backbone.jointDim());
        }
        this.embedding = null;
        this.bert = addChildBlock("bert", bert);
        this.backbone = addChildBlock("backbone", backbone);
        this.head = addChildBlock("head", head);
    }

    /** @return The fine-tuned BERT front end, if the network has one. */
    public Optional<BertEncoderBlock> bertFrontEnd() {
        return Optional.ofNullable(bert);
    }

    /** @return The backbone. */
    public MultimodalBackbone backbone() {
        return backbone;
    }

    /** @return The classification head (the causal head unless this is the "without MCM" ablation). */
    public ClassificationHead head() {
        return head;
    }

    /** @return True if the text arrives as token ids (embedded or encoded by the network). */
    public boolean embedsTokens() {
        return embedding != null || bert != null;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        if (inputs.size() != INPUTS) {
            throw new IllegalArgumentException("MaciNetwork expects " + INPUTS + " inputs, found " + inputs.size());
        }
        NDArray text = inputs.get(0);
        NDArray protoText = inputs.get(MultimodalBackbone.INPUTS);
        if (embedding != null) {
            text = embedding.forward(ps, new NDList(text), training).head();                        // (B, T_l, d_l)
            if (head.usesPrototypes()) {
                protoText = embedding.embedBags(ps, protoText, training);                           // (K, d_l)
            }
        } else if (bert != null) {
            text = encode(ps, text, inputs.get(1), training);                                      // (B, T_l, H)
        }
        NDList backboneIn = new NDList(text, inputs.get(1), inputs.get(2), inputs.get(3), inputs.get(4), inputs.get(5));
        NDList backboneOut = backbone.forward(ps, backboneIn, training, params);
        NDArray joint = backboneOut.get(MultimodalBackbone.JOINT);                                   // (B, J)
        NDList headIn = new NDList(joint, protoText, inputs.get(MultimodalBackbone.INPUTS + 1),
                inputs.get(MultimodalBackbone.INPUTS + 2), inputs.get(MultimodalBackbone.INPUTS + 3));
        NDArray logP = head.forward(ps, headIn, training).head();                                    // (B, K)
        NDList out = new NDList(2 + backboneOut.size());
        out.add(logP);
        out.add(text);
        out.addAll(backboneOut);
        return out;
    }

    /**
     * The BERT front end on a batch, run only over the longest valid prefix of the batch (texts are much shorter than
     * {@code T_l}) and padded back with zero rows.
     */
    private NDArray encode(ParameterStore ps, NDArray ids, NDArray mask, boolean training) {
        long steps = ids.getShape().get(1);
        long longest = Math.max(1, (long) mask.sum(new int[] {1}).max().getFloat());
        NDArray trimmedIds = longest < steps ? ids.get(":, :" + longest) : ids;                   // (B, n)
        NDArray trimmedMask = longest < steps ? mask.get(":, :" + longest) : mask;                // (B, n)
        NDArray hidden = bert.forward(ps, new NDList(trimmedIds, trimmedMask), training).head();  // (B, n, H)
        hidden = hidden.mul(trimmedMask.toType(DataType.FLOAT32, false).expandDims(-1));
        if (longest < steps) {
            NDArray pad = hidden.getManager().zeros(new Shape(hidden.getShape().get(0), steps - longest, hidden.getShape().get(2)),
                    hidden.getDataType(), hidden.getDevice());
            hidden = hidden.concat(pad, 1);                                                         // (B, T_l, H)
        }
        return hidden;
    }

    private Shape[] backboneShapes(Shape[] inputShapes) {
        Shape[] s = Arrays.copyOf(inputShapes, MultimodalBackbone.INPUTS);
        if (embedding != null) {
            s[0] = inputShapes[0].add(embedding.dim());
        } else if (bert != null) {
            s[0] = inputShapes[0].add(bert.hiddenSize());
        }
        return s;
    }

    private Shape[] headShapes(Shape[] inputShapes, Shape jointShape) {
        Shape protoText = inputShapes[MultimodalBackbone.INPUTS];
        if (embedding != null) {
            protoText = new Shape(protoText.get(0), embedding.dim());
        }
        return new Shape[] {jointShape, protoText, inputShapes[MultimodalBackbone.INPUTS + 1],
                inputShapes[MultimodalBackbone.INPUTS + 2], inputShapes[MultimodalBackbone.INPUTS + 3]};
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] bb = backboneShapes(inputShapes);
        Shape[] backboneOut = backbone.getOutputShapes(bb);
        Shape[] headOut = head.getOutputShapes(headShapes(inputShapes, backboneOut[MultimodalBackbone.JOINT]));
        Shape[] out = new Shape[2 + backboneOut.length];
        out[0] = headOut[0];
        out[1] = bb[0];
        System.arraycopy(backboneOut, 0, out, 2, backboneOut.length);
        return out;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        if (embedding != null) {
            embedding.initialize(manager, dataType, inputShapes[0]);
        } else if (bert != null) {
            bert.initialize(manager, dataType, inputShapes[0], inputShapes[1]);
        }
        Shape[] bb = backboneShapes(inputShapes);
        backbone.initialize(manager, dataType, bb);
        Shape joint = backbone.getOutputShapes(bb)[MultimodalBackbone.JOINT];
        head.initialize(manager, dataType, headShapes(inputShapes, joint));
    }

    /**
     * Loads parameters and marks every trainable parameter as requiring a gradient again (DJL's loader does not).
     * @param manager The manager of the loaded arrays.
     * @param is The stream written by {@link #saveParameters}.
     * @throws IOException on read failure.
     * @throws MalformedModelException if the stream does not match this network.
     */
    @Override
    public void loadParameters(NDManager manager, DataInputStream is) throws IOException, MalformedModelException {
        super.loadParameters(manager, is);
        for (Parameter p : getParameters().values()) {
            if (p.requiresGradient() && p.isInitialized() && !p.getArray().hasGradient()) {
                p.getArray().setRequiresGradient(true);
            }
        }
    }
}
