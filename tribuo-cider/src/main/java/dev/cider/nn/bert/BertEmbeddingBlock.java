package dev.cider.nn.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * BERT's input embeddings: {@code dropout(LayerNorm(word[id] + position[t] + tokenType[type]))}, the LayerNorm over
 * the hidden axis of each token.
 * <p>
 * Input: {@code [ids (B, T) int, tokenTypeIds (B, T) int]} or {@code [ids]} (every token type 0).
 * Output: {@code [x (B, T, H)]}. {@code T} must not exceed the number of positions.
 */
public final class BertEmbeddingBlock extends AbstractBlock {

    private static final byte VERSION = 1;
    private static final float INIT_STDDEV = 0.02f;

    private final int vocabularySize;
    private final int hiddenSize;
    private final int maxPositions;
    private final int typeVocabularySize;
    private final Parameter wordEmbeddings;
    private final Parameter positionEmbeddings;
    private final Parameter tokenTypeEmbeddings;
    private final LayerNorm layerNorm;
    private final Dropout dropout;

    /**
     * Creates the block.
     * @param vocabularySize Number of token ids.
     * @param hiddenSize Hidden size {@code H}.
     * @param maxPositions Number of position embeddings (longest input).
     * @param typeVocabularySize Number of token types.
     * @param epsilon LayerNorm epsilon.
     * @param dropoutRate Dropout after the LayerNorm (training only).
     */
    BertEmbeddingBlock(int vocabularySize, int hiddenSize, int maxPositions, int typeVocabularySize, float epsilon,
                       float dropoutRate) {
        super(VERSION);
        this.vocabularySize = vocabularySize;
        this.hiddenSize = hiddenSize;
        this.maxPositions = maxPositions;
        this.typeVocabularySize = typeVocabularySize;
        this.wordEmbeddings = addParameter(table("wordEmbeddings", vocabularySize, hiddenSize));
        this.positionEmbeddings = addParameter(table("positionEmbeddings", maxPositions, hiddenSize));
        this.tokenTypeEmbeddings = addParameter(table("tokenTypeEmbeddings", typeVocabularySize, hiddenSize));
        this.layerNorm = addChildBlock("layerNorm", LayerNorm.builder().axis(2).optEpsilon(epsilon).build());
        this.dropout = addChildBlock("dropout", Dropout.builder().optRate(dropoutRate).build());
    }

    private static Parameter table(String name, int rows, int columns) {
        return Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).optShape(new Shape(rows, columns))
                .optInitializer(new NormalInitializer(INIT_STDDEV)).build();
    }

    /**
     * The number of token ids.
     * @return The vocabulary size.
     */
    public int vocabularySize() {
        return vocabularySize;
    }

    /**
     * The number of positions.
     * @return The longest input.
     */
    public int maxPositions() {
        return maxPositions;
    }

    /**
     * The parameters under their Hugging Face {@code BertModel} state-dict names.
     * @param prefix The prefix of this block, e.g. {@code embeddings.}.
     * @return Names to parameters, in a fixed order.
     */
    Map<String, Parameter> stateDictParameters(String prefix) {
        Map<String, Parameter> out = new LinkedHashMap<>();
        out.put(prefix + "word_embeddings.weight", wordEmbeddings);
        out.put(prefix + "position_embeddings.weight", positionEmbeddings);
        out.put(prefix + "token_type_embeddings.weight", tokenTypeEmbeddings);
        BertLayerBlock.putLayerNorm(out, prefix + "LayerNorm.", layerNorm);
        return out;
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray ids = inputs.get(0);                                                           // (B, T)
        long steps = ids.getShape().get(1);
        if (steps > maxPositions) {
            throw new IllegalArgumentException("Input of " + steps + " tokens is longer than the " + maxPositions
                    + " position embeddings of this BERT encoder");
        }
        NDArray words = parameterStore.getValue(wordEmbeddings, ids.getDevice(), training);     // (V, H)
        NDArray positions = parameterStore.getValue(positionEmbeddings, ids.getDevice(), training); // (P, H)
        NDArray types = parameterStore.getValue(tokenTypeEmbeddings, ids.getDevice(), training);    // (TT, H)
        NDArray x = Embedding.embedding(ids.toType(DataType.INT64, false), words, SparseFormat.DENSE).head(); // (B, T, H)
        NDArray typeRows;
        if (inputs.size() > 1 && inputs.get(1) != null) {
            typeRows = Embedding.embedding(inputs.get(1).toType(DataType.INT64, false), types, SparseFormat.DENSE).head(); // (B, T, H)
        } else {
            typeRows = types.get(new NDIndex("0:1"));                                              // (1, H)
        }
        x = x.add(typeRows).add(positions.get(new NDIndex("0:{}", steps)));                       // (B, T, H)
        x = layerNorm.forward(parameterStore, new NDList(x), training, params).head();
        return dropout.forward(parameterStore, new NDList(x), training, params);
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0].add(hiddenSize)};
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = inputShapes[0].add(hiddenSize);
        layerNorm.initialize(manager, dataType, x);
        dropout.initialize(manager, dataType, x);
    }
}
