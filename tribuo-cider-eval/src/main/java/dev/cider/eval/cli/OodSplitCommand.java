package dev.cider.eval.cli;

import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.Option;
import com.oracle.labs.mlrg.olcut.config.Options;
import dev.cider.data.DataSplit;
import dev.cider.data.MultimodalExample;
import dev.cider.data.MultimodalSource;
import dev.cider.data.source.SplitAssignments;
import dev.cider.eval.ood.OodSplitGenerator;

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
 * as an {@code id,mode} CSV (apply it with {@code ReassignedSource}) and reports how far the statistics moved.
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
        MultimodalSource source = o.data.resolve(cm);
        List<OodSplitGenerator.Utterance> corpus = new ArrayList<>();
        for (DataSplit s : DataSplit.values()) {
            for (MultimodalExample ex : source.forSplit(s).examples()) {
                corpus.add(new OodSplitGenerator.Utterance(ex.getId(), ex.getRawText(), ex.getScore(), s));
            }
        }
        OodSplitGenerator.Result r = new OodSplitGenerator(o.minCount, o.iterations, o.searchSeed).generate(corpus);
        SplitAssignments.write(o.output, r.assignment());
        Map<DataSplit, Integer> sizes = new EnumMap<>(DataSplit.class);
        r.assignment().values().forEach(s -> sizes.merge(s, 1, Integer::sum));
        out.println("Corpus: " + source + ", " + corpus.size() + " utterances; vocabulary of the objective: " + r.vocabularySize() + " words");
        out.printf(Locale.ROOT, "Word-sentiment divergence between training and test: %.4f (standard split) -> %.4f (OOD split)%n",
                r.divergenceBefore(), r.divergenceAfter());
        out.println("Split sizes: " + sizes);
        out.println("Words whose positive rate moved most (train -> test):");
        for (OodSplitGenerator.WordShift w : r.largestShifts()) {
            out.printf(Locale.ROOT, "  %-14s n=%-5d %.2f -> %.2f%n", w.word(), w.count(), w.trainRate(), w.testRate());
        }
        out.println("Assignments written to " + o.output.toAbsolutePath() + " (apply them with dev.cider.data.source.ReassignedSource)");
        return 0;
    }
}
