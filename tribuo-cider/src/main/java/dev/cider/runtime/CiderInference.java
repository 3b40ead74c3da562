package dev.cider.runtime;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.cider.data.MultimodalExample;
import dev.cider.data.TextInput;
import dev.cider.maci.BiasWords;
import dev.cider.maci.MaciNetwork;
import dev.cider.nn.MultimodalBackbone;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Batched inference of a MACI network in test mode: log P(y | x) of examples, and of their counterfactual texts
 * (bias words kept, every other token [MASK]) with the same, possibly incomplete, audio and vision. One class serves
 * the trainer's validation and the model's predictions. Not thread-safe; callers serialise access.
 * <p>
 * When the backbone {@link dev.cider.nn.MultimodalBackbone#acceptsTrimmedPadding() accepts it}, each batch is padded
 * only to its longest sequences (the same predictions up to float rounding, at a fraction of the cost for short
 * utterances).
 * <p>
 * In token-feature mode the counterfactual text needs features for its [MASK] tokens: a text encoder encodes it when
 * one is supplied; otherwise the features of the masked positions are zeroed (the same representation as a missing
 * token). With an encoder, the counterfactual of an incomplete input is that of its complete text
 * ({@link MultimodalExample#getCompleteText()}), encoded once per utterance ({@link CounterfactualFeatureCache}), with
 * the feature rows of the input's missing tokens zeroed: the representation the input's own token features have
 * ({@link dev.cider.text.MissingTokenEncoding#ZEROED}), so the counterfactual pass of a sweep encodes each utterance
 * once, whatever the number of missing rates.
 */
public final class CiderInference {

    /** Batches up to this size run on one intra-op thread (see singleThread). */
    private static final int SINGLE_THREAD_BATCH = 8;

    private final MaciNetwork network;
    private final BatchAssembler assembler;
    private final NDList testPrototypes;
    private final CounterfactualTexts counterfactualTexts;
    private final int batchSize;

    /**
     * Creates an inference helper.
     * @param network The network (initialised).
     * @param assembler The batch assembler.
     * @param testPrototypes The head's prototype inputs in test mode, owned by a manager that outlives this object.
     * @param biasWords The bias words of the counterfactual text.
     * @param counterfactualEncoder Attaches token features to a counterfactual text in token-feature mode (null:
     *                              zero the masked positions' features).
     * @param batchSize The inference batch size.
     */
    public CiderInference(MaciNetwork network, BatchAssembler assembler, NDList testPrototypes, BiasWords biasWords,
                          UnaryOperator<TextInput> counterfactualEncoder, int batchSize) {
        this(network, assembler, testPrototypes, biasWords, counterfactualEncoder, new CounterfactualFeatureCache(), batchSize);
    }

    /**
     * Creates an inference helper whose encoded counterfactual texts are kept in a given cache (which models sharing a
     * network's weights and bias words may share).
     * @param network The network (initialised).
     * @param assembler The batch assembler.
     * @param testPrototypes The head's prototype inputs in test mode, owned by a manager that outlives this object.
     * @param biasWords The bias words of the counterfactual text.
     * @param counterfactualEncoder Attaches token features to a counterfactual text in token-feature mode (null:
     *                              zero the masked positions' features).
     * @param counterfactualCache Keeps the encoded counterfactual texts of the utterances in play.
     * @param batchSize The inference batch size.
     */
    public CiderInference(MaciNetwork network, BatchAssembler assembler, NDList testPrototypes, BiasWords biasWords,
                          UnaryOperator<TextInput> counterfactualEncoder, CounterfactualFeatureCache counterfactualCache, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be positive, found " + batchSize);
        }
        this.network = network;
        // Prediction pads each batch only to its longest sequences when the backbone gives the same result that way:
        // a short utterance then costs a fraction of a fully padded one.
        this.assembler = network.backbone().acceptsTrimmedPadding() ? assembler.trimmingPadding() : assembler;
        this.testPrototypes = testPrototypes;
        this.counterfactualTexts = new CounterfactualTexts(biasWords, assembler.textRepresentation(), counterfactualEncoder,
                java.util.Objects.requireNonNull(counterfactualCache, "counterfactualCache"));
        this.batchSize = batchSize;
    }

    /** @return The bias words. */
    public BiasWords biasWords() {
        return counterfactualTexts.biasWords();
    }

    /**
     * log P(y | x) in test mode (mean prototypes, uniform priors).
     * @param examples The examples.
     * @return One row of K log-probabilities per example.
     */
    public double[][] logProbabilities(List<MultimodalExample> examples) {
        return forward(examples, null);
    }

    /**
     * log P(y | x_cf) where x_cf keeps each example's audio and vision and replaces its text by the counterfactual.
     * @param examples The examples.
     * @return One row of K log-probabilities per example.
     */
    public double[][] counterfactualLogProbabilities(List<MultimodalExample> examples) {
        return forward(examples, counterfactualTexts(examples));
    }

    private List<TextInput> counterfactualTexts(List<MultimodalExample> examples) {
        List<TextInput> texts = new ArrayList<>(examples.size());
        for (MultimodalExample ex : examples) {
            texts.add(counterfactualText(ex));
        }
        return texts;
    }

    /*
     * Runs the network over the examples in batches, with their own texts (texts == null) or the given ones. The
     * batches are assembled straight from the examples and texts: no derived examples (and pooled features) are built.
     */
    private double[][] forward(List<MultimodalExample> examples, List<TextInput> texts) {
        double[][] out = new double[examples.size()][];
        if (Engine.getInstance().getEngineName().equals("PyTorch")) {
            JniUtils.setGradMode(false);
        }
        NDManager root = testPrototypes.head().getManager();
        for (int start = 0; start < examples.size(); start += batchSize) {
            int end = Math.min(examples.size(), start + batchSize);
            List<MultimodalExample> batch = examples.subList(start, end);
            int threads = batch.size() <= SINGLE_THREAD_BATCH ? singleThread() : 0;
            try (NDManager sub = root.newSubManager()) {
                NDList in = texts == null ? assembler.assemble(sub, batch) : assembler.assembleWithTexts(sub, batch, texts.subList(start, end));
                in.addAll(testPrototypes);
                // Prediction reads only the log-probabilities: the backbone skips its other outputs.
                PairList<String, Object> jointOnly = new PairList<>();
                jointOnly.add(MultimodalBackbone.JOINT_ONLY, Boolean.TRUE);
                float[] flat;
                int k;
                // The scope also releases what the pass derives from the parameters (stacked or padded weights): such
                // arrays belong to the parameters' manager, which lives as long as the model.
                try (NDScope scope = new NDScope()) {
                    NDArray logP = network.forward(new ParameterStore(sub, false), in, false, jointOnly).get(MaciNetwork.LOG_PROBABILITIES);
                    flat = logP.toFloatArray();
                    k = (int) logP.getShape().get(1);
                }
                for (int i = 0; i < batch.size(); i++) {
                    double[] row = new double[k];
                    for (int c = 0; c < k; c++) {
                        row[c] = flat[i * k + c];
                    }
                    out[start + i] = row;
                }
            } finally {
                if (threads > 1) {
                    JniUtils.setNumThreads(threads);
                }
            }
        }
        return out;
    }

    /*
     * A forward pass over a few utterances runs on one intra-op thread: its tensors are small, and waking PyTorch's
     * other threads for each of its many operations costs more than they save (one utterance: about 16 ms on one
     * thread against about 40 ms on two sleeping-when-idle threads). Returns the thread count to restore, or 0.
     */
    private static int singleThread() {
        if (!Engine.getInstance().getEngineName().equals("PyTorch")) {
            return 0;
        }
        int threads = JniUtils.getNumThreads();
        if (threads > 1) {
            JniUtils.setNumThreads(1);
        }
        return threads;
    }

    private TextInput counterfactualText(MultimodalExample ex) {
        return counterfactualTexts.of(ex);
    }

    /** @return How this helper builds counterfactual texts. */
    public CounterfactualTexts counterfactualTexts() {
        return counterfactualTexts;
    }

    /** @return The network (initialised, in test mode). */
    public MaciNetwork network() {
        return network;
    }

    /** @return The head's prototype inputs in test mode: text, audio and vision prototypes (K, d_m) and the priors (K). */
    public NDList testPrototypes() {
        return testPrototypes;
    }

    /** @return The cache of encoded counterfactual texts. */
    public CounterfactualFeatureCache counterfactualCache() {
        return counterfactualTexts.cache();
    }

    /**
     * The debiased scores {@code log P(y | x) - tau * log P(y | x_cf)}.
     * @param examples The examples.
     * @param tau The debiasing strength (0 skips the counterfactual pass).
     * @return One row of K scores per example.
     */
    public double[][] debiasedScores(List<MultimodalExample> examples, double tau) {
        if (tau == 0.0) {
            return logProbabilities(examples);
        }
        int n = examples.size();
        double[][] logP;
        double[][] cf;
        if (2 * n <= batchSize) {
            // Small requests (one utterance, say): the factual and counterfactual inputs share one forward pass.
            List<MultimodalExample> both = new ArrayList<>(2 * n);
            both.addAll(examples);
            both.addAll(examples);
            List<TextInput> texts = new ArrayList<>(2 * n);
            for (MultimodalExample ex : examples) {
                texts.add(ex.getText());
            }
            texts.addAll(counterfactualTexts(examples));
            double[][] all = forward(both, texts);
            logP = Arrays.copyOfRange(all, 0, n);
            cf = Arrays.copyOfRange(all, n, 2 * n);
        } else {
            logP = logProbabilities(examples);
            cf = counterfactualLogProbabilities(examples);
        }
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < logP[i].length; c++) {
                logP[i][c] -= tau * cf[i][c];
            }
        }
        return logP;
    }
}
