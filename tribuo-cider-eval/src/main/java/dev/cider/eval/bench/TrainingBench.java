package dev.cider.eval.bench;

import ai.djl.ndarray.NDManager;
import dev.cider.data.MultimodalExample;
import dev.cider.data.SentimentTask;
import dev.cider.missing.Rmfm;
import dev.cider.missing.TrainingRateMode;
import dev.cider.runtime.CiderInference;
import dev.cider.train.CheckpointableAdam;
import dev.cider.train.LossWeights;
import dev.cider.train.StepLosses;
import dev.cider.train.TwoStageStep;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import dev.cider.util.Permutations;

/**
 * Times CIDer's training as {@code CiderTrainer} runs it: per mini-batch the two-stage step (complete view: forward,
 * backward, Adam step; incomplete view under a fresh RMFM mask with a per-example rate: forward with the
 * reconstruction, attention and joint distillation losses, backward, Adam step), each batch in its own sub-manager,
 * followed per epoch by a validation pass.
 */
public final class TrainingBench {

    /**
     * The measured figures.
     *
     * @param epochSeconds      Per run: the time of one training epoch (scaled from the measured batches when a
     *                          fraction of an epoch is timed).
     * @param epochCpuSeconds   Per run: the process's CPU time (all threads) of one training epoch, scaled as the
     *                          epoch time; unlike wall time it hardly depends on other processes' load.
     * @param validationSeconds Per run: the validation pass over {@code validSize} utterances.
     * @param wholeEpochSeconds Every whole epoch timed in the runs, in order (each run's epochs start at its first
     *                          batch; empty when the runs time less than an epoch): unscaled wall times whose spread
     *                          shows how steady training is within one benchmark run.
     * @param utterancesTimed   Utterances trained per run.
     * @param peakHeapBytes     Peak heap use during the timed runs.
     * @param peakRssBytes      Peak resident set during the timed runs (or of the process's lifetime, see
     *                          {@code rssReset}).
     * @param rssReset          Whether the peak resident set was reset before the runs.
     * @param lastLosses        The loss terms of the last batch (a sanity check that training runs).
     */
    public record Result(double[] epochSeconds, double[] epochCpuSeconds, double[] validationSeconds, double[] wholeEpochSeconds,
                         long utterancesTimed, long peakHeapBytes,
                         long peakRssBytes, boolean rssReset, StepLosses lastLosses) {

        /** @return The median epoch time in seconds. */
        public double medianEpochSeconds() {
            return Stats.median(epochSeconds);
        }

        /** @return The median CPU time of an epoch in seconds. */
        public double medianEpochCpuSeconds() {
            return Stats.median(epochCpuSeconds);
        }

        /** @return The median validation time in seconds. */
        public double medianValidationSeconds() {
            return Stats.median(validationSeconds);
        }
    }

    private final BenchSettings settings;
    private final BenchCorpus corpus;
    private final BenchNetwork net;

    /**
     * Creates the benchmark.
     * @param settings The settings.
     * @param corpus The utterances.
     * @param net The network (trained in place).
     */
    public TrainingBench(BenchSettings settings, BenchCorpus corpus, BenchNetwork net) {
        this.settings = settings;
        this.corpus = corpus;
        this.net = net;
    }

    /**
     * Runs the warm-up and the timed runs.
     * @return The figures.
     */
    public Result run() {
        TwoStageStep step = newStep();
        CiderInference validation = new CiderInference(net.network(), net.assembler(), net.testPrototypes(), net.biasWords(),
                null, settings.batchSize());
        SplittableRandom rng = new SplittableRandom(settings.seed());
        int[] order = Permutations.of(corpus.pool().size(), rng);
        long position = 0;
        StepLosses last = StepLosses.ZERO;
        for (int b = 0; b < settings.warmupEpochs() * settings.batchesPerEpoch(); b++) {
            int index = b % settings.batchesPerEpoch();
            last = batch(step, index, position, order, rng);
            position += batchSize(index);
        }
        for (int b = 0; b < settings.warmupBatches(); b++) {
            last = batch(step, b, position, order, rng);
            position += batchSize(b);
        }
        MemoryProbe memory = new MemoryProbe();
        memory.reset();
        double[] epochs = new double[settings.repeats()];
        double[] cpu = new double[settings.repeats()];
        double[] validations = new double[settings.repeats()];
        List<Double> wholeEpochs = new ArrayList<>();
        long utterances = 0;
        for (int r = 0; r < settings.repeats(); r++) {
            long trained = 0;
            long t0 = System.nanoTime();
            long c0 = MachineInfo.processCpuNanos();
            long epochStart = t0;
            for (int b = 0; b < settings.measuredBatches(); b++) {
                int index = b % settings.batchesPerEpoch();
                last = batch(step, index, position, order, rng);
                position += batchSize(index);
                trained += batchSize(index);
                if (index == settings.batchesPerEpoch() - 1) {
                    long now = System.nanoTime();
                    wholeEpochs.add((now - epochStart) / 1e9);
                    epochStart = now;
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            epochs[r] = seconds * settings.trainSize() / trained;
            cpu[r] = (MachineInfo.processCpuNanos() - c0) / 1e9 * settings.trainSize() / trained;
            utterances = trained;
            if (settings.validSize() > 0) {
                List<MultimodalExample> valid = corpus.slice(0, settings.validSize(), order);
                long v0 = System.nanoTime();
                validation.logProbabilities(valid);
                validations[r] = (System.nanoTime() - v0) / 1e9;
            }
        }
        return new Result(epochs, cpu, validations, wholeEpochs.stream().mapToDouble(Double::doubleValue).toArray(), utterances, memory.peakHeapBytes(), MemoryProbe.peakRssBytes(),
                memory.rssWasReset(), last);
    }

    /**
     * Trains a few batches of an epoch's order without timing them (for the operator profile).
     * @param batches How many batches.
     */
    public void trainBatches(int batches) {
        TwoStageStep step = newStep();
        SplittableRandom rng = new SplittableRandom(settings.seed() + 1);
        int[] order = Permutations.of(corpus.pool().size(), rng);
        long position = 0;
        for (int b = 0; b < batches; b++) {
            int index = b % settings.batchesPerEpoch();
            batch(step, index, position, order, rng);
            position += batchSize(index);
        }
    }

    // The training step as CiderTrainer runs it, with a fresh optimiser.
    private TwoStageStep newStep() {
        return new TwoStageStep(net.network(), new CheckpointableAdam(1e-3f), net.assembler(), new Rmfm(),
                TrainingRateMode.PER_EXAMPLE, new LossWeights(true, 0.6, 0.1, 0.5), false, settings.microBatchSize());
    }

    // The size of the index-th batch of an epoch (the last one may be partial).
    private int batchSize(int index) {
        int from = index * settings.batchSize();
        return Math.min(settings.batchSize(), settings.trainSize() - from);
    }

    private StepLosses batch(TwoStageStep step, int index, long position, int[] order, SplittableRandom rng) {
        List<MultimodalExample> batch = corpus.slice(position, batchSize(index), order);
        int[] labels = new int[batch.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = SentimentTask.BINARY.indexOf(batch.get(i).getOutput());
        }
        try (NDManager sub = net.manager().newSubManager()) {
            StepLosses losses = step.run(sub, batch, labels, net.trainPrototypes(), rng.split());
            if (!losses.isFinite()) {
                throw new IllegalStateException("Training diverged in the benchmark: " + losses);
            }
            return losses;
        }
    }
}
