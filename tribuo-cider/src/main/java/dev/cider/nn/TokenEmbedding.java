package dev.cider.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;

/**
 * A trainable embedding of WordPiece token ids into token features, for training CIDer from token ids when no
 * pretrained encoder is used (missing tokens are [UNK] and get the [UNK] embedding).
 * <p>
 * Input: ids {@code (B, T)} int. Output: features {@code (B, T, dim)}.
 */
public final class TokenEmbedding extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int vocabularySize;
    private final int dim;
    private final Parameter weight;

    private TokenEmbedding(Builder builder) {
        super(VERSION);
        this.vocabularySize = builder.vocabularySize;
        this.dim = builder.dim;
        this.weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT)
                .optInitializer(new NormalInitializer(0.1f)).build());
    }

    /** @return A builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** @return The number of token ids. */
    public int vocabularySize() {
        return vocabularySize;
    }

    /** @return The feature dimension. */
    public int dim() {
        return dim;
    }

    @Override
    public void prepare(Shape[] inputShapes) {
        weight.setShape(new Shape(vocabularySize, dim));
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray ids = inputs.head();                                       // (B, T)
        NDArray w = parameterStore.getValue(weight, ids.getDevice(), training); // (V, dim)
        return Embedding.embedding(ids.toType(DataType.INT64, false), w, SparseFormat.DENSE); // (B, T, dim)
    }

    /**
     * Embeds weighted bags of words: {@code bags (K, V) x weight (V, dim)}, used for class prototypes of the text
     * in token-id mode (the mean embedding of a class's tokens).
     * @param parameterStore The parameter store.
     * @param bags {@code (K, V)} token frequencies.
     * @param training Whether this is a training pass.
     * @return {@code (K, dim)}.
     */
    public NDArray embedBags(ParameterStore parameterStore, NDArray bags, boolean training) {
        NDArray w = parameterStore.getValue(weight, bags.getDevice(), training);
        return bags.matMul(w);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0].add(dim)};
    }

    /**
     * Builds a {@link TokenEmbedding}.
     */
    public static final class Builder {
        private int vocabularySize = 30522;
        private int dim = 64;

        private Builder() {
        }

        /**
         * Sets the vocabulary size (30,522 for bert-base-uncased).
         * @param vocabularySize The number of ids.
         * @return This builder.
         */
        public Builder setVocabularySize(int vocabularySize) {
            this.vocabularySize = vocabularySize;
            return this;
        }

        /**
         * Sets the feature dimension.
         * @param dim The dimension.
         * @return This builder.
         */
        public Builder setDim(int dim) {
            this.dim = dim;
            return this;
        }

        /**
         * Builds the block.
         * @return The block.
         */
        public TokenEmbedding build() {
            if (vocabularySize <= 0 || dim <= 0) {
                throw new IllegalArgumentException("vocabulary size and dim must be positive, found " + vocabularySize + ", " + dim);
            }
            return new TokenEmbedding(this);
        }
    }
}
