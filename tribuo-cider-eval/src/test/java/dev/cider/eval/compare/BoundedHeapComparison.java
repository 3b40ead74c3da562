package dev.cider.eval.compare;

import dev.cider.data.SentimentTask;
import dev.cider.data.source.SyntheticPreset;
import dev.cider.data.source.SyntheticSource;
import dev.cider.eval.baseline.Baselines;
import dev.cider.eval.report.ComparisonReport;
import dev.cider.eval.sweep.MissingRateSweep;
import dev.cider.missing.Rmfm;
import dev.cider.train.CiderArchitecture;
import dev.cider.train.CiderTrainer;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;
import java.util.Locale;

/**
 * A comparison of cheap systems (two linear baselines and a one-epoch CIDer) over
 * the eleven default rates on a synthetic corpus with a large test split, run in this JVM: the workload of
 * {@link StreamingSweepMemoryTest}, which runs it in a child JVM with a small heap. Prints the peak heap after the run
 * ("peak heap N MB", the sum of the heap pools' peak usage) and exits 0, or exits 1 on an error (an OutOfMemoryError
 * included).
 * <p>
 * Arguments: the synthetic preset's name, the train, valid and test sizes.
 */
public final class BoundedHeapComparison {

    private BoundedHeapComparison() {
    }

    /**
     * Runs the comparison.
     * @param args The preset name, train size, valid size, test size.
     */
    public static void main(String[] args) {
        try {
            SyntheticPreset preset = SyntheticPreset.valueOf(args[0]);
            SyntheticSource data = SyntheticSource.builder(preset).task(SentimentTask.BINARY).seed(5)
                    .sizes(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3])).build();
            CiderTrainer cider = CiderTrainer.builder(SentimentTask.BINARY, 3).schedule(1, 32, 1)
                    .showProgress(false).architecture(CiderArchitecture.builder().size(16, 1, 2).build()).build();
            List<SystemSpec> systems = List.of(new SystemSpec("CIDer", cider), new SystemSpec("LR", Baselines.trainer(Baselines.LOGISTIC_REGRESSION)),
                    new SystemSpec("SVM", Baselines.trainer(Baselines.LINEAR_SVM)));
            ComparisonExperiment experiment = new ComparisonExperiment("bounded heap", data, null, systems, List.of(new Rmfm()),
                    MissingRateSweep.DEFAULT_RATES, 3).withBootstrap(200, 1);
            long t0 = System.nanoTime();
            if (Boolean.getBoolean("cider.progress")) {
                System.out.printf(Locale.ROOT, "JVM up %.1f s when the comparison starts%n", ManagementFactory.getRuntimeMXBean().getUptime() / 1e3);
            }
            ComparisonReport report = new ExperimentRunner(experiment, line -> {
                if (Boolean.getBoolean("cider.progress")) {
                    System.out.printf(Locale.ROOT, "%6.1f s %s%n", (System.nanoTime() - t0) / 1e9, line);
                }
            }).run(null, List.of());
            System.out.printf(Locale.ROOT, "%d rows in %.1f s%n", report.rows().size(), (System.nanoTime() - t0) / 1e9);
            long peak = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    peak += pool.getPeakUsage().getUsed();
                }
            }
            System.out.printf(Locale.ROOT, "peak heap %d MB of max %d MB%n", peak >> 20, Runtime.getRuntime().maxMemory() >> 20);
            System.out.flush();
            System.exit(0);
        } catch (Throwable t) {
            t.printStackTrace(System.out);
            System.out.flush();
            System.exit(1);
        }
    }
}
