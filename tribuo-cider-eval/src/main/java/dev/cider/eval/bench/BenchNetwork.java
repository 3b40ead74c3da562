package dev.cider.eval.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.cider.data.SentimentTask;
import dev.cider.maci.BiasWords;
import dev.cider.maci.ClassPrototypes;
import dev.cider.maci.CounterfactualTextBuilder;
import dev.cider.maci.MaciNetwork;
import dev.cider.maci.PrototypeMode;
import dev.cider.runtime.BatchAssembler;
import dev.cider.runtime.NetworkInputs;
import dev.cider.runtime.NetworkSpec;
import dev.cider.runtime.TextRepresentation;
import dev.cider.train.CiderArchitecture;

/**
 * The network a benchmark trains and queries, built as {@code CiderTrainer} builds it from a {@link CiderArchitecture}
 * with the paper's settings (d = 32, the given layers and heads, attention dropout 0, embedding dropout 0.2, output
 * dropout 0.3, blockwise MCA), with the class prototypes and bias words of the pool. Owns a base manager: {@link #close()} it.
 */
public final class BenchNetwork implements AutoCloseable {

    private static final int VOCABULARY = 30522;
    private static final int EMBEDDING_DIM = 64;

    private final NDManager manager;
    private final NetworkSpec spec;
    private final MaciNetwork network;
    private final BatchAssembler assembler;
    private final NDList trainPrototypes;
    private final NDList testPrototypes;
    private final BiasWords biasWords;
    private final ClassPrototypes prototypes;

    /**
     * Builds and initialises the network.
     * @param settings The benchmark settings.
     * @param corpus The utterances.
     */
    public BenchNetwork(BenchSettings settings, BenchCorpus corpus) {
        SentimentTask task = SentimentTask.BINARY;
        TextRepresentation text = settings.textFeatures() > 0 ? TextRepresentation.TOKEN_FEATURES : TextRepresentation.TOKEN_IDS;
        CiderArchitecture architecture = CiderArchitecture.builder().size(32, settings.layers(), settings.heads())
                .tokenEmbedding(EMBEDDING_DIM, VOCABULARY).build();
        spec = architecture.networkSpec(corpus.layout(), task.numClasses(), text, null);
        ClassPrototypes prototypes = text == TextRepresentation.TOKEN_IDS
                ? ClassPrototypes.fromExamples(corpus.pool(), task, ex -> bagOfWords(ex.getText()))
                : ClassPrototypes.fromExamples(corpus.pool(), task);
        this.prototypes = prototypes;
        biasWords = new CounterfactualTextBuilder(task).build(corpus.pool());
        assembler = new BatchAssembler(corpus.layout(), text);
        manager = NDManager.newBaseManager();
        Engine.getInstance().setRandomSeed((int) (settings.seed() & 0x7fffffff));
        network = spec.build();
        network.initialize(manager, DataType.FLOAT32, NetworkInputs.shapes(spec, corpus.layout(), prototypes, 1));
        trainPrototypes = prototypes.toNDList(manager, PrototypeMode.TRAINING);
        testPrototypes = prototypes.toNDList(manager, PrototypeMode.TEST);
    }

    private static float[] bagOfWords(dev.cider.data.TextInput text) {
        float[] bag = new float[VOCABULARY];
        for (int t = 0; t < text.length(); t++) {
            bag[text.tokenId(t)] += 1f / text.length();
        }
        return bag;
    }

    /** @return The class prototypes and priors of the pool. */
    public ClassPrototypes prototypes() {
        return prototypes;
    }

    /** @return The base manager. */
    public NDManager manager() {
        return manager;
    }

    /** @return The architecture. */
    public NetworkSpec spec() {
        return spec;
    }

    /** @return The network. */
    public MaciNetwork network() {
        return network;
    }

    /** @return The batch assembler. */
    public BatchAssembler assembler() {
        return assembler;
    }

    /** @return The prototype inputs in training mode. */
    public NDList trainPrototypes() {
        return trainPrototypes;
    }

    /** @return The prototype inputs in test mode. */
    public NDList testPrototypes() {
        return testPrototypes;
    }

    /** @return The bias words of the counterfactual text. */
    public BiasWords biasWords() {
        return biasWords;
    }

    /** @return The number of parameters. */
    public long parameterCount() {
        long n = 0;
        for (var p : network.getParameters().values()) {
            if (p.isInitialized()) {
                n += p.getArray().size();
            }
        }
        return n;
    }

    @Override
    public void close() {
        manager.close();
    }
}
