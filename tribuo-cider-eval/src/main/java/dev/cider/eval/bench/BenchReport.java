package dev.cider.eval.bench;

import dev.cider.data.source.SyntheticPreset;
import dev.cider.runtime.NumericsEnvironment;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/**
 * The figures of one benchmark run and their text form: machine, settings, training (with the spread of the whole
 * epochs timed), inference, text encoding, the spread of every measure across the timed runs, and where ratios to
 * the public PyTorch implementation come from: only a side-by-side run on the same machine, never constants.
 *
 * @param settings     The settings.
 * @param machine      The machine.
 * @param loadBefore   The load average when the run started.
 * @param loadAfter    The load average when it ended.
 * @param parameters   The network's parameter count.
 * @param poolHeap     The live heap of the pool of utterances.
 * @param poolSize     The number of utterances in the pool.
 * @param training     The training figures.
 * @param inference    The inference figures.
 * @param encoder      The text-encoding figures, or null when skipped.
 * @param onnx         One-utterance latency in ONNX Runtime beside DJL, or null when skipped.
 */
public record BenchReport(BenchSettings settings, MachineInfo machine, String loadBefore, String loadAfter, long parameters,
                          long poolHeap, int poolSize, TrainingBench.Result training, InferenceBench.Result inference,
                          EncoderBench.Result encoder, OnnxLatencyBench.Result onnx) {

    /** Target (issue 18): the spread {@code (max - min) / median} of the whole epochs timed in one run, at most this. */
    public static final double TARGET_EPOCH_SPREAD = 0.10;
    /** Target: MOSEI-unaligned training with peak heap below this, in bytes (4 GiB). */
    public static final long TARGET_MOSEI_HEAP_BYTES = 4L << 30;
    /** Where ratios to the public PyTorch implementation come from (relative to the project's root). */
    public static final String SIDE_BY_SIDE_SCRIPT = "../shared/refbench/run-side-by-side.sh";

    private static final double MIB = 1024.0 * 1024.0;

    /**
     * Writes the report.
     * @param out Where to write.
     */
    public void print(PrintStream out) {
        BenchSettings s = settings;
        out.println("CIDer benchmark");
        out.println();
        out.println("Machine");
        out.printf(Locale.ROOT, "  cpu                   %s, %d cores%n", machine.cpu(), machine.cores());
        out.printf(Locale.ROOT, "  java                  %s, max heap %.0f MiB%n", machine.java(), machine.maxHeapBytes() / MIB);
        out.printf(Locale.ROOT, "  engine                DJL %s, %s%n", machine.djl(), machine.engine());
        out.printf(Locale.ROOT, "  threads               intra-op %d, inter-op %d, OMP_WAIT_POLICY %s%n", machine.intraOpThreads(),
                machine.interOpThreads(), MachineInfo.environment("OMP_WAIT_POLICY"));
        out.printf(Locale.ROOT, "  allocator             %s%n", MachineInfo.allocator());
        Map<String, String> numerics = NumericsEnvironment.current().values();
        out.printf(Locale.ROOT, "  numerics              %s (ATen kernels %s, MKL_CBWR %s; CPU %s)%n", numerics.get("mode"),
                numerics.get("aten.cpu-capability"), numerics.get("env.MKL_CBWR"), numerics.get("cpu.x86-level"));
        out.printf(Locale.ROOT, "  load average          %s at the start, %s at the end%n", loadBefore, loadAfter);
        out.println();
        out.println("Settings");
        out.printf(Locale.ROOT, "  data                  synthetic %s, %s text features%s%n", s.preset().canonicalName(),
                s.textFeatures() > 0 ? s.textFeatures() + "-d token" : "no (token ids)",
                s.textFeatures() == 0 ? "" : s.ownTextFeatures() ? " (each utterance its own)" : " (shared by texts of the same length)");
        out.printf(Locale.ROOT, "  network               CIDer d=32, %d layers, %d heads, blockwise MCA, %,d parameters%n",
                s.layers(), s.heads(), parameters);
        out.printf(Locale.ROOT, "  epoch                 %,d utterances in %d batches of %d (pool of %,d distinct utterances, %.0f MiB, %.1f KiB each)%n",
                s.trainSize(), s.batchesPerEpoch(), s.batchSize(), poolSize, poolHeap / MIB, poolHeap / 1024.0 / Math.max(1, poolSize));
        if (s.microBatchSize() > 0 && s.microBatchSize() < s.batchSize()) {
            out.printf(Locale.ROOT, "  micro-batches         %d utterances, gradients added up over each batch of %d%n", s.microBatchSize(),
                    s.batchSize());
        }
        out.printf(Locale.ROOT, "  timing                %d warm-up epochs and %d warm-up batches, median of %d runs of %s%n", s.warmupEpochs(),
                s.warmupBatches(), s.repeats(),
                s.epochsMeasured() == 1.0 ? "one epoch" : s.epochsMeasured() + " epochs (" + s.measuredBatches() + " batches, scaled to an epoch)");
        out.printf(Locale.ROOT, "  prediction timing     %d one-utterance warm-up calls, then %d timed per run%n", s.latencyWarmup(),
                s.latencySamples());
        out.println();
        out.println("Training (two-stage step: complete and incomplete passes)");
        out.printf(Locale.ROOT, "  epoch time            %.2f s   (runs: %s)%n", training.medianEpochSeconds(), seconds(training.epochSeconds()));
        out.printf(Locale.ROOT, "  epoch CPU time        %.2f s   (all threads; runs: %s)%n", training.medianEpochCpuSeconds(),
                seconds(training.epochCpuSeconds()));
        out.printf(Locale.ROOT, "  samples per second    %.1f%n", s.trainSize() / training.medianEpochSeconds());
        if (s.validSize() > 0) {
            out.printf(Locale.ROOT, "  validation pass       %.2f s for %,d utterances%n", training.medianValidationSeconds(), s.validSize());
        }
        out.printf(Locale.ROOT, "  peak heap             %.0f MiB%n", training.peakHeapBytes() / MIB);
        out.printf(Locale.ROOT, "  peak RSS              %s%n", rss(training.peakRssBytes(), training.rssReset()));
        printEpochSpread(out);
        out.println();
        out.println("Inference (test mode, with the counterfactual pass)");
        out.printf(Locale.ROOT, "  one utterance         %.2f ms  (median of %d per run; runs: %s)%n", inference.medianOneUtteranceSeconds() * 1000,
                s.latencySamples(), millis(inference.oneUtteranceSeconds()));
        out.printf(Locale.ROOT, "  one utterance, CPU    %.2f ms  (mean process CPU time per prediction, all threads; runs: %s)%n",
                inference.medianOneUtteranceCpuSeconds() * 1000, millis(inference.oneUtteranceCpuSeconds()));
        out.printf(Locale.ROOT, "  batch of %-4d         %.3f s   (runs: %s)%n", inference.batchSize(), inference.medianBatchSeconds(),
                seconds(inference.batchSeconds()));
        out.printf(Locale.ROOT, "  batch, factual only   %.3f s%n", inference.medianBatchFactualOnlySeconds());
        out.printf(Locale.ROOT, "  peak heap             %.0f MiB%n", inference.peakHeapBytes() / MIB);
        out.printf(Locale.ROOT, "  peak RSS              %s%n", rss(inference.peakRssBytes(), training.rssReset()));
        out.println();
        printOnnx(out);
        out.println("Text encoding (MiniLM-L6 quantised, ONNX Runtime)");
        if (encoder == null) {
            out.println("  skipped (--encoder-texts 0)");
        } else {
            out.printf(Locale.ROOT, "  sentences per second  %.1f   (%d sentences per run, %d-d features, %s)%n",
                    encoder.medianSentencesPerSecond(), encoder.sentences(), encoder.dim(),
                    encoder.batchesTexts() ? "batched" : "one text per call");
        }
        out.println();
        printRunSpreads(out);
        printMoseiHeapTarget(out);
        out.println("Ratios to the reference implementation");
        out.println("  not computed here: ratios to the public PyTorch implementation come only from " + SIDE_BY_SIDE_SCRIPT
                + ", which times both on this machine in one session");
    }

    // Every whole epoch of the timed runs, in order, and their spread.
    private void printEpochSpread(PrintStream out) {
        double[] epochs = training.wholeEpochSeconds();
        if (epochs.length == 0) {
            out.println("  epoch times           none: the runs time less than a whole epoch (--epochs-measured below 1)");
            return;
        }
        out.printf(Locale.ROOT, "  epoch times           %s s   (every whole epoch of the timed runs, in order)%n", fixed(epochs, 1.0, "%.3f"));
        Spread spread = Spread.of(epochs);
        out.printf(Locale.ROOT, "  epoch time spread     %s (target <= %.0f%%: %s)%n", describe(spread, 1.0, "%.3f", "s"),
                TARGET_EPOCH_SPREAD * 100,
                spread.count() < 2 ? "not judged from one epoch" : verdict(spread.relative() <= TARGET_EPOCH_SPREAD));
    }

    // The spread of each measure across the timed runs.
    private void printRunSpreads(PrintStream out) {
        out.printf(Locale.ROOT, "Spread across the %d timed runs (spread = (max - min) / median)%n", settings.repeats());
        spreadLine(out, "epoch time", training.epochSeconds(), 1.0, "%.2f", "s");
        spreadLine(out, "epoch CPU time", training.epochCpuSeconds(), 1.0, "%.2f", "s");
        if (settings.validSize() > 0) {
            spreadLine(out, "validation pass", training.validationSeconds(), 1.0, "%.3f", "s");
        }
        spreadLine(out, "one utterance", inference.oneUtteranceSeconds(), 1000.0, "%.2f", "ms");
        spreadLine(out, "one utterance, CPU", inference.oneUtteranceCpuSeconds(), 1000.0, "%.2f", "ms");
        spreadLine(out, "batch of " + inference.batchSize(), inference.batchSeconds(), 1.0, "%.3f", "s");
        spreadLine(out, "batch, factual only", inference.batchFactualOnlySeconds(), 1.0, "%.3f", "s");
        if (onnx != null && onnx.skipped() == null) {
            spreadLine(out, "ONNX / DJL", onnx.ratios(), 1.0, "%.2f", "");
        }
        if (encoder != null) {
            spreadLine(out, "sentences per second", encoder.sentencesPerSecond(), 1.0, "%.1f", "");
        }
        out.println();
    }

    private static void spreadLine(PrintStream out, String label, double[] values, double scale, String format, String unit) {
        out.printf(Locale.ROOT, "  %-21s %s%n", label, describe(Spread.of(values), scale, format, unit));
    }

    // "n=3, median 1.00 s, min 0.90 s, max 1.20 s, spread 30.0%"
    private static String describe(Spread spread, double scale, String format, String unit) {
        String u = unit.isEmpty() ? "" : " " + unit;
        return String.format(Locale.ROOT, "n=%d, median %s%s, min %s%s, max %s%s, spread %.1f%%", spread.count(),
                String.format(Locale.ROOT, format, spread.median() * scale), u, String.format(Locale.ROOT, format, spread.min() * scale), u,
                String.format(Locale.ROOT, format, spread.max() * scale), u, spread.relative() * 100);
    }

    private void printMoseiHeapTarget(PrintStream out) {
        if (settings.preset() != SyntheticPreset.MOSEI_UNALIGNED) {
            return;
        }
        out.println("Target: MOSEI-unaligned training below 4 GiB of heap");
        long full = training.peakHeapBytes() + (long) (settings.trainSize() - poolSize) * (poolHeap / Math.max(1, poolSize));
        out.printf(Locale.ROOT, "  peak heap             %.0f MiB measured with %,d utterances in memory; target < 4 GiB: %s%n",
                training.peakHeapBytes() / MIB, poolSize, verdict(training.peakHeapBytes() < TARGET_MOSEI_HEAP_BYTES));
        if (poolSize < settings.trainSize()) {
            out.printf(Locale.ROOT, "  with all %,d         about %.0f MiB (the other utterances at %.1f KiB each): %s%n", settings.trainSize(),
                    full / MIB, poolHeap / 1024.0 / Math.max(1, poolSize), verdict(full < TARGET_MOSEI_HEAP_BYTES));
        }
        out.println();
    }

    private void printOnnx(PrintStream out) {
        out.println("One utterance in ONNX Runtime beside DJL (whole exported model with the counterfactual pass, one intra-op thread each)");
        if (onnx == null) {
            out.println("  skipped (--no-onnx)");
        } else if (onnx.skipped() != null) {
            out.println("  skipped: " + onnx.skipped());
        } else {
            out.printf(Locale.ROOT, "  ONNX Runtime          %.2f ms  (median of %d per run; runs: %s)%n", Stats.median(onnx.onnxSeconds()) * 1000,
                    settings.latencySamples(), millis(onnx.onnxSeconds()));
            out.printf(Locale.ROOT, "  DJL, same runs        %.2f ms  (runs: %s)%n", Stats.median(onnx.djlSeconds()) * 1000, millis(onnx.djlSeconds()));
            StringBuilder ratios = new StringBuilder();
            for (double r : onnx.ratios()) {
                ratios.append(ratios.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.2f", r));
            }
            out.printf(Locale.ROOT, "  ONNX / DJL            %.2f   (median of the per-run ratios; runs: %s)%n", Stats.median(onnx.ratios()), ratios);
            out.printf(Locale.ROOT, "  probabilities agree   max abs difference %.1e  (model %.1f MiB)%n", onnx.maxProbabilityDifference(),
                    onnx.modelBytes() / MIB);
        }
        out.println();
    }

    private static String verdict(boolean met) {
        return met ? "met" : "NOT met";
    }

    private static String rss(long bytes, boolean reset) {
        if (bytes < 0) {
            return "unavailable (no /proc/self/status)";
        }
        return String.format(Locale.ROOT, "%.0f MiB%s", bytes / MIB, reset ? "" : " (process lifetime peak)");
    }

    private static String seconds(double[] values) {
        return fixed(values, 1.0, "%.2f");
    }

    private static String millis(double[] values) {
        return fixed(values, 1000.0, "%.2f");
    }

    // The values times scale, each in the format, separated by commas.
    private static String fixed(double[] values, double scale, String format) {
        StringBuilder sb = new StringBuilder();
        for (double v : values) {
            sb.append(sb.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, format, v * scale));
        }
        return sb.toString();
    }
}
