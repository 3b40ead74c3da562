package dev.cider.eval.cli;

import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.Option;
import com.oracle.labs.mlrg.olcut.config.Options;
import dev.cider.data.DataSplit;
import dev.cider.data.source.SyntheticPreset;
import dev.cider.eval.bench.BenchCorpus;
import dev.cider.eval.bench.BenchNetwork;
import dev.cider.eval.bench.BenchReport;
import dev.cider.eval.bench.BenchSettings;
import dev.cider.eval.bench.EncoderBench;
import dev.cider.eval.bench.InferenceBench;
import dev.cider.eval.bench.OnnxLatencyBench;
import dev.cider.eval.bench.ProfileBench;
import dev.cider.eval.bench.MachineInfo;
import dev.cider.eval.bench.TrainingBench;
import dev.cider.runtime.DeviceSelector;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * {@code cider bench}: measures CIDer on synthetic data shaped like CMU-MOSI or CMU-MOSEI with frozen token features
 * (768-d by default, as the public implementation's benchmark): training time per epoch (both passes of the two-stage
 * step) and samples per second, inference latency for one utterance and for a batch with the counterfactual pass,
 * text-encoding throughput of MiniLM, peak heap and peak resident set; each the median of several runs after a
 * warm-up, with the machine's facts, thread counts and load average, the spread of every measure across the runs
 * and of the whole epochs timed. It prints no ratio to the public PyTorch implementation: those come only from
 * {@code ../shared/refbench/run-side-by-side.sh}, which times both on the same machine.
 */
public final class BenchCommand implements CiderCommand {

    /** The largest default pool of distinct utterances (bounds the memory of MOSEI-sized runs). */
    static final int DEFAULT_MAX_POOL = 2048;

    /** Options of {@code cider bench}. */
    public static final class BenchOptions implements Options {
        /** The corpus shape. */
        @Option(longName = "preset", usage = "Corpus shape: mosi-unaligned (default), mosi-aligned, mosei-unaligned or mosei-aligned.")
        public String preset = "mosi-unaligned";

        /** Token feature size. */
        @Option(longName = "text-features", usage = "Token feature size attached to every utterance (default 768, as frozen BERT features; 0: token ids).")
        public int textFeatures = 768;

        /** Per-utterance token features. */
        @Option(longName = "own-text-features", usage = "Give every utterance its own token features, as real frozen BERT features (default: utterances of the same text length share theirs, which costs no memory).")
        public boolean ownTextFeatures = false;

        /** Batch size. */
        @Option(longName = "batch", usage = "Training and inference batch size (default 128).")
        public int batch = 128;

        /** MCT layers. */
        @Option(longName = "layers", usage = "MCT layers (default 3).")
        public int layers = 3;

        /** Heads. */
        @Option(longName = "heads", usage = "Attention heads (default 8).")
        public int heads = 8;

        /** Utterances per epoch. */
        @Option(longName = "train-size", usage = "Utterances per training epoch (default: the preset's training split, 1,284 for MOSI).")
        public int trainSize = -1;

        /** Validation utterances. */
        @Option(longName = "valid-size", usage = "Utterances of the validation pass after each epoch (default: the preset's validation split; 0 skips it).")
        public int validSize = -1;

        /** Distinct utterances in memory. */
        @Option(longName = "pool", usage = "Distinct utterances held in memory; epochs cycle through them (default: the training size, at most 2048; the training size holds the whole training split, e.g. 16326 for mosei-unaligned).")
        public int pool = -1;

        /** Timed epochs per run. */
        @Option(longName = "epochs-measured", usage = "Epochs timed per run (default 1); a fraction times that share of the batches and scales to an epoch.")
        public double epochsMeasured = 1.0;

        /** Warm-up epochs. */
        @Option(longName = "warmup-epochs", usage = "Whole training epochs run before timing, as the reference's harness does (default 1; the first epoch after a cold start ran about 15% slower than the next).")
        public int warmupEpochs = 1;

        /** Warm-up batches. */
        @Option(longName = "warmup", usage = "Training batches run before timing (default 3).")
        public int warmup = 3;

        /** Timed runs. */
        @Option(longName = "repeats", usage = "Timed runs; medians are reported (default 3).")
        public int repeats = 3;

        /** Threads. */
        @Option(longName = "threads", usage = "PyTorch intra-op threads (default 0: the engine's default, one per core).")
        public int threads = 0;

        /** Micro-batch size. */
        @Option(longName = "micro-batch", usage = "Utterances per training micro-batch, their gradients added up over the batch (default 0: whole batches; CiderTrainer's microBatchSize).")
        public int microBatch = 0;

        /** Latency samples. */
        @Option(longName = "latency-samples", usage = "Single-utterance predictions timed per run (default 20).")
        public int latencySamples = 20;

        /** Latency warm-up calls. */
        @Option(longName = "latency-warmup", usage = "Single-utterance predictions run before the timed ones (default 100: the JIT compiles the prediction path over the first few dozen calls).")
        public int latencyWarmup = 100;

        /** Encoder sentences. */
        @Option(longName = "encoder-texts", usage = "Sentences encoded by MiniLM per run (default 256; 0 skips the encoder).")
        public int encoderTexts = 256;

        /** Skip the ONNX Runtime latency. */
        @Option(longName = "no-onnx", usage = "Skip the one-utterance latency of the exported model in ONNX Runtime.")
        public boolean noOnnx = false;

        /** Operator profile directory. */
        @Option(longName = "profile", usage = "After the timed runs, profile training batches and predictions with PyTorch's operator profiler: Chrome traces go to this directory, and the operators with the most self time are printed (profiled times are not benchmark figures).")
        public Path profile = null;

        /** Seed. */
        @Option(longName = "seed", usage = "Seed of the corpus, features and network (default 42).")
        public long seed = 42L;

        /**
         * For OLCUT.
         */
        public BenchOptions() {
        }

        @Override
        public String getOptionsDescription() {
            return "Measures training and inference speed and memory on synthetic MOSI/MOSEI-shaped data.";
        }

        /**
         * The settings these options describe.
         * @return The settings.
         * @throws IllegalArgumentException naming the invalid option.
         */
        public BenchSettings settings() {
            SyntheticPreset p = SyntheticPreset.parse(preset);
            int train = trainSize > 0 ? trainSize : p.defaultSize(DataSplit.TRAIN);
            int valid = validSize >= 0 ? validSize : p.defaultSize(DataSplit.VALID);
            int poolSize = pool > 0 ? pool : Math.min(train, DEFAULT_MAX_POOL);
            if (threads < 0) {
                throw new IllegalArgumentException("--threads must not be negative, found " + threads);
            }
            return new BenchSettings(p, textFeatures, ownTextFeatures, batch, microBatch, layers, heads, train, valid, poolSize, epochsMeasured, warmupEpochs, warmup, repeats,
                    latencySamples, latencyWarmup, encoderTexts, seed);
        }
    }

    @Override
    public String name() {
        return "bench";
    }

    @Override
    public String description() {
        return "Measure training and inference speed and memory on synthetic MOSI/MOSEI-shaped data.";
    }

    @Override
    public Options newOptions() {
        return new BenchOptions();
    }

    @Override
    public int run(Options options, ConfigurationManager cm, PrintStream out) throws Exception {
        BenchOptions o = (BenchOptions) options;
        BenchSettings settings = o.settings();
        String loadBefore = MachineInfo.loadAverage();
        DeviceSelector.setThreads(o.threads);
        MachineInfo machine = MachineInfo.current();
        out.printf("Generating %,d %s utterances...%n", settings.poolSize(), settings.preset().canonicalName());
        BenchCorpus corpus = BenchCorpus.generate(settings);
        try (BenchNetwork net = new BenchNetwork(settings, corpus)) {
            out.printf("Training %s over %d batches per run...%n", settings.measuredBatches() == settings.batchesPerEpoch()
                    ? "one epoch" : "a share of an epoch", settings.measuredBatches());
            TrainingBench.Result training = new TrainingBench(settings, corpus, net).run();
            out.println("Timing inference...");
            InferenceBench.Result inference = new InferenceBench(settings, corpus, net).run();
            OnnxLatencyBench.Result onnx = null;
            if (!o.noOnnx) {
                out.println("Timing one utterance in ONNX Runtime beside DJL...");
                onnx = new OnnxLatencyBench(settings, corpus, net).run();
            }
            EncoderBench.Result encoder = null;
            if (settings.encoderTexts() > 0) {
                out.println("Timing the text encoder...");
                encoder = new EncoderBench(settings, corpus).run();
            }
            out.println();
            new BenchReport(settings, machine, loadBefore, MachineInfo.loadAverage(), net.parameterCount(), corpus.heapBytes(),
                    corpus.pool().size(), training, inference, encoder, onnx).print(out);
            if (o.profile != null) {
                new ProfileBench(settings, corpus, net).run(o.profile, out);
            }
        }
        return 0;
    }
}
