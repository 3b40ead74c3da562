package dev.cider.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.cider.data.Modality;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * MCA, the multimodal composite attention (spec section 3, step 6).
 * <p>
 * The input is the time concatenation {@code [H_l; H_a; H_v]} of three segments of equal length {@code T}.
 * Shared query, key and value linears (with bias) give {@code H} heads and one score matrix
 * {@code S = Q K^T / sqrt(d / H)} over the {@code 3T} positions. Seven {@link CompositeView views} use it:
 * <ul>
 *     <li>LAV: softmax over all keys, then attention dropout (the only view with it);</li>
 *     <li>LA, LV, AV, L, A, V: keys outside the view's modalities get {@code -1e9} before the softmax, query rows
 *     outside them are zeroed after it, and value rows outside them are zeroed.</li>
 * </ul>
 * Every view also excludes padded keys ({@code keyMask = 0}) with {@code -1e9}. Each view has its own output
 * linear {@code d -> d}. Per modality, the outputs of its four views on its rows are concatenated on features
 * (text: LAV, LA, LV, L; audio: LAV, LA, AV, A; vision: LAV, LV, AV, V), mapped {@code 4d -> d} by a
 * per-modality linear, re-concatenated on time and mapped by a final linear {@code d -> d}.
 * <p>
 * The reference computation evaluates seven full {@code 3T x 3T} softmaxes. The blockwise variant
 * ({@link Builder#optBlockwise(boolean)}) computes each view only on the score blocks it can see: one pass over
 * {@code S} gives, per query row and per modality's key block, the block maximum, the block sum of exponentials and
 * the block's weighted values; each view's softmax over its own blocks is then a cheap rescaled combination of
 * those. It gives the reference's output (the masked weights of the reference are exactly zero, and its zeroed
 * rows are never read) up to float rounding, with about one softmax of work instead of seven. (In training with
 * attention dropout the tri-modal view is computed as in the reference.) The variants differ only when all keys of
 * a view are padding for a row, a case without meaning: the reference then spreads the row over every key, the
 * blockwise variant gives 0; and in a pathological row where a padded key outscores every valid key of its block
 * by more than about 117, whose valid weights then underflow.
 * <p>
 * In test mode the blockwise variant combines all seven views at once (one small product per layer, and the seven
 * view linears as one batched product): the same result up to float rounding in far fewer operations, which is most
 * of the cost of predicting one utterance. Training keeps the operation order of the per-view combination, so trained
 * weights do not change.
 * <p>
 * Every layer but the last skips the raw scores when the transformer asks it to ({@link #SKIP_SCORES}).
 * <p>
 * Input: {@code [x (B, 3T, d), keyMask (B, 3T)]} (1 on valid steps). Output: {@code [y (B, 3T, d),
 * scores (B, H, 3T, 3T)]}, where {@code scores} is the raw {@code S}, before any mask, for attention distillation.
 * Parameters: {@code 3 (d^2 + d) + 7 (d^2 + d) + 3 (4 d^2 + d) + (d^2 + d)} (24,000 for {@code d = 32}).
 */
public final class MultimodalCompositeAttention extends AbstractBlock {

    /**
     * A forward parameter: when {@code true}, the raw scores are not computed and the second output is an empty
     * {@code (B, H, 0, 0)} array. The transformer sets it for every layer but the last, whose scores alone are
     * distilled.
     */
    public static final String SKIP_SCORES = "cider.mca.skipScores";

    private static final byte VERSION = 1;
    private static final Modality[] MODALITIES = Modality.values();
    private static final CompositeView[] VIEWS = CompositeView.values();
    private static final int VIEWS_PER_MODALITY = 4;
    /** Utterances per chunk of the blockwise score computation (see blockwiseContexts). */
    private static final int CHUNK = 16;
    /** The score offset of padded keys in the blockwise computation (they are excluded exactly elsewhere). */
    private static final float PADDING_SCORE_OFFSET = 30f;
    /**
     * The smallest block sum under the shared softmax normaliser (see sharedNormaliserContexts and predictionContexts)
     * that keeps the contexts at full float precision; below it the exact per-block path runs.
     */
    private static final float SHARED_NORMALISER_FLOOR = 1e-25f;
    /** Added to the blockwise softmax denominators, so an all-padding view gives 0 rather than NaN. */
    private static final float EMPTY_VIEW_DENOMINATOR = 1e-30f;

    private final int hiddenDim;
    private final int heads;
    private final boolean blockwise;
    private final float attentionDropoutRate;
    private final Linear query;
    private final Linear key;
    private final Linear value;
    private final Dropout attentionDropout;
    private final Map<CompositeView, Linear> viewOutputs = new EnumMap<>(CompositeView.class);
    private final Map<Modality, Linear> fusions = new EnumMap<>(Modality.class);
    private final Linear output;
    /** Whether the blockwise paths try one shared softmax normaliser per row first (tests turn it off). */
    private boolean sharedNormaliser = true;

    private MultimodalCompositeAttention(Builder builder) {
        super(VERSION);
        this.hiddenDim = builder.hiddenDim;
        this.heads = builder.heads;
        this.blockwise = builder.blockwise;
        this.attentionDropoutRate = builder.attentionDropout;
        this.query = addChildBlock("query", Linear.builder().setUnits(hiddenDim).build());
        this.key = addChildBlock("key", Linear.builder().setUnits(hiddenDim).build());
        this.value = addChildBlock("value", Linear.builder().setUnits(hiddenDim).build());
        this.attentionDropout = addChildBlock("attentionDropout", Dropout.builder().optRate(builder.attentionDropout).build());
        for (CompositeView view : CompositeView.values()) {
            viewOutputs.put(view, addChildBlock("view" + view.name(), Linear.builder().setUnits(hiddenDim).build()));
        }
        for (Modality m : MODALITIES) {
            fusions.put(m, addChildBlock("fusion" + m.letter(), Linear.builder().setUnits(hiddenDim).build()));
        }
        this.output = addChildBlock("output", Linear.builder().setUnits(hiddenDim).build());
    }

    /**
     * A new builder.
     * @return The builder.
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Whether this block uses the blockwise computation.
     * @return True for the blockwise variant.
     */
    public boolean isBlockwise() {
        return blockwise;
    }

    /**
     * For tests: whether the blockwise computations first try one softmax over all keys of a row (the default), or
     * always compute block by block, as they do when that shared normaliser would underflow.
     * @param shared False to always compute block by block.
     */
    void useSharedNormaliser(boolean shared) {
        this.sharedNormaliser = shared;
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        Projected p = project(parameterStore, inputs, training, params);
        boolean skipScores = params != null && Boolean.TRUE.equals(params.get(SKIP_SCORES));
        if (blockwise && !training) {
            // Prediction: all seven views at once, in far fewer (small) operations; see predictionContexts.
            NDArray contexts;
            try (NDScope scope = new NDScope()) {
                contexts = predictionContexts(p);
                NDScope.unregister(contexts);
            }
            NDScope.register(contexts);
            NDArray y = fuse(parameterStore, contexts, p.batch, p.segment, training, params);
            return new NDList(y, skipScores ? p.keyMask.getManager().zeros(new Shape(p.batch, heads, 0, 0)) : p.scores());
        }
        Map<Modality, List<NDArray>> contexts;
        if (blockwise) {
            // The score-sized temporaries are released as soon as the contexts exist (autograd keeps what its
            // backward pass needs); the results join the caller's scope, if any.
            try (NDScope scope = new NDScope()) {
                contexts = blockwiseContexts(parameterStore, p, training);
                for (List<NDArray> list : contexts.values()) {
                    list.forEach(NDScope::unregister);
                }
                if (p.scores != null) {
                    NDScope.unregister(p.scores);
                }
            }
            for (List<NDArray> list : contexts.values()) {
                list.forEach(NDScope::register);
            }
            if (p.scores != null) {
                NDScope.register(p.scores);
            }
        } else {
            contexts = referenceContexts(parameterStore, p, training);
        }
        NDList fused = new NDList(MODALITIES.length);
        for (Modality m : MODALITIES) {
            List<CompositeView> views = CompositeView.viewsOf(m);
            List<NDArray> modalityContexts = contexts.get(m);
            NDList parts = new NDList(VIEWS_PER_MODALITY);
            for (int i = 0; i < views.size(); i++) {
                // (B, T, d) -> view output linear -> (B, T, d)
                parts.add(viewOutputs.get(views.get(i)).forward(parameterStore, new NDList(modalityContexts.get(i)), training, params).head());
            }
            // (B, T, 4d) -> (B, T, d)
            fused.add(fusions.get(m).forward(parameterStore, new NDList(NDArrays.concat(parts, 2)), training, params).head());
        }
        // (B, 3T, d) -> (B, 3T, d)
        NDArray y = output.forward(parameterStore, new NDList(NDArrays.concat(fused, 1)), training, params).head();
        return new NDList(y, skipScores ? p.keyMask.getManager().zeros(new Shape(p.batch, heads, 0, 0)) : p.scores());
    }

    /**
     * The attention weights of every view on the whole {@code 3T x 3T} score matrix, as the reference computes
     * them (without dropout), for inspection and tests.
     * @param parameterStore The parameter store.
     * @param inputs {@code [x, keyMask]}.
     * @return The weights (B, H, 3T, 3T) of each view.
     */
    Map<CompositeView, NDArray> viewWeights(ParameterStore parameterStore, NDList inputs) {
        Projected p = project(parameterStore, inputs, false, null);
        Map<CompositeView, NDArray> weights = new EnumMap<>(CompositeView.class);
        for (CompositeView view : CompositeView.values()) {
            weights.put(view, referenceWeights(parameterStore, p, view, false));
        }
        return weights;
    }

    /**
     * The attention result of every view on all {@code 3T} rows before its output linear, as the reference
     * computes it (without dropout), for inspection and tests.
     * @param parameterStore The parameter store.
     * @param inputs {@code [x, keyMask]}.
     * @return The context (B, 3T, d) of each view.
     */
    Map<CompositeView, NDArray> viewContexts(ParameterStore parameterStore, NDList inputs) {
        Projected p = project(parameterStore, inputs, false, null);
        Map<CompositeView, NDArray> contexts = new EnumMap<>(CompositeView.class);
        for (CompositeView view : CompositeView.values()) {
            contexts.put(view, referenceContext(parameterStore, p, view, false));
        }
        return contexts;
    }

    /**
     * The shared projections of one forward pass. The reference path uses the full score matrix; the blockwise path
     * computes the score block of each modality's keys directly from the key slice (slicing the full matrix would
     * make the backward pass zero-fill a full-size gradient per block) and concatenates the blocks into the scores
     * it returns.
     */
    private static final class Projected {
        final long batch;
        final int segment;
        final NDArray keyMask;   // (B, 3T)
        final NDArray queries;   // (B, H, 3T, d/H), scaled by 1/sqrt(d/H)
        final NDArray keys;      // (B, H, 3T, d/H)
        final NDArray values;    // (B, H, 3T, d/H)
        private NDArray scores;  // (B, H, 3T, 3T), computed on first use

        Projected(long batch, int segment, NDArray keyMask, NDArray queries, NDArray keys, NDArray values) {
            this.batch = batch;
            this.segment = segment;
            this.keyMask = keyMask;
            this.queries = queries;
            this.keys = keys;
            this.values = values;
        }

        int positions() {
            return 3 * segment;
        }

        NDArray scores() {
            if (scores == null) {
                scores = queries.matMul(keys.transpose(0, 1, 3, 2));                      // (B, H, 3T, 3T)
            }
            return scores;
        }

        // [Q | 1]: the queries with a column of ones, (B, H, 3T, d/H + 1); see biasedKeys.
        NDArray augmentedQueries() {
            Shape shape = queries.getShape();
            NDArray ones = keyMask.getManager().ones(new Shape(batch, shape.get(1), shape.get(2), 1), queries.getDataType());
            return NDArrays.concat(new NDList(queries, ones), 3);
        }

        // [K | bias]: the keys with the padding bias (PADDING_SCORE_OFFSET below on padded keys), (B, H, 3T, d/H + 1),
        // so that [Q | 1] . [K | bias] = Q . K + bias in one product.
        NDArray biasedKeys() {
            long n = positions();
            NDArray bias = keyMask.sub(1f).mul(PADDING_SCORE_OFFSET).reshape(batch, 1, n, 1)
                    .broadcast(new Shape(batch, keys.getShape().get(1), n, 1));          // (B, H, 3T, 1)
            return NDArrays.concat(new NDList(keys, bias), 3);
        }

        // 1 where a modality's key block holds no valid key, else 0: (B, 3).
        NDArray emptyBlocks() {
            return keyMask.reshape(batch, MODALITIES.length, segment).max(new int[]{2}).neg().add(1f);
        }

        // The score block of key modality j: (B, H, 3T, T).
        NDArray scoreBlock(int j) {
            NDArray k = keys.get(":, :, " + j * segment + ":" + (j + 1) * segment + ", :"); // (B, H, T, d/H)
            return queries.matMul(k.transpose(0, 1, 3, 2));
        }
    }

    private Projected project(ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        if (inputs.size() != 2) {
            throw new IllegalArgumentException("MCA expects [x, keyMask], found " + inputs.size() + " inputs");
        }
        NDArray x = inputs.get(0);
        NDArray keyMask = MaskOps.toFloat(inputs.get(1));
        Shape shape = x.getShape();
        if (shape.dimension() != 3 || shape.get(2) != hiddenDim || shape.get(1) % MODALITIES.length != 0) {
            throw new IllegalArgumentException("MCA expects x of shape (B, 3T, " + hiddenDim + "), found " + shape);
        }
        if (!keyMask.getShape().equals(new Shape(shape.get(0), shape.get(1)))) {
            throw new IllegalArgumentException("MCA expects keyMask of shape (B, 3T) = (" + shape.get(0) + ", "
                    + shape.get(1) + "), found " + keyMask.getShape());
        }
        long batch = shape.get(0);
        long positions = shape.get(1);
        // The three projections as one linear over the stacked weights (the same products; fewer, larger operations).
        Device device = x.getDevice();
        NDList weights = new NDList(3);
        NDList biases = new NDList(3);
        for (Linear projection : new Linear[]{query, key, value}) {
            PairList<String, Parameter> direct = projection.getDirectParameters();
            weights.add(parameterStore.getValue(direct.get("weight"), device, training));  // (d, d), out x in
            biases.add(parameterStore.getValue(direct.get("bias"), device, training));     // (d)
        }
        NDList qkv = Linear.linear(x, NDArrays.concat(weights, 0), NDArrays.concat(biases, 0))
                .head().split(3, 2);                                                      // 3 x (B, 3T, d)
        NDArray q = splitHeads(qkv.get(0), batch, positions);
        NDArray k = splitHeads(qkv.get(1), batch, positions);
        NDArray v = splitHeads(qkv.get(2), batch, positions);
        float scale = 1f / (float) Math.sqrt((double) hiddenDim / heads);
        return new Projected(batch, (int) (positions / MODALITIES.length), keyMask, OwnedArrays.mul(q, scale), k, v);
    }

    // (B, S, d) -> (B, H, S, d/H)
    private NDArray splitHeads(NDArray x, long batch, long steps) {
        return x.reshape(batch, steps, heads, hiddenDim / heads).transpose(0, 2, 1, 3);
    }

    // (B, H, S, d/H) -> (B, S, d)
    private NDArray mergeHeads(NDArray x, long batch) {
        long steps = x.getShape().get(2);
        return x.transpose(0, 2, 1, 3).reshape(batch, steps, hiddenDim);
    }

    // 1 on the positions of the view's modalities, shape (3T).
    private static NDArray selector(NDManager manager, CompositeView view, int segment) {
        float[] values = new float[MODALITIES.length * segment];
        for (int i = 0; i < MODALITIES.length; i++) {
            if (view.contains(MODALITIES[i])) {
                java.util.Arrays.fill(values, i * segment, (i + 1) * segment, 1f);
            }
        }
        return OwnedArrays.create(manager, values);
    }

    // Reference weights of one view over all positions: (B, H, 3T, 3T).
    private NDArray referenceWeights(ParameterStore parameterStore, Projected p, CompositeView view, boolean training) {
        long n = p.positions();
        NDArray keys = p.keyMask.reshape(p.batch, 1, 1, n);
        if (view.isFull()) {
            NDArray weights = MaskOps.maskedSoftmax(p.scores(), keys);
            return attentionDropout.forward(parameterStore, new NDList(weights), training).head();
        }
        NDArray select = selector(p.keyMask.getManager(), view, p.segment);
        NDArray weights = MaskOps.maskedSoftmax(p.scores(), keys.mul(select.reshape(1, 1, 1, n)));
        return weights.mul(select.reshape(1, 1, n, 1));
    }

    // Reference context of one view over all positions: (B, 3T, d).
    private NDArray referenceContext(ParameterStore parameterStore, Projected p, CompositeView view, boolean training) {
        NDArray weights = referenceWeights(parameterStore, p, view, training);
        NDArray values = p.values;
        if (!view.isFull()) {
            long n = p.positions();
            values = values.mul(selector(values.getManager(), view, p.segment).reshape(1, 1, n, 1));
        }
        return mergeHeads(weights.matMul(values), p.batch);
    }

    private Map<Modality, List<NDArray>> referenceContexts(ParameterStore parameterStore, Projected p, boolean training) {
        Map<CompositeView, NDArray> full = new EnumMap<>(CompositeView.class);
        for (CompositeView view : CompositeView.values()) {
            full.put(view, referenceContext(parameterStore, p, view, training));
        }
        Map<Modality, List<NDArray>> contexts = new EnumMap<>(Modality.class);
        for (int i = 0; i < MODALITIES.length; i++) {
            List<NDArray> rows = new ArrayList<>(VIEWS_PER_MODALITY);
            for (CompositeView view : CompositeView.viewsOf(MODALITIES[i])) {
                rows.add(full.get(view).get(":, " + i * p.segment + ":" + (i + 1) * p.segment + ", :"));
            }
            contexts.put(MODALITIES[i], rows);
        }
        return contexts;
    }

    /*
     * Blockwise computation. For every key block j (one modality's T keys) and every query row, one pass over S
     * gives the block maximum m_j (B, H, 3T, 1), the block sum s_j = sum exp(S_j - m_j) and the block context
     * c_j = exp(S_j - m_j) V_j (B, H, 3T, d/H), with padded keys masked. A view over blocks J then is
     * (sum_J c_j exp(m_j - m)) / (sum_J s_j exp(m_j - m)) with m = max_J m_j: the softmax over the view's keys
     * only, computed once for all seven views instead of seven times. The maxima only stabilise the exponentials
     * (the result does not depend on them), so they are detached from the graph.
     *
     * Work savings: the mask bias rides along in the score product ([q | 1] . [k | bias]); the values of block j get
     * a row of ones, so one product [V_j ; 1] exp(S_j - m_j)^T yields c_j and s_j together (no separate sum over the
     * block, and no second gradient path into it); each view is combined only on the query rows that read it (a
     * view's rows outside its modalities are never used), 12 row blocks instead of 21; the raw scores are one
     * product of their own.
     */
    private Map<Modality, List<NDArray>> blockwiseContexts(ParameterStore parameterStore, Projected p, boolean training) {
        int t = p.segment;
        long n = p.positions();
        int headDim = hiddenDim / heads;
        NDManager manager = p.keyMask.getManager();
        DataType type = p.queries.getDataType();
        // Padded keys are excluded exactly by zeroing their value rows (and their row of ones, so they add nothing to
        // the block sums either). The scores only get a moderate bias on padded keys, so the block maxima, which
        // merely stabilise the exponentials, come from valid keys in all but pathological rows; an additive -1e9
        // would send the exponentials far below their underflow limit (about -87), where exp is an order of
        // magnitude slower. The bias rides along in the score product: [q | 1] . [k | bias] = q . k + bias.
        NDArray keyMask = p.keyMask.reshape(p.batch, 1, 1, n);                           // (B, 1, 1, 3T)
        NDArray queries = p.augmentedQueries();                                          // (B, H, 3T, d/H + 1)
        NDArray keys = p.biasedKeys();                                                   // (B, H, 3T, d/H + 1)
        // The block results are kept transposed, (B, H, d/H + 1, positions), so the small per-view operations run
        // along the positions (contiguous) rather than along d/H + 1 values. [V^T ; 1] with padded columns zeroed:
        NDArray valuesT = NDArrays.concat(new NDList(p.values.transpose(0, 1, 3, 2),
                manager.ones(new Shape(p.batch, heads, 1, n), type)), 2).mul(keyMask);   // (B, H, d/H + 1, 3T)
        // The score-sized work runs in batch chunks small enough to stay in the processor's cache between the
        // passes over a block (product, maximum, exponential, product with the values).
        long[] boundaries = BatchChunks.boundaries(p.batch, CHUNK);
        NDList queryChunks = queries.split(boundaries, 0);
        NDList keyChunks = keys.split(boundaries, 0);
        NDList valueChunks = valuesT.split(boundaries, 0);
        boolean dropTri = training && attentionDropoutRate > 0f;
        Map<Modality, List<NDArray>> shared = sharedNormaliser
                ? sharedNormaliserContexts(parameterStore, p, queryChunks, keyChunks, valueChunks, dropTri) : null;
        if (shared != null) {
            return shared;
        }
        int chunks = queryChunks.size();
        NDList[] combinedChunks = new NDList[MODALITIES.length];
        NDList[] maximumChunks = new NDList[MODALITIES.length];
        for (int j = 0; j < MODALITIES.length; j++) {
            combinedChunks[j] = new NDList(chunks);
            maximumChunks[j] = new NDList(chunks);
        }
        for (int c = 0; c < chunks; c++) {
            NDArray q = queryChunks.get(c);
            long size = q.getShape().get(0);
            // Splits rather than slices: a split's gradient is one join, a slice's a zero-filled full-size array each.
            NDList keyBlocks = keyChunks.get(c).split(MODALITIES.length, 2);              // 3 x (b, H, T, d/H + 1)
            NDList valueBlocks = valueChunks.get(c).split(MODALITIES.length, 3);          // 3 x (b, H, d/H + 1, T)
            for (int j = 0; j < MODALITIES.length; j++) {
                NDArray block = q.matMul(keyBlocks.get(j).transpose(0, 1, 3, 2));        // (b, H, 3T, T)
                NDArray max = block.max(new int[]{3}, true).stopGradient();              // (b, H, 3T, 1)
                NDArray shifted = block.sub(max);
                block.close(); // score-sized temporaries are freed at once (autograd keeps what it needs)
                NDArray e = shifted.exp();                                               // (b, H, 3T, T)
                shifted.close();
                combinedChunks[j].add(valueBlocks.get(j).matMul(e.transpose(0, 1, 3, 2))); // (b, H, d/H + 1, 3T)
                maximumChunks[j].add(max.reshape(size, heads, 1, n));                    // (b, H, 1, 3T)
            }
        }
        NDList[] maxima = new NDList[MODALITIES.length];     // [key block j] -> per query block i (B, H, 1, T)
        NDList[] combined = new NDList[MODALITIES.length];   // [key block j] -> per query block i (B, H, d/H + 1, T): [c_j ; s_j]
        for (int j = 0; j < MODALITIES.length; j++) {
            combined[j] = join(combinedChunks[j]).split(MODALITIES.length, 3);
            maxima[j] = join(maximumChunks[j]).split(MODALITIES.length, 3);
        }
        return viewRows(parameterStore, p, dropTri, (view, i) -> {
            NDArray max = null;
            for (int j = 0; j < MODALITIES.length; j++) {
                if (view.contains(MODALITIES[j])) {
                    max = max == null ? maxima[j].get(i) : max.maximum(maxima[j].get(i));
                }
            }
            NDArray sum = null;
            for (int j = 0; j < MODALITIES.length; j++) {
                if (view.contains(MODALITIES[j])) {
                    NDArray scaled = combined[j].get(i).mul(maxima[j].get(i).sub(max).exp()); // (B, H, d/H + 1, T)
                    sum = sum == null ? scaled : sum.add(scaled);
                }
            }
            return sum;
        });
    }

    /*
     * The blockwise contexts with one softmax over all keys of a row per batch chunk (fused forward and backward),
     * instead of a maximum, a subtraction and an exponential per key block: the weights' product with the
     * block-diagonal [V_j^T ; 1] gives every block's [c_j ; s_j] scaled by the row's full normaliser, which cancels in
     * each view's ratio. Returns null, so that the caller runs the per-block computation, when that shared normaliser
     * would underflow: a block holding a valid key whose sum falls below SHARED_NORMALISER_FLOOR (its scores lie about
     * 60 or more below the row's largest), checked once per call. Same layout as blockwiseContexts.
     */
    private Map<Modality, List<NDArray>> sharedNormaliserContexts(ParameterStore parameterStore, Projected p, NDList queryChunks,
                                                                  NDList keyChunks, NDList valueChunks, boolean dropTri) {
        int t = p.segment;
        long n = p.positions();
        int width = hiddenDim / heads + 1;
        NDManager manager = p.keyMask.getManager();
        NDArray spread = blockRows(manager, t).reshape(1, 1, MODALITIES.length, 1, n);   // (1, 1, 3, 1, 3T)
        NDList sumChunks = new NDList(queryChunks.size());
        for (int c = 0; c < queryChunks.size(); c++) {
            NDArray valuesT = valueChunks.get(c);                                        // (b, H, d/H + 1, 3T)
            Shape shape = valuesT.getShape();
            NDArray blockValues = valuesT.expandDims(2).mul(spread)
                    .reshape(shape.get(0), heads, (long) MODALITIES.length * width, n);   // (b, H, 3 (d/H + 1), 3T)
            NDArray scores = queryChunks.get(c).matMul(keyChunks.get(c).transpose(0, 1, 3, 2)); // (b, H, 3T, 3T)
            NDArray weights = scores.softmax(3);                                        // (b, H, 3T, 3T)
            // (Products with the untransposed weights, (3T, 3T) x (3T, 3 (d/H + 1)), are slower: MKL handles a narrow
            // right operand badly. Keys-first scores with the softmax over the keys avoid the copy of the transposed
            // weights' gradient that this order costs, but measured no faster.)
            sumChunks.add(blockValues.matMul(weights.transpose(0, 1, 3, 2)));            // (b, H, 3 (d/H + 1), 3T)
        }
        NDArray sums = join(sumChunks);                                                  // (B, H, 3 (d/H + 1), 3T)
        NDArray blockSums = sums.stopGradient().reshape(p.batch, heads, MODALITIES.length, width, n)
                .get(":, :, :, " + (width - 1) + ", :");                                   // (B, H, 3, 3T)
        NDArray emptyBlocks = p.emptyBlocks().reshape(p.batch, 1, MODALITIES.length, 1);  // (B, 1, 3, 1)
        if (blockSums.add(emptyBlocks).min().getFloat() < SHARED_NORMALISER_FLOOR) {
            return null;
        }
        NDList[] combined = new NDList[MODALITIES.length]; // [key block j] -> per query block i (B, H, d/H + 1, T): [c_j ; s_j]
        NDList byKeyBlock = sums.split(MODALITIES.length, 2);
        for (int j = 0; j < MODALITIES.length; j++) {
            combined[j] = byKeyBlock.get(j).split(MODALITIES.length, 3);
        }
        return viewRows(parameterStore, p, dropTri, (view, i) -> {
            NDArray sum = null;
            for (int j = 0; j < MODALITIES.length; j++) {
                if (view.contains(MODALITIES[j])) {
                    sum = sum == null ? combined[j].get(i) : sum.add(combined[j].get(i)); // (B, H, d/H + 1, T)
                }
            }
            return sum;
        });
    }

    /*
     * Each modality's four view contexts on its own rows, (B, T, d) in CompositeView.viewsOf order: the tri-modal view
     * computed as the reference does when training with attention dropout, every other view as the ratio of the
     * [sum_J c_j ; sum_J s_j] (B, H, d/H + 1, T) that blockSums gives for (view, query block i).
     */
    private Map<Modality, List<NDArray>> viewRows(ParameterStore parameterStore, Projected p, boolean dropTri,
                                                  BiFunction<CompositeView, Integer, NDArray> blockSums) {
        int t = p.segment;
        int headDim = hiddenDim / heads;
        NDArray tri = dropTri ? referenceContext(parameterStore, p, CompositeView.LAV, true) : null; // (B, 3T, d)
        Map<Modality, List<NDArray>> rows = new EnumMap<>(Modality.class);
        for (int i = 0; i < MODALITIES.length; i++) {
            List<NDArray> list = new ArrayList<>(VIEWS_PER_MODALITY);
            for (CompositeView view : CompositeView.viewsOf(MODALITIES[i])) {
                if (view.isFull() && dropTri) {
                    list.add(tri.get(":, " + i * t + ":" + (i + 1) * t + ", :"));
                    continue;
                }
                NDList parts = blockSums.apply(view, i).split(new long[]{headDim}, 2);
                // (B, H, d/H, T) / (B, H, 1, T); the tiny offset only matters when every key of the view is padding
                // (no meaning; the view then reads 0 instead of dividing 0 by 0)
                NDArray context = parts.get(0).div(parts.get(1).add(EMPTY_VIEW_DENOMINATOR));
                list.add(context.transpose(0, 3, 1, 2).reshape(p.batch, t, hiddenDim));  // (B, T, d)
            }
            rows.put(MODALITIES[i], list);
        }
        return rows;
    }

    /*
     * The prediction path's fast computation: one fused softmax over every key of a row (rather than a maximum, a
     * subtraction and an exponential per key block), then one product of the weights with the block-diagonal values
     * [V_j | 1] gives every block's context c_j and sum s_j, all scaled by the same per-row factor (the row's full
     * normaliser), which cancels in each view's ratio sum_J c_j / sum_J s_j. The seven views are then one product of a
     * constant 0/1 (7, 3) selection with the stacked [c_j | s_j]: no per-view maxima or exponentials.
     *
     * Sharing the row's normaliser can underflow: a block whose scores all lie far (about 60 or more) below the row's
     * largest score gets sums too small for full float precision, or 0. That is checked for every row and block that
     * holds a valid key (one reduction per layer), and the batch is then computed by the exact per-block path,
     * exactPredictionContexts. Returns every view's context on every row, view-major as the view linears take them:
     * (7, B 3T, d) in CompositeView order.
     */
    private NDArray predictionContexts(Projected p) {
        if (!sharedNormaliser) {
            return viewMajor(exactPredictionContexts(p));
        }
        int t = p.segment;
        long n = p.positions();
        int headDim = hiddenDim / heads;
        int width = headDim + 1;
        NDManager manager = p.keyMask.getManager();
        DataType type = p.queries.getDataType();
        // Padded keys: a moderate score bias (see exactPredictionContexts) and zeroed value columns and ones.
        NDArray queries = p.augmentedQueries();                                          // (B, H, 3T, d/H + 1)
        NDArray keys = p.biasedKeys();                                                   // (B, H, 3T, d/H + 1)
        // [V^T ; 1] with padded columns 0, spread block-diagonally: row k 3 + j holds value row k of key block j.
        NDArray blockValues = NDArrays.concat(new NDList(p.values.transpose(0, 1, 3, 2),
                        manager.ones(new Shape(p.batch, heads, 1, n), type)), 2)
                .mul(p.keyMask.reshape(p.batch, 1, 1, n))                                // (B, H, d/H + 1, 3T)
                .expandDims(3).mul(blockRows(manager, t))                                // (B, H, d/H + 1, 3, 3T)
                .reshape(p.batch, heads, (long) width * MODALITIES.length, n);           // (B, H, 3 (d/H + 1), 3T)
        long[] boundaries = BatchChunks.boundaries(p.batch, CHUNK);
        NDList queryChunks = queries.split(boundaries, 0);
        NDList keyChunks = keys.split(boundaries, 0);
        NDList valueChunks = blockValues.split(boundaries, 0);
        NDList sumChunks = new NDList(queryChunks.size());
        for (int c = 0; c < queryChunks.size(); c++) {
            NDArray scores = queryChunks.get(c).matMul(keyChunks.get(c).transpose(0, 1, 3, 2)); // (b, H, 3T, 3T)
            NDArray weights = scores.softmax(3);
            scores.close();
            // The narrow operand on the left: MKL is several times slower with 3 (d/H + 1) columns on the right.
            sumChunks.add(valueChunks.get(c).matMul(weights.transpose(0, 1, 3, 2)));     // (b, H, 3 (d/H + 1), 3T)
            weights.close();
        }
        NDArray sums = join(sumChunks).reshape(p.batch, heads, width, MODALITIES.length, n); // (B, H, d/H + 1, 3, 3T): [c_j ; s_j]
        NDList parts = sums.split(new long[]{headDim}, 2);
        // Every block holding a valid key must keep a block sum well inside float's normal range.
        NDArray emptyBlocks = p.emptyBlocks().reshape(p.batch, 1, 1, MODALITIES.length, 1); // (B, 1, 1, 3, 1)
        if (parts.get(1).add(emptyBlocks).min().getFloat() < SHARED_NORMALISER_FLOOR) {
            return viewMajor(exactPredictionContexts(p));
        }
        NDArray selection = viewSelection(manager);                                      // (7, 3)
        NDArray numerator = selection.matMul(parts.get(0));                             // (B, H, d/H, 7, 3T)
        // The tiny offset only matters when every key of the view is padding (the view then reads 0).
        NDArray denominator = selection.matMul(parts.get(1)).add(EMPTY_VIEW_DENOMINATOR); // (B, H, 1, 7, 3T)
        return numerator.div(denominator).transpose(3, 0, 4, 1, 2)
                .reshape(VIEWS.length, p.batch * n, hiddenDim);                          // (7, B 3T, d)
    }

    // (B, 3T, 7, d) -> (7, B 3T, d)
    private NDArray viewMajor(NDArray contexts) {
        Shape shape = contexts.getShape();
        return contexts.transpose(2, 0, 1, 3).reshape(VIEWS.length, shape.get(0) * shape.get(1), hiddenDim);
    }

    // 1 where position r (of 3T) belongs to key block j, else 0, as (3, 3T).
    private static NDArray blockRows(NDManager manager, int segment) {
        int n = MODALITIES.length * segment;
        float[] values = new float[MODALITIES.length * n];
        for (int r = 0; r < n; r++) {
            values[(r / segment) * n + r] = 1f;
        }
        return OwnedArrays.create(manager, values, new Shape(MODALITIES.length, n));
    }

    // 1 where view v (CompositeView order) contains modality j's key block, else 0: (7, 3).
    private static NDArray viewSelection(NDManager manager) {
        float[] values = new float[VIEWS.length * MODALITIES.length];
        for (CompositeView view : VIEWS) {
            for (int j = 0; j < MODALITIES.length; j++) {
                values[view.ordinal() * MODALITIES.length + j] = view.contains(MODALITIES[j]) ? 1f : 0f;
            }
        }
        return OwnedArrays.create(manager, values, new Shape(VIEWS.length, MODALITIES.length));
    }

    /*
     * The exact per-block computation for prediction, run when the shared normaliser of predictionContexts would
     * underflow (no gradient, so the training path's operation-by-operation equality with earlier results does not
     * matter here; the results agree up to float rounding). The same block maxima, sums
     * and contexts as blockwiseContexts, laid out (B, H, 3T, d/H + 1) per key block with the values' ones column
     * last; the seven views are then combined at once, as one small product of the per-view weights exp(m_j - m_v)
     * (0 for blocks outside the view) with the stacked [c_j | s_j]: a few dozen operations per layer instead of a
     * few hundred, which is most of the cost of predicting one utterance. Returns every view's context on every row,
     * (B, 3T, 7, d) in CompositeView order.
     */
    private NDArray exactPredictionContexts(Projected p) {
        int t = p.segment;
        long n = p.positions();
        int headDim = hiddenDim / heads;
        NDManager manager = p.keyMask.getManager();
        DataType type = p.queries.getDataType();
        // Padded keys are excluded exactly by zeroing their value rows (and their 1 in the ones column, so they add
        // nothing to the block sums either). The scores only get a moderate bias on padded keys, so the block maxima,
        // which merely stabilise the exponentials, come from valid keys in all but pathological rows; an additive
        // -1e9 would send the exponentials far below their underflow limit (about -87), where exp is an order of
        // magnitude slower. The bias rides along in the score product: [q | 1] . [k | bias] = q . k + bias.
        NDArray ones = manager.ones(new Shape(p.batch, heads, n, 1), type);
        NDArray queries = NDArrays.concat(new NDList(p.queries, ones), 3);                // (B, H, 3T, d/H + 1)
        NDArray keys = p.biasedKeys();                                                   // (B, H, 3T, d/H + 1)
        NDArray values = NDArrays.concat(new NDList(p.values, ones), 3)
                .mul(p.keyMask.reshape(p.batch, 1, n, 1));                               // (B, H, 3T, d/H + 1): [V | 1], padded rows 0
        // The score-sized work runs in batch chunks small enough to stay in the processor's cache between the
        // passes over a block (product, maximum, exponential, product with the values).
        long[] boundaries = BatchChunks.boundaries(p.batch, CHUNK);
        NDList queryChunks = queries.split(boundaries, 0);
        NDList keyChunks = keys.split(boundaries, 0);
        NDList valueChunks = values.split(boundaries, 0);
        int chunks = queryChunks.size();
        NDList combinedChunks = new NDList(chunks);
        NDList maximumChunks = new NDList(chunks);
        for (int c = 0; c < chunks; c++) {
            NDArray q = queryChunks.get(c);
            NDList combined = new NDList(MODALITIES.length);
            NDList maxima = new NDList(MODALITIES.length);
            for (int j = 0; j < MODALITIES.length; j++) {
                String keyRows = ":, :, " + j * t + ":" + (j + 1) * t + ", :";
                NDArray block = q.matMul(keyChunks.get(c).get(keyRows).transpose(0, 1, 3, 2)); // (b, H, 3T, T)
                NDArray max = block.max(new int[]{3}, true).stopGradient();              // (b, H, 3T, 1)
                NDArray shifted = block.sub(max);
                block.close(); // score-sized temporaries are freed at once (autograd keeps what it needs)
                NDArray e = shifted.exp();                                               // (b, H, 3T, T)
                shifted.close();
                combined.add(e.matMul(valueChunks.get(c).get(keyRows)));                 // (b, H, 3T, d/H + 1): [c_j | s_j]
                maxima.add(max);
            }
            combinedChunks.add(NDArrays.stack(combined, 3));                              // (b, H, 3T, 3, d/H + 1)
            maximumChunks.add(NDArrays.concat(maxima, 3));                                // (b, H, 3T, 3)
        }
        NDArray combined = join(combinedChunks);                                          // (B, H, 3T, 3, d/H + 1)
        // Per view v and block j: exp(m_j - m_v) with m_v the maximum over the view's blocks; -inf outside the view
        // gives a weight of exactly 0. No gradient flows through the maxima.
        NDArray scaled = join(maximumChunks).expandDims(3).add(viewBlockBias(manager));   // (B, H, 3T, 7, 3)
        NDArray viewWeights = scaled.sub(scaled.max(new int[]{4}, true)).exp();          // (B, H, 3T, 7, 3)
        NDArray sums = viewWeights.matMul(combined);                                     // (B, H, 3T, 7, d/H + 1)
        NDArray numerator = sums.get(":, :, :, :, 0:" + headDim);                       // (B, H, 3T, 7, d/H)
        // The tiny offset only matters when every key of the view is padding (no meaning; the view then reads 0
        // instead of dividing 0 by 0).
        NDArray denominator = sums.get(":, :, :, :, " + headDim + ":").add(EMPTY_VIEW_DENOMINATOR); // (B, H, 3T, 7, 1)
        NDArray contexts = numerator.div(denominator).transpose(0, 2, 3, 1, 4)
                .reshape(p.batch, n, VIEWS.length, hiddenDim);                           // (B, 3T, 7, d)
        return contexts;
    }

    // 0 where view v (CompositeView order) contains modality j's key block, -inf elsewhere: (7, 3).
    private static NDArray viewBlockBias(NDManager manager) {
        float[] values = new float[VIEWS.length * MODALITIES.length];
        for (CompositeView view : VIEWS) {
            for (int j = 0; j < MODALITIES.length; j++) {
                values[view.ordinal() * MODALITIES.length + j] = view.contains(MODALITIES[j]) ? 0f : Float.NEGATIVE_INFINITY;
            }
        }
        return OwnedArrays.create(manager, values, new Shape(VIEWS.length, MODALITIES.length));
    }

    /*
     * The views' output linears, the per-modality fusions and the output linear, from every view's context on every
     * row, view-major (7, B 3T, d). The seven view linears run as one batched product over stacked weights (the same products as
     * seven separate linears); each modality then reads its four views on its own rows only.
     */
    private NDArray fuse(ParameterStore parameterStore, NDArray contexts, long batch, int segment, boolean training,
                         PairList<String, Object> params) {
        long n = (long) MODALITIES.length * segment;
        Device device = contexts.getDevice();
        NDList weights = new NDList(VIEWS.length);
        NDList biases = new NDList(VIEWS.length);
        for (CompositeView view : VIEWS) {
            PairList<String, Parameter> direct = viewOutputs.get(view).getDirectParameters();
            weights.add(parameterStore.getValue(direct.get("weight"), device, training));   // (d, d), out x in
            biases.add(parameterStore.getValue(direct.get("bias"), device, training));      // (d)
        }
        NDArray viewOut = contexts.matMul(NDArrays.stack(weights, 0).transpose(0, 2, 1))
                .add(NDArrays.stack(biases, 0).expandDims(1));                                       // (7, B*3T, d)
        // Each modality's rows once, then its four views of them (splits: a few operations, where slicing every view's
        // rows would be dozens, most of the cost of one utterance).
        NDList perModality = viewOut.reshape(VIEWS.length, batch, n, hiddenDim).split(MODALITIES.length, 2); // 3 x (7, B, T, d)
        NDList fused = new NDList(MODALITIES.length);
        for (int i = 0; i < MODALITIES.length; i++) {
            NDList perView = perModality.get(i).split(VIEWS.length, 0);                     // 7 x (1, B, T, d)
            NDList parts = new NDList(VIEWS_PER_MODALITY);
            for (CompositeView view : CompositeView.viewsOf(MODALITIES[i])) {
                parts.add(perView.get(view.ordinal()));                                    // (1, B, T, d)
            }
            // (B, T, 4d) -> (B, T, d)
            NDArray in = NDArrays.concat(parts, 3).reshape(batch, segment, (long) VIEWS_PER_MODALITY * hiddenDim);
            fused.add(fusions.get(MODALITIES[i]).forward(parameterStore, new NDList(in), training, params).head());
        }
        // (B, 3T, d) -> (B, 3T, d)
        return output.forward(parameterStore, new NDList(NDArrays.concat(fused, 1)), training, params).head();
    }

    private static NDArray join(NDList chunks) {
        return chunks.size() == 1 ? chunks.head() : NDArrays.concat(chunks, 0);
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape x = inputShapes[0];
        return new Shape[]{x, new Shape(x.get(0), heads, x.get(1), x.get(1))};
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = inputShapes[0];
        long batch = x.get(0);
        long positions = x.get(1);
        long segment = positions / MODALITIES.length;
        query.initialize(manager, dataType, x);
        key.initialize(manager, dataType, x);
        value.initialize(manager, dataType, x);
        attentionDropout.initialize(manager, dataType, new Shape(batch, heads, positions, positions));
        for (Linear view : viewOutputs.values()) {
            view.initialize(manager, dataType, new Shape(batch, segment, hiddenDim));
        }
        for (Linear fusion : fusions.values()) {
            fusion.initialize(manager, dataType, new Shape(batch, segment, (long) VIEWS_PER_MODALITY * hiddenDim));
        }
        output.initialize(manager, dataType, new Shape(batch, positions, hiddenDim));
    }

    /**
     * Builds a {@link MultimodalCompositeAttention}.
     */
    public static final class Builder {
        private int hiddenDim = 32;
        private int heads = 8;
        private float attentionDropout = 0f;
        private boolean blockwise = false;

        private Builder() {
        }

        /**
         * Sets the hidden size {@code d}. Default 32.
         * @param hiddenDim The size.
         * @return This builder.
         */
        public Builder hiddenDim(int hiddenDim) {
            this.hiddenDim = hiddenDim;
            return this;
        }

        /**
         * Sets the number of heads {@code H}; must divide {@code d}. Default 8.
         * @param heads The number of heads.
         * @return This builder.
         */
        public Builder heads(int heads) {
            this.heads = heads;
            return this;
        }

        /**
         * Sets the dropout on the tri-modal view's attention weights. Default 0.
         * @param rate The rate in [0, 1).
         * @return This builder.
         */
        public Builder optAttentionDropout(float rate) {
            this.attentionDropout = rate;
            return this;
        }

        /**
         * Selects the blockwise computation (same result, less work). Default false (the reference).
         * @param blockwise True for blockwise.
         * @return This builder.
         */
        public Builder optBlockwise(boolean blockwise) {
            this.blockwise = blockwise;
            return this;
        }

        /**
         * Builds the block.
         * @return The block.
         */
        public MultimodalCompositeAttention build() {
            if (hiddenDim <= 0 || heads <= 0 || hiddenDim % heads != 0) {
                throw new IllegalArgumentException("MCA needs a positive hidden dimension divisible by a positive number of heads, found d="
                        + hiddenDim + ", heads=" + heads);
            }
            if (!(attentionDropout >= 0f && attentionDropout < 1f)) {
                throw new IllegalArgumentException("The MCA attention dropout must be in [0, 1), found " + attentionDropout);
            }
            return new MultimodalCompositeAttention(this);
        }
    }
}
