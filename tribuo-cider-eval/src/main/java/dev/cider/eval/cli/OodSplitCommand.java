package dev.cider.eval.cli;

import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.Option;
import com.oracle.labs.mlrg.olcut.config.Options;
import dev.cider.data.DataSplit;
import dev.cider.data.MultimodalExample;
import dev.cider.data.MultimodalSource;
import dev.cider.data.source.SplitAssignments;
import dev.cider.eval.ood.OodSplitGenerator;
import dev.cider.eval.ood.SplitLabelBalance;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code cider ood-split}: generates an out-of-distribution re-partition of a corpus from its text (the split sizes of
 * the standard split are kept; the test split's word/sentiment statistics are pushed away from training's), writes it
 * as an {@code id,mode} CSV (apply it with {@code ReassignedSource}) and reports how far the statistics moved and each
 * split's label distribution. Every class stays present in every split and each split's label balance stays within
 * {@code --max-label-shift} of train's; a corpus where that is impossible is refused and nothing is written.
 */
public final class OodSplitCommand implements CiderCommand {

    /** Options of {@code cider ood-split}. */
    public static final class OodSplitOptions implements Options {
        /** The corpus. */
        public SourceOptions data = new SourceOptions();

        /** Output CSV. */
        @Option(charName = 'o', longName = "output", usage = "The assignment CSV to write (id,mode).")
        public Path output;

        /** Minimum word count. */
        @Option(longName = "min-count", usage = "Words seen at most this often in polar utterances are ignored (default 50, as the recipe).")
        public int minCount = 50;

        /** Annealing iterations. */
        @Option(longName = "iterations", usage = "Simulated-annealing steps (default 200000).")
        public int iterations = 200_000;

        /** Label-shift bound. */
        @Option(longName = "max-label-shift", usage = "Largest allowed difference, for any class (negative, neutral, positive), between its "
                + "fraction in the test or valid split and in train; enforced during the search (default 0.15).")
        public double maxLabelShift = OodSplitGenerator.DEFAULT_MAX_LABEL_SHIFT;

        /** Search seed. */
        @Option(longName = "search-seed", usage = "Seed of the search (default 1).")
        public long searchSeed = 1;

        /**
         * For OLCUT.
         */
        public OodSplitOptions() {
        }

        @Override
        public String getOptionsDescription() {
            return "Generates an OOD re-partition of a corpus from its text.";
        }
    }

    @Override
    public String name() {
        return "ood-split";
    }

    @Override
    public String description() {
        return "Generate an OOD re-partition from text (same split sizes, shifted word/sentiment statistics) as an id,mode CSV.";
    }

    @Override
    public Options newOptions() {
        return new OodSplitOptions();
    }

    @Override
    public int run(Options options, ConfigurationManager cm, PrintStream out) throws Exception {
        OodSplitOptions o = (OodSplitOptions) options;
        if (o.output == null) {
            throw new IllegalArgumentException("--output FILE is required");
        }
        WritableOutputs.requireWritableFile("--output", o.output);
        MultimodalSource source = o.data.resolve(cm);
        List<OodSplitGenerator.Utterance> corpus = new ArrayList<>();
        for (DataSplit s : DataSplit.values()) {
            for (MultimodalExample ex : source.forSplit(s).examples()) {
                corpus.add(new OodSplitGenerator.Utterance(ex.getId(), ex.getRawText(), ex.getScore(), s));
            }
        }
        OodSplitGenerator.Result r = new OodSplitGenerator(o.minCount, o.iterations, o.searchSeed, o.maxLabelShift).generate(corpus);
        WritableOutputs.writing("--output", o.output, () -> SplitAssignments.write(o.output, r.assignment()));
        Map<DataSplit, Integer> sizes = new EnumMap<>(DataSplit.class);
        r.assignment().values().forEach(s -> sizes.merge(s, 1, Integer::sum));
        out.println("Corpus: " + source + ", " + corpus.size() + " utterances; vocabulary of the objective: " + r.vocabularySize() + " words");
        out.printf(Locale.ROOT, "Word-sentiment divergence between training and test: %.4f (standard split) -> %.4f (OOD split)%n",
                r.divergenceBefore(), r.divergenceAfter());
        out.println("Split sizes: " + sizes);
        out.printf(Locale.ROOT, "Label distribution (class fraction difference against train, bound %.3f):%n", r.maxLabelShift());
        printBalance(out, "standard", r.standardLabelBalance());
        printBalance(out, "OOD", r.labelBalance());
        out.println("Words whose positive rate moved most (train -> test):");
        for (OodSplitGenerator.WordShift w : r.largestShifts()) {
            out.printf(Locale.ROOT, "  %-14s n=%-5d %.2f -> %.2f%n", w.word(), w.count(), w.trainRate(), w.testRate());
        }
        out.println("Assignments written to " + o.output.toAbsolutePath() + " (apply them with dev.cider.data.source.ReassignedSource)");
        return 0;
    }

    private static void printBalance(PrintStream out, String partition, List<SplitLabelBalance> balance) {
        for (SplitLabelBalance b : balance) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-8s %-5s n=%-5d", partition, b.split().name().toLowerCase(Locale.ROOT), b.size()));
            for (int k = 0; k < b.classNames().size(); k++) {
                line.append(String.format(Locale.ROOT, " %s %d (%.3f)", b.classNames().get(k), b.counts().get(k), b.fraction(k)));
            }
            if (b.split() != DataSplit.TRAIN) {
                line.append(String.format(Locale.ROOT, "  shift %.3f", b.shift()));
            }
            out.println(line);
        }
    }
}
