package dev.cider.eval.bench;

import dev.cider.data.MultimodalExample;
import dev.cider.runtime.CiderInference;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code cider bench --profile DIR}: after the timed runs, runs training batches, a batch prediction and
 * one-utterance predictions under PyTorch's operator profiler ({@link OperatorProfile}), keeps the three Chrome traces
 * in the directory and prints the operators with the most self time. Profiled times are slower than the benchmark's
 * and are not benchmark figures.
 */
public final class ProfileBench {

    private static final int TRAINING_BATCHES = 2;
    private static final int UTTERANCES = 20;
    private static final int TOP = 25;

    private final BenchSettings settings;
    private final BenchCorpus corpus;
    private final BenchNetwork net;

    /**
     * Creates the profile run.
     * @param settings The settings.
     * @param corpus The utterances.
     * @param net The network (trained further in place).
     */
    public ProfileBench(BenchSettings settings, BenchCorpus corpus, BenchNetwork net) {
        this.settings = settings;
        this.corpus = corpus;
        this.net = net;
    }

    /**
     * Profiles and prints.
     * @param directory Where the traces go.
     * @param out Where the summaries go.
     * @throws IOException If a trace cannot be written or read.
     */
    public void run(Path directory, PrintStream out) throws IOException {
        TrainingBench training = new TrainingBench(settings, corpus, net);
        OperatorProfile train = OperatorProfile.record(directory.resolve("training.json"), () -> training.trainBatches(TRAINING_BATCHES));
        CiderInference inference = new CiderInference(net.network(), net.assembler(), net.testPrototypes(), net.biasWords(),
                null, settings.batchSize());
        List<MultimodalExample> pool = corpus.pool();
        List<MultimodalExample> batch = pool.subList(0, Math.min(settings.batchSize(), pool.size()));
        OperatorProfile batchProfile = OperatorProfile.record(directory.resolve("batch.json"), () -> inference.debiasedScores(batch, 1.0));
        OperatorProfile one = OperatorProfile.record(directory.resolve("utterance.json"), () -> {
            for (int i = 0; i < UTTERANCES; i++) {
                inference.debiasedScores(List.of(pool.get(i % pool.size())), 1.0);
            }
        });
        out.println();
        out.println("Operator profiles (PyTorch profiler; profiled runs are slower, read the shares; traces in " + directory + ")");
        train.print(TRAINING_BATCHES + " training batches", TOP, out);
        batchProfile.print("a batch of " + batch.size() + " with the counterfactual pass", TOP, out);
        one.print(UTTERANCES + " one-utterance predictions with the counterfactual pass", TOP, out);
    }
}
