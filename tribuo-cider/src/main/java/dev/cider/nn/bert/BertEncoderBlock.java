package dev.cider.nn.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.djl.util.PairList;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A BERT encoder (Devlin et al. 2019) as DJL blocks, fine-tunable: the input embeddings ({@link BertEmbeddingBlock})
 * and {@code L} post-LayerNorm layers ({@link BertLayerBlock}) with masked multi-head self-attention, exact (erf)
 * GELU and LayerNorm over each token's hidden vector. No pooler. The defaults are MiniLM-L6 (all-MiniLM-L6-v2):
 * 6 layers, {@code H = 384}, 12 heads, {@code I = 1536}, 512 positions, LayerNorm epsilon {@code 1e-12}, the
 * bert-base-uncased vocabulary of 30,522; {@link BertWeights} sets the parameters from an ONNX export.
 * <p>
 * Input: {@code [ids (B, T) int, attentionMask (B, T) 1/0 (any numeric type), tokenTypeIds (B, T) int]}, the last
 * optional (all token types 0 when absent). Output: {@code [lastHiddenState (B, T, H)]}. Padding keys (mask 0) get a
 * score bias of {@value #MASKED_SCORE} (large and finite, so a fully masked row cannot give NaN), so the rows of valid
 * tokens do not depend on the padding; the rows of padding positions are computed like any other and carry no meaning.
 * <p>
 * Dropout (on embeddings, attention weights and sub-layer outputs, BERT's 0.1 by default) acts only in training
 * passes.
 */
public final class BertEncoderBlock extends AbstractBlock {

    /** The additive attention score of a padding key. */
    public static final float MASKED_SCORE = -1e9f;

    private static final byte VERSION = 1;

    private final int vocabularySize;
    private final int hiddenSize;
    private final int layers;
    private final int heads;
    private final int intermediateSize;
    private final int maxPositions;
    private final int typeVocabularySize;
    private final float layerNormEpsilon;
    private final float dropoutRate;
    private final BertEmbeddingBlock embeddings;
    private final List<BertLayerBlock> encoderLayers;

    private BertEncoderBlock(Builder b) {
        super(VERSION);
        this.vocabularySize = b.vocabularySize;
        this.hiddenSize = b.hiddenSize;
        this.layers = b.layers;
        this.heads = b.heads;
        this.intermediateSize = b.intermediateSize;
        this.maxPositions = b.maxPositions;
        this.typeVocabularySize = b.typeVocabularySize;
        this.layerNormEpsilon = b.layerNormEpsilon;
        this.dropoutRate = b.dropoutRate;
        this.embeddings = addChildBlock("embeddings", new BertEmbeddingBlock(vocabularySize, hiddenSize, maxPositions,
                typeVocabularySize, layerNormEpsilon, dropoutRate));
        List<BertLayerBlock> list = new ArrayList<>();
        for (int i = 0; i < layers; i++) {
            list.add(addChildBlock("layer" + i, new BertLayerBlock(hiddenSize, heads, intermediateSize,
                    layerNormEpsilon, dropoutRate)));
        }
        this.encoderLayers = Collections.unmodifiableList(list);
    }

    /**
     * A builder with the MiniLM-L6 defaults.
     * @return The builder.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** @return The number of token ids. */
    public int vocabularySize() {
        return vocabularySize;
    }

    /** @return The hidden size {@code H}, the feature dimension of the output. */
    public int hiddenSize() {
        return hiddenSize;
    }

    /** @return The number of layers. */
    public int layers() {
        return layers;
    }

    /** @return The number of attention heads. */
    public int heads() {
        return heads;
    }

    /** @return The feed-forward inner size. */
    public int intermediateSize() {
        return intermediateSize;
    }

    /** @return The number of position embeddings, the longest input. */
    public int maxPositions() {
        return maxPositions;
    }

    /** @return The number of token types. */
    public int typeVocabularySize() {
        return typeVocabularySize;
    }

    /** @return The LayerNorm epsilon. */
    public float layerNormEpsilon() {
        return layerNormEpsilon;
    }

    /** @return The dropout rate of training passes. */
    public float dropoutRate() {
        return dropoutRate;
    }

    /**
     * Every parameter under its Hugging Face {@code BertModel} state-dict name (e.g.
     * {@code encoder.layer.0.attention.self.query.weight}; a Linear weight is {@code out x in} in both), the names
     * {@link BertWeights} loads.
     * @return Names to parameters, embeddings first, then layer by layer.
     */
    public Map<String, Parameter> stateDictParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>(embeddings.stateDictParameters("embeddings."));
        for (int i = 0; i < layers; i++) {
            encoderLayers.get(i).putStateDictParameters(out, "encoder.layer." + i + ".");
        }
        return out;
    }

    /**
     * The names (as in {@link #getParameters()}) of the parameters that fine-tuning exempts from weight decay: every
     * bias and every LayerNorm scale and shift. All the other parameters (Linear weights, embedding tables) decay.
     * @return The names, in parameter order.
     */
    public Set<String> noDecayParameterNames() {
        Set<String> names = new LinkedHashSet<>();
        for (Pair<String, Parameter> p : getParameters()) {
            Parameter.Type type = p.getValue().getType();
            if (type == Parameter.Type.BIAS || type == Parameter.Type.GAMMA || type == Parameter.Type.BETA) {
                names.add(p.getKey());
            }
        }
        return names;
    }

    /**
     * Matches the full names of this block's bias and LayerNorm parameters when it is a descendant of another block
     * (whose {@code getParameters()} names them {@code prefix + name}).
     * @param prefix The prefix of this block's parameter names in the enclosing block, e.g. {@code 03text_}; empty
     * for the block itself.
     * @return A predicate on full parameter names.
     */
    public Predicate<String> noDecayParameters(String prefix) {
        Set<String> names = noDecayParameterNames();
        return name -> name.startsWith(prefix) && names.contains(name.substring(prefix.length()));
    }

    /**
     * Matches the full names of all this block's parameters when it is a descendant of another block.
     * @param prefix The prefix of this block's parameter names in the enclosing block; empty for the block itself.
     * @return A predicate on full parameter names.
     */
    public Predicate<String> allParameters(String prefix) {
        Set<String> names = new LinkedHashSet<>(getParameters().keys());
        return name -> name.startsWith(prefix) && names.contains(name.substring(prefix.length()));
    }

    /**
     * The total number of parameter values (the block must be initialised).
     * @return The count.
     */
    public long parameterCount() {
        long n = 0;
        for (Parameter p : getParameters().values()) {
            n += p.getArray().size();
        }
        return n;
    }

    /**
     * The additive attention score bias of an attention mask: 0 on valid keys, {@link #MASKED_SCORE} on padding.
     * @param attentionMask {@code (B, T)} 1/0.
     * @return {@code (B, 1, 1, T)}.
     */
    static NDArray scoreBias(NDArray attentionMask) {
        Shape s = attentionMask.getShape();
        NDArray keep = attentionMask.toType(DataType.FLOAT32, false);
        return keep.sub(1f).mul(-MASKED_SCORE).reshape(s.get(0), 1, 1, s.get(1));
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        if (inputs.size() < 2 || inputs.size() > 3) {
            throw new IllegalArgumentException("BertEncoderBlock takes [ids, attentionMask] or [ids, attentionMask, "
                    + "tokenTypeIds], found " + inputs.size() + " inputs");
        }
        NDArray ids = inputs.get(0);                                                           // (B, T)
        NDArray mask = inputs.get(1);                                                          // (B, T)
        if (!ids.getShape().equals(mask.getShape()) || ids.getShape().dimension() != 2) {
            throw new IllegalArgumentException("ids " + ids.getShape() + " and attentionMask " + mask.getShape()
                    + " must both be (B, T)");
        }
        NDList embeddingInputs = inputs.size() == 3 ? new NDList(ids, inputs.get(2)) : new NDList(ids);
        NDArray x = embeddings.forward(parameterStore, embeddingInputs, training, params).head(); // (B, T, H)
        NDArray bias = scoreBias(mask);                                                        // (B, 1, 1, T)
        for (BertLayerBlock layer : encoderLayers) {
            x = layer.forward(parameterStore, new NDList(x, bias), training, params).head();
        }
        return new NDList(x);
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0].add(hiddenSize)};
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape ids = inputShapes[0];
        embeddings.initialize(manager, dataType, ids);
        Shape x = ids.add(hiddenSize);
        Shape bias = new Shape(ids.get(0), 1, 1, ids.get(1));
        for (BertLayerBlock layer : encoderLayers) {
            layer.initialize(manager, dataType, x, bias);
        }
    }

    @Override
    public String toString() {
        return "BertEncoderBlock(layers=" + layers + ", hidden=" + hiddenSize + ", heads=" + heads + ", intermediate="
                + intermediateSize + ", vocabulary=" + vocabularySize + ", positions=" + maxPositions + ")";
    }

    /**
     * Builds a {@link BertEncoderBlock}; the defaults are MiniLM-L6's.
     */
    public static final class Builder {
        private int vocabularySize = 30522;
        private int hiddenSize = 384;
        private int layers = 6;
        private int heads = 12;
        private int intermediateSize = 1536;
        private int maxPositions = 512;
        private int typeVocabularySize = 2;
        private float layerNormEpsilon = 1e-12f;
        private float dropoutRate = 0.1f;

        private Builder() {
        }

        /**
         * Sets the number of token ids. Default 30,522 (bert-base-uncased).
         * @param vocabularySize The vocabulary size.
         * @return This builder.
         */
        public Builder vocabularySize(int vocabularySize) {
            this.vocabularySize = vocabularySize;
            return this;
        }

        /**
         * Sets the hidden size {@code H}. Default 384.
         * @param hiddenSize The size.
         * @return This builder.
         */
        public Builder hiddenSize(int hiddenSize) {
            this.hiddenSize = hiddenSize;
            return this;
        }

        /**
         * Sets the number of layers. Default 6.
         * @param layers The number of layers.
         * @return This builder.
         */
        public Builder layers(int layers) {
            this.layers = layers;
            return this;
        }

        /**
         * Sets the number of attention heads, which must divide the hidden size. Default 12.
         * @param heads The number of heads.
         * @return This builder.
         */
        public Builder heads(int heads) {
            this.heads = heads;
            return this;
        }

        /**
         * Sets the feed-forward inner size. Default 1536.
         * @param intermediateSize The size.
         * @return This builder.
         */
        public Builder intermediateSize(int intermediateSize) {
            this.intermediateSize = intermediateSize;
            return this;
        }

        /**
         * Sets the number of position embeddings. Default 512.
         * @param maxPositions The longest input.
         * @return This builder.
         */
        public Builder maxPositions(int maxPositions) {
            this.maxPositions = maxPositions;
            return this;
        }

        /**
         * Sets the number of token types. Default 2.
         * @param typeVocabularySize The number of token types.
         * @return This builder.
         */
        public Builder typeVocabularySize(int typeVocabularySize) {
            this.typeVocabularySize = typeVocabularySize;
            return this;
        }

        /**
         * Sets the LayerNorm epsilon. Default {@code 1e-12}.
         * @param epsilon The epsilon.
         * @return This builder.
         */
        public Builder layerNormEpsilon(float epsilon) {
            this.layerNormEpsilon = epsilon;
            return this;
        }

        /**
         * Sets the dropout rate of training passes. Default 0.1.
         * @param rate The rate in [0, 1).
         * @return This builder.
         */
        public Builder optDropout(float rate) {
            this.dropoutRate = rate;
            return this;
        }

        /**
         * Builds the block.
         * @return The block.
         * @throws IllegalArgumentException naming an invalid setting.
         */
        public BertEncoderBlock build() {
            positive("vocabularySize", vocabularySize);
            positive("hiddenSize", hiddenSize);
            positive("layers", layers);
            positive("heads", heads);
            positive("intermediateSize", intermediateSize);
            positive("maxPositions", maxPositions);
            positive("typeVocabularySize", typeVocabularySize);
            if (hiddenSize % heads != 0) {
                throw new IllegalArgumentException("heads (" + heads + ") must divide hiddenSize (" + hiddenSize + ")");
            }
            if (!(layerNormEpsilon > 0)) {
                throw new IllegalArgumentException("layerNormEpsilon must be positive, found " + layerNormEpsilon);
            }
            if (!(dropoutRate >= 0 && dropoutRate < 1)) {
                throw new IllegalArgumentException("dropout must be in [0, 1), found " + dropoutRate);
            }
            return new BertEncoderBlock(this);
        }

        private static void positive(String name, int value) {
            if (value <= 0) {
                throw new IllegalArgumentException(name + " must be positive, found " + value);
            }
        }
    }
}
