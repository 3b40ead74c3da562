package dev.cider.eval.bench;

import dev.cider.data.MultimodalExample;
import dev.cider.runtime.CiderInference;

import java.util.List;

/**
 * Times prediction in test mode (mean prototypes, uniform priors) with MACI's counterfactual pass
 * ({@code log P(y | x) - tau * log P(y | x_cf)}, as {@code CiderModel} predicts by default): one utterance at a time,
 * and a batch; also a batch without the counterfactual pass. The counterfactual text's masked positions get zero
 * token features (no text encoder re-encodes it).
 */
public final class InferenceBench {

    private static final double TAU = 1.0;

    /**
     * The measured figures.
     *
     * @param oneUtteranceSeconds      Per run: the median latency of one utterance, with the counterfactual pass.
     * @param oneUtteranceCpuSeconds   Per run: the process's mean CPU time (all threads) per one-utterance prediction;
     *                                 unlike the latency it hardly depends on other processes' load.
     * @param batchSeconds             Per run: a batch of {@code batchSize} utterances, with the counterfactual pass.
     * @param batchFactualOnlySeconds  Per run: the same batch without the counterfactual pass.
     * @param batchSize                The batch size.
     * @param peakHeapBytes            Peak heap use during the runs.
     * @param peakRssBytes             Peak resident set during the runs.
     */
    public record Result(double[] oneUtteranceSeconds, double[] oneUtteranceCpuSeconds, double[] batchSeconds, double[] batchFactualOnlySeconds, int batchSize,
                         long peakHeapBytes, long peakRssBytes) {

        /** @return The median one-utterance latency in seconds. */
        public double medianOneUtteranceSeconds() {
            return Stats.median(oneUtteranceSeconds);
        }

        /** @return The median over runs of the mean CPU time of one utterance, in seconds. */
        public double medianOneUtteranceCpuSeconds() {
            return Stats.median(oneUtteranceCpuSeconds);
        }

        /** @return The median batch latency in seconds. */
        public double medianBatchSeconds() {
            return Stats.median(batchSeconds);
        }

        /** @return The median batch latency without the counterfactual pass, in seconds. */
        public double medianBatchFactualOnlySeconds() {
            return Stats.median(batchFactualOnlySeconds);
        }
    }

    private final BenchSettings settings;
    private final BenchCorpus corpus;
    private final BenchNetwork net;

    /**
     * Creates the benchmark.
     * @param settings The settings.
     * @param corpus The utterances.
     * @param net The network.
     */
    public InferenceBench(BenchSettings settings, BenchCorpus corpus, BenchNetwork net) {
        this.settings = settings;
        this.corpus = corpus;
        this.net = net;
    }

    /**
     * Runs the warm-up and the timed runs.
     * @return The figures.
     */
    public Result run() {
        CiderInference inference = new CiderInference(net.network(), net.assembler(), net.testPrototypes(), net.biasWords(),
                null, settings.batchSize());
        List<MultimodalExample> pool = corpus.pool();
        int batch = Math.min(settings.batchSize(), pool.size());
        List<MultimodalExample> batchExamples = pool.subList(0, batch);
        for (int i = 0; i < settings.latencyWarmup(); i++) {
            inference.debiasedScores(List.of(pool.get(i % pool.size())), TAU);
        }
        inference.debiasedScores(batchExamples, TAU);
        MemoryProbe memory = new MemoryProbe();
        memory.reset();
        int repeats = settings.repeats();
        double[] one = new double[repeats];
        double[] oneCpu = new double[repeats];
        double[] full = new double[repeats];
        double[] factual = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            double[] samples = new double[settings.latencySamples()];
            long c0 = MachineInfo.processCpuNanos();
            for (int s = 0; s < samples.length; s++) {
                MultimodalExample ex = pool.get((r * samples.length + s) % pool.size());
                long t0 = System.nanoTime();
                inference.debiasedScores(List.of(ex), TAU);
                samples[s] = (System.nanoTime() - t0) / 1e9;
            }
            one[r] = Stats.median(samples);
            oneCpu[r] = (MachineInfo.processCpuNanos() - c0) / 1e9 / samples.length;
            long t0 = System.nanoTime();
            inference.debiasedScores(batchExamples, TAU);
            full[r] = (System.nanoTime() - t0) / 1e9;
            t0 = System.nanoTime();
            inference.debiasedScores(batchExamples, 0.0);
            factual[r] = (System.nanoTime() - t0) / 1e9;
        }
        return new Result(one, oneCpu, full, factual, batch, memory.peakHeapBytes(), MemoryProbe.peakRssBytes());
    }
}
