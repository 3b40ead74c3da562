package dev.cider.eval.cli;

import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.Option;
import com.oracle.labs.mlrg.olcut.config.Options;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import dev.cider.data.BertTokenizer;
import dev.cider.data.DataSplit;
import dev.cider.data.MultimodalSource;
import dev.cider.data.SentimentTask;
import dev.cider.data.source.AbstractMultimodalSource;
import dev.cider.data.source.CsvTextSource;
import dev.cider.data.source.MmsaPickleSource;
import dev.cider.data.source.SyntheticPreset;
import dev.cider.data.source.SyntheticSource;
import dev.cider.text.EncodedTextSource;
import dev.cider.text.MiniLmModel;
import dev.cider.text.OnnxTextEncoder;
import dev.cider.text.TextEncoder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The data options shared by every command that reads a corpus: a synthetic preset, a text CSV, an MMSA pickle, or
 * a {@link MultimodalSource} component of an OLCUT configuration. Exactly one must be given.
 */
public final class SourceOptions implements Options {

    /** The synthetic preset. */
    @Option(longName = "synthetic", usage = "A synthetic corpus of this shape: mosi-aligned, mosi-unaligned, mosei-aligned or mosei-unaligned.")
    public String synthetic;

    /** The synthetic corpus seed. */
    @Option(longName = "seed", usage = "Seed of the synthetic corpus (and of the synthetic audio/vision of --csv).")
    public long seed = SyntheticSource.DEFAULT_SEED;

    /** Training size of the synthetic corpus. */
    @Option(longName = "train-size", usage = "Training utterances of the synthetic corpus (-1: the preset's standard size).")
    public int trainSize = SyntheticSource.PRESET_SIZE;

    /** Validation size of the synthetic corpus. */
    @Option(longName = "valid-size", usage = "Validation utterances of the synthetic corpus (-1: the preset's standard size).")
    public int validSize = SyntheticSource.PRESET_SIZE;

    /** Test size of the synthetic corpus. */
    @Option(longName = "test-size", usage = "Test utterances of the synthetic corpus (-1: the preset's standard size).")
    public int testSize = SyntheticSource.PRESET_SIZE;

    /** Whether the synthetic test split reverses the language bias. */
    @Option(longName = "ood-test", usage = "Make the synthetic test split out-of-distribution (language bias reversed).")
    public boolean oodTest = false;

    /** A text CSV. */
    @Option(longName = "csv", usage = "A CSV with id,text,label,mode columns (e.g. CMU-MOSI's label.csv).")
    public Path csv;

    /** Audio and vision of a CSV corpus. */
    @Option(longName = "csv-audio-vision", usage = "Audio and vision of --csv: absent (default) or synthetic (generated from each label, flagged in provenance).")
    public String csvAudioVision = "absent";

    /** The id columns of the CSV. */
    @Option(longName = "csv-id-columns", usage = "Columns of --csv whose values, joined with --csv-id-separator, form the utterance id (comma-separated, e.g. video_id,clip_id; default id).")
    public List<String> csvIdColumns;

    /** The separator of composite ids. */
    @Option(longName = "csv-id-separator", usage = "Separator between the parts of a composite id of --csv (default _).")
    public String csvIdSeparator;

    /** The transcript column. */
    @Option(longName = "csv-text-column", usage = "Transcript column of --csv (default text).")
    public String csvTextColumn;

    /** The score column. */
    @Option(longName = "csv-label-column", usage = "Sentiment score column of --csv, numbers in [-3, 3] (default label).")
    public String csvLabelColumn;

    /** The split column. */
    @Option(longName = "csv-split-column", usage = "Split column of --csv (default mode).")
    public String csvSplitColumn;

    /** The split value of training rows. */
    @Option(longName = "csv-train-name", usage = "Value of the split column marking training rows of --csv (case-insensitive; default train).")
    public String csvTrainName;

    /** The split value of validation rows. */
    @Option(longName = "csv-valid-name", usage = "Value of the split column marking validation rows of --csv (case-insensitive; default dev).")
    public String csvValidName;

    /** The split value of test rows. */
    @Option(longName = "csv-test-name", usage = "Value of the split column marking test rows of --csv (case-insensitive; default test).")
    public String csvTestName;

    /** The padded text length of a CSV corpus. */
    @Option(longName = "max-text-length", usage = "Token positions per text of --csv, [CLS] and [SEP] included (default "
            + BertTokenizer.DEFAULT_MAX_LENGTH + "); longer texts are cut, and data-info and training say how many.")
    public int maxTextLength = -1;

    /** The train subset. */
    @Option(longName = "train-subset", usage = "Keep a seeded class-stratified subset of the train split: a count (500) or a fraction (0.1).")
    public String trainSubset;

    /** The valid subset. */
    @Option(longName = "valid-subset", usage = "Keep a seeded class-stratified subset of the valid split: a count or a fraction.")
    public String validSubset;

    /** The test subset. */
    @Option(longName = "test-subset", usage = "Keep a seeded class-stratified subset of the test split: a count or a fraction.")
    public String testSubset;

    /** The subset seed. */
    @Option(longName = "subset-seed", usage = "Seed of --train-subset, --valid-subset and --test-subset (default 1).")
    public long subsetSeed = 1L;

    /** An MMSA pickle. */
    @Option(longName = "pickle", usage = "An MMSA pickle (aligned_50.pkl / unaligned_50.pkl) with train/valid/test.")
    public Path pickle;

    /** The task. */
    @Option(longName = "task", usage = "The task: binary (negative/neutral/positive) or seven. Default: binary, or the configured source's.")
    public String task;

    /** The name of a configured source. */
    @Option(longName = "source", usage = "Name of a MultimodalSource component in the --config configuration.")
    public String source;

    /** A pretrained text encoder. */
    @Option(longName = "text-encoder", usage = "Attach pretrained token features to the texts: minilm (quantised MiniLM-L6),"
            + " minilm-float (float32 MiniLM-L6) or PATH.onnx (a BERT-family ONNX export); CIDer then trains on token features.")
    public String textEncoder;

    /** The token feature cache directory. */
    @Option(longName = "feature-cache", usage = "Directory of the token feature cache of --text-encoder (default: in memory).")
    public Path featureCache;

    /**
     * For OLCUT.
     */
    public SourceOptions() {
    }

    @Override
    public String getOptionsDescription() {
        return "Data: one of --synthetic, --csv, --pickle or --source (with --config).";
    }

    /**
     * Whether any source was named.
     * @return True if one of the source options is set.
     */
    public boolean isSet() {
        return synthetic != null || csv != null || pickle != null || source != null;
    }

    /**
     * The task given with --task, or a default.
     * @param fallback The default.
     * @return The task.
     */
    public SentimentTask task(SentimentTask fallback) {
        return task == null ? fallback : SentimentTask.parse(task);
    }

    /**
     * Resolves the source (its train split).
     * @param cm The configuration manager holding any configuration files.
     * @return The source.
     * @throws IllegalArgumentException if none or several are given, or a file does not exist.
     */
    public MultimodalSource resolve(ConfigurationManager cm) {
        if (featureCache != null && textEncoder == null) {
            throw new IllegalArgumentException("--feature-cache needs --text-encoder");
        }
        MultimodalSource base = withSubsets(resolveBase(cm));
        TextEncoder encoder = textEncoder == null ? null : textEncoder(textEncoder);
        return encoder == null ? base : new EncodedTextSource(base, encoder, featureCache);
    }

    private boolean hasSubsets() {
        return trainSubset != null || validSubset != null || testSubset != null;
    }

    /** The source keeping the subsets of --train-subset etc. (before any text encoder, which then encodes only them). */
    private MultimodalSource withSubsets(MultimodalSource source) {
        if (!hasSubsets()) {
            return source;
        }
        if (!(source instanceof AbstractMultimodalSource)) {
            throw new IllegalArgumentException("--train-subset, --valid-subset and --test-subset need a source derived from "
                    + AbstractMultimodalSource.class.getSimpleName() + ", found " + source.getClass().getName());
        }
        try {
            return ((AbstractMultimodalSource) source).withSubsets(trainSubset, validSubset, testSubset, subsetSeed);
        } catch (PropertyException e) {
            throw new IllegalArgumentException("--" + e.getProperty().replace("Subset", "-subset") + ": "
                    + (e.getCause() != null ? e.getCause().getMessage() : e.getMsg()), e);
        }
    }

    /** Whether any of the CSV layout options is given. */
    private boolean csvLayoutGiven() {
        return csvIdColumns != null || csvIdSeparator != null || csvTextColumn != null || csvLabelColumn != null
                || csvSplitColumn != null || csvTrainName != null || csvValidName != null || csvTestName != null;
    }

    private MultimodalSource csvSource() {
        requireFile(csv, "--csv");
        CsvTextSource.AudioVisionMode mode;
        try {
            mode = CsvTextSource.AudioVisionMode.valueOf(csvAudioVision.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--csv-audio-vision must be absent or synthetic, found '" + csvAudioVision + "'", e);
        }
        CsvTextSource.Builder b = CsvTextSource.builder(csv).task(task(SentimentTask.BINARY)).audioVision(mode, seed);
        if (csvIdColumns != null || csvIdSeparator != null) {
            List<String> columns = csvIdColumns == null ? List.of("id")
                    : csvIdColumns.stream().map(String::strip).filter(c -> !c.isEmpty()).toList();
            if (columns.isEmpty()) {
                throw new IllegalArgumentException("--csv-id-columns must name at least one column, found '" + csvIdColumns + "'");
            }
            b.idColumns(csvIdSeparator == null ? "_" : csvIdSeparator, columns.toArray(new String[0]));
        }
        b.columns(orDefault(csvTextColumn, "text"), orDefault(csvLabelColumn, "label"), orDefault(csvSplitColumn, "mode"));
        b.splitNames(orDefault(csvTrainName, "train"), orDefault(csvValidName, "dev"), orDefault(csvTestName, "test"));
        if (maxTextLength != -1) {
            b.maxTextLength(maxTextLength);
        }
        try {
            return b.build();
        } catch (PropertyException e) {
            throw new IllegalArgumentException("--csv: " + e.getMsg(), e);
        }
    }

    private static String orDefault(String value, String fallback) {
        return value == null ? fallback : value;
    }

    /**
     * Creates the encoder named by a {@code --text-encoder} value.
     * @param value minilm, minilm-float or the path of an {@code .onnx} file.
     * @return The encoder (the caller closes it).
     * @throws IllegalArgumentException if the value is none of these or the file does not exist.
     */
    public static TextEncoder textEncoder(String value) {
        String v = value.trim();
        switch (v.toLowerCase(Locale.ROOT)) {
            case "minilm":
                return new OnnxTextEncoder(MiniLmModel.QUANTISED, OnnxTextEncoder.DEFAULT_BATCH_SIZE, 0);
            case "minilm-float":
                return new OnnxTextEncoder(MiniLmModel.FLOAT, OnnxTextEncoder.DEFAULT_BATCH_SIZE, 0);
            default:
                if (!v.toLowerCase(Locale.ROOT).endsWith(".onnx")) {
                    throw new IllegalArgumentException("--text-encoder must be minilm, minilm-float or the path of an .onnx file, found '"
                            + value + "'");
                }
                Path p = Path.of(v);
                requireFile(p, "--text-encoder");
                return new OnnxTextEncoder(p, OnnxTextEncoder.DEFAULT_BATCH_SIZE, 0);
        }
    }

    private MultimodalSource resolveBase(ConfigurationManager cm) {
        int given = (synthetic != null ? 1 : 0) + (csv != null ? 1 : 0) + (pickle != null ? 1 : 0) + (source != null ? 1 : 0);
        if (given != 1) {
            throw new IllegalArgumentException((given == 0 ? "No data given" : "Several data sources given")
                    + ": use exactly one of --synthetic <preset> (one of " + SyntheticPreset.names() + "), --csv FILE,"
                    + " --pickle FILE or --config FILE --source NAME");
        }
        boolean syntheticFlags = trainSize != SyntheticSource.PRESET_SIZE || validSize != SyntheticSource.PRESET_SIZE
                || testSize != SyntheticSource.PRESET_SIZE || oodTest;
        if (synthetic == null && syntheticFlags) {
            throw new IllegalArgumentException("--train-size, --valid-size, --test-size and --ood-test only apply to --synthetic"
                    + (source != null ? "; override a configured field with --@" + source + ".FIELD VALUE (e.g. --@" + source + ".testSize 100)" : ""));
        }
        if (seed != SyntheticSource.DEFAULT_SEED && (pickle != null || source != null)) {
            throw new IllegalArgumentException("--seed only applies to --synthetic and --csv" + (source != null
                    ? "; override a configured source's seed with --@" + source + ".seed N" : " (an MMSA pickle has no generated parts)"));
        }
        boolean csvAbsentAudioVision = "absent".equalsIgnoreCase(csvAudioVision.trim());
        if (csv == null && !csvAbsentAudioVision) {
            throw new IllegalArgumentException("--csv-audio-vision only applies to --csv");
        }
        if (csv != null && csvAbsentAudioVision && seed != SyntheticSource.DEFAULT_SEED) {
            throw new IllegalArgumentException("--seed with --csv seeds the audio and vision of --csv-audio-vision synthetic;"
                    + " with absent audio and vision there is nothing to seed");
        }
        if (csv == null && (csvLayoutGiven() || maxTextLength != -1)) {
            throw new IllegalArgumentException("--csv-id-columns, --csv-id-separator, --csv-text-column, --csv-label-column,"
                    + " --csv-split-column, --csv-*-name and --max-text-length only apply to --csv"
                    + (source != null ? "; set a configured CsvTextSource's fields with --@" + source + ".FIELD VALUE"
                    + " (idColumns, idSeparator, textColumn, labelColumn, splitColumn, trainName, validName, testName, maxTextLength)" : ""));
        }
        if (synthetic != null) {
            return SyntheticSource.builder(SyntheticPreset.parse(synthetic)).task(task(SentimentTask.BINARY)).seed(seed)
                    .sizes(trainSize, validSize, testSize).oodTest(oodTest).build();
        }
        if (csv != null) {
            return csvSource();
        }
        if (pickle != null) {
            requireFile(pickle, "--pickle");
            return new MmsaPickleSource(pickle, DataSplit.TRAIN, task(SentimentTask.BINARY));
        }
        Object component;
        try {
            component = cm.lookup(source);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Could not create the source '" + source + "': " + e.getMessage(), e);
        }
        if (component == null) {
            throw new IllegalArgumentException("No component named '" + source + "' in the configuration (load one with --config FILE)");
        }
        if (!(component instanceof MultimodalSource)) {
            throw new IllegalArgumentException("Component '" + source + "' is a " + component.getClass().getName()
                    + ", not a " + MultimodalSource.class.getSimpleName());
        }
        return (MultimodalSource) component;
    }

    private static void requireFile(Path p, String option) {
        if (Files.isDirectory(p)) {
            throw new IllegalArgumentException(option + ": " + p.toAbsolutePath() + " is a directory; give the file itself"
                    + filesIn(p));
        }
        if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException(option + ": no file at " + p.toAbsolutePath());
        }
    }

    /** The files of a directory, for the message of a directory given where a file is needed. */
    private static String filesIn(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            List<String> names = files.filter(Files::isRegularFile).map(f -> f.getFileName().toString()).sorted().limit(11).toList();
            if (names.isEmpty()) {
                return " (it holds no files)";
            }
            return " (it holds " + String.join(", ", names.subList(0, Math.min(10, names.size()))) + (names.size() > 10 ? ", ..." : "") + ")";
        } catch (IOException | UncheckedIOException e) {
            return "";
        }
    }
}
