package dev.cider.eval.cli;

import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.Option;
import com.oracle.labs.mlrg.olcut.config.Options;
import com.oracle.labs.mlrg.olcut.provenance.PrimitiveProvenance;
import dev.cider.data.DataSplit;
import dev.cider.data.Modality;
import dev.cider.data.MultimodalExample;
import dev.cider.data.MultimodalSource;
import dev.cider.data.SentimentTask;
import dev.cider.data.SplitStatistics;
import dev.cider.data.source.MultimodalSourceProvenance;
import dev.cider.data.source.SyntheticPreset;
import dev.cider.data.source.SyntheticSource;
import org.tribuo.provenance.DataSourceProvenance;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * {@code cider data-info}: summarises the three splits of a corpus: utterance counts, class distribution, score
 * mean and spread, valid-length statistics per modality, feature dimensions, the layout (aligned or not) and which
 * modalities are synthetic (read from the source's provenance).
 * <p>
 * The corpus is either a synthetic preset ({@code --synthetic mosi-unaligned}, with optional seed and split sizes)
 * or any {@link MultimodalSource} component of an OLCUT configuration ({@code --config-file FILE --source NAME}).
 * Synthetic utterances are streamed, so even the full MOSEI-unaligned preset (about 2 GB if held in memory) can be
 * summarised with the default heap; the command prints the memory a split set would need.
 */
public final class DataInfoCommand implements CiderCommand {

    private static final int STREAM_CHUNK = 256;

    /**
     * The options of {@code cider data-info}.
     */
    public static final class DataInfoOptions implements Options {
        /** The corpus. */
        public SourceOptions data = new SourceOptions();

        /**
         * For OLCUT.
         */
        public DataInfoOptions() {
        }

        @Override
        public String getOptionsDescription() {
            return "Summarises a corpus: split sizes, labels, scores, sequence lengths, dimensions and layout.";
        }
    }

    /**
     * Creates the command.
     */
    public DataInfoCommand() {
    }

    @Override
    public String name() {
        return "data-info";
    }

    @Override
    public String description() {
        return "Summarise a corpus: split sizes, labels, scores, sequence lengths, layout.";
    }

    @Override
    public Options newOptions() {
        return new DataInfoOptions();
    }

    @Override
    public int run(Options options, ConfigurationManager cm, PrintStream out) {
        DataInfoOptions o = (DataInfoOptions) options;
        MultimodalSource source = o.data.resolve(cm);
        SentimentTask task = o.data.task(source.getTask());
        out.println("Data: " + source + ", classes of the " + task.name().toLowerCase(Locale.ROOT) + " task " + task.classNames());
        if (source instanceof SyntheticSource) {
            printMemoryEstimate((SyntheticSource) source, out);
        }
        Map<DataSplit, Integer> counts = new LinkedHashMap<>();
        for (DataSplit split : DataSplit.values()) {
            MultimodalSource s = source.forSplit(split);
            SplitStatistics stats = summarise(s, task);
            counts.put(split, stats.count());
            out.println();
            printSplit(split, stats, syntheticModalities(s), out);
        }
        StringBuilder sb = new StringBuilder("Splits:");
        for (Map.Entry<DataSplit, Integer> e : counts.entrySet()) {
            sb.append(' ').append(e.getKey().canonicalName()).append(' ').append(e.getValue());
        }
        out.println();
        out.println(sb);
        return 0;
    }

    private static SplitStatistics summarise(MultimodalSource source, SentimentTask task) {
        SplitStatistics.Accumulator acc = SplitStatistics.accumulator(task);
        if (source instanceof SyntheticSource && ((SyntheticSource) source).subset().isEmpty()) {
            // Stream the utterances: a full MOSEI-unaligned split would not fit in a default heap.
            // Chunks are generated in parallel (each utterance has its own random stream) and added in order.
            SyntheticSource synthetic = (SyntheticSource) source;
            for (int start = 0; start < synthetic.size(); start += STREAM_CHUNK) {
                int end = Math.min(synthetic.size(), start + STREAM_CHUNK);
                List<MultimodalExample> chunk = IntStream.range(start, end).parallel().mapToObj(synthetic::example).collect(Collectors.toList());
                chunk.forEach(acc::add);
            }
        } else {
            for (MultimodalExample ex : source.examples()) {
                acc.add(ex);
            }
        }
        return acc.build();
    }

    private static String syntheticModalities(MultimodalSource source) {
        DataSourceProvenance prov = source.getProvenance();
        if (prov instanceof MultimodalSourceProvenance) {
            PrimitiveProvenance<?> p = ((MultimodalSourceProvenance) prov).getInstanceValues().get(MultimodalSourceProvenance.SYNTHETIC_MODALITIES);
            if (p != null) {
                return String.valueOf(p.getValue());
            }
        }
        return "unknown (the source records none)";
    }

    private static void printMemoryEstimate(SyntheticSource source, PrintStream out) {
        for (String line : memoryReport(source.estimatedCorpusBytes(), Runtime.getRuntime().maxMemory())) {
            out.println(line);
        }
    }

    /**
     * The memory lines printed for a synthetic corpus: the estimate, and a warning when it exceeds half the heap.
     * @param need The estimated bytes of all three splits.
     * @param maxHeap The JVM's maximum heap.
     * @return The lines.
     */
    static List<String> memoryReport(long need, long maxHeap) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "Memory: holding all three splits needs about %s of heap (this JVM may use %s).", bytes(need), bytes(maxHeap)));
        if (need > maxHeap / 2) {
            long gigabytes = Math.max(2, (long) Math.ceil(2.0 * need / (1L << 30)));
            lines.add("Warning: this corpus is large for the current heap. data-info streams it, but training or evaluating on it"
                    + " needs a larger heap (e.g. CIDER_JAVA_OPTS=-Xmx" + gigabytes + "g) or smaller splits (--train-size, --valid-size, --test-size).");
        }
        return lines;
    }

    private static String bytes(long b) {
        if (b >= (1L << 30)) {
            return String.format(Locale.ROOT, "%.1f GB", b / (double) (1L << 30));
        }
        return String.format(Locale.ROOT, "%.0f MB", b / (double) (1L << 20));
    }

    private static void printSplit(DataSplit split, SplitStatistics stats, String synthetic, PrintStream out) {
        out.printf(Locale.ROOT, "== %s: %d utterances ==%n", split.canonicalName(), stats.count());
        out.println("layout: " + stats.layout().describe());
        out.println("synthetic modalities: " + synthetic);
        out.println("labels:");
        SentimentTask task = stats.task();
        for (int c = 0; c < task.numClasses(); c++) {
            out.printf(Locale.ROOT, "  %-10s %7d  %5.1f%%%n", task.classNames().get(c), stats.classCount(c), 100.0 * stats.classFraction(c));
        }
        out.printf(Locale.ROOT, "score: mean %.3f  std %.3f  min %.3f  max %.3f%n",
                stats.scoreMean(), stats.scoreStd(), stats.scoreMin(), stats.scoreMax());
        out.printf(Locale.ROOT, "%-10s %7s %8s %7s %7s %5s%n", "lengths", "min", "mean", "max", "padded", "dim");
        for (Modality m : Modality.values()) {
            SplitStatistics.LengthStatistics l = stats.lengths(m);
            String dim = (m == Modality.TEXT && l.dim() == 0) ? "ids" : Integer.toString(l.dim());
            out.printf(Locale.ROOT, "  %-8s %7d %8.1f %7d %7d %5s%n", m.displayName(), l.min(), l.mean(), l.max(), l.steps(), dim);
        }
        out.printf(Locale.ROOT, "absent (no non-zero frame, including all non-finite in a pickle): audio %d, vision %d utterances%n",
                stats.absentCount(Modality.AUDIO), stats.absentCount(Modality.VISION));
        out.println(truncationLine(stats));
    }

    /**
     * The line saying how many texts of a split were cut to the text length.
     * @param stats The split's statistics.
     * @return The line.
     */
    static String truncationLine(SplitStatistics stats) {
        return String.format(Locale.ROOT, "texts cut to %d tokens ([CLS] + %d WordPieces + [SEP]): %d of %d (%.1f%%)%s",
                stats.layout().textSteps(), stats.layout().textSteps() - 2, stats.truncatedTexts(), stats.count(),
                100.0 * stats.truncatedTexts() / stats.count(), stats.truncatedTexts() == 0 ? "" : "; raise the limit with --max-text-length (CSV) or maxTextLength");
    }
}
