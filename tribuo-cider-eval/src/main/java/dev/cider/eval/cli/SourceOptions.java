package dev.cider.eval.cli;

import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.Option;
import com.oracle.labs.mlrg.olcut.config.Options;
import dev.cider.data.DataSplit;
import dev.cider.data.MultimodalSource;
import dev.cider.data.SentimentTask;
import dev.cider.data.source.CsvTextSource;
import dev.cider.data.source.EncodedTextSource;
import dev.cider.data.source.MmsaPickleSource;
import dev.cider.data.source.SyntheticPreset;
import dev.cider.data.source.SyntheticSource;
import dev.cider.text.MiniLmModel;
import dev.cider.text.OnnxTextEncoder;
import dev.cider.text.TextEncoder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

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
        TextEncoder encoder = textEncoder == null ? null : textEncoder(textEncoder);
        MultimodalSource base = resolveBase(cm);
        return encoder == null ? base : new EncodedTextSource(base, encoder, featureCache);
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
        if (synthetic != null) {
            return SyntheticSource.builder(SyntheticPreset.parse(synthetic)).task(task(SentimentTask.BINARY)).seed(seed)
                    .sizes(trainSize, validSize, testSize).oodTest(oodTest).build();
        }
        if (csv != null) {
            requireFile(csv, "--csv");
            CsvTextSource.AudioVisionMode mode;
            try {
                mode = CsvTextSource.AudioVisionMode.valueOf(csvAudioVision.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--csv-audio-vision must be absent or synthetic, found '" + csvAudioVision + "'", e);
            }
            return new CsvTextSource(csv, DataSplit.TRAIN, task(SentimentTask.BINARY), mode, seed);
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
        if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException(option + ": no file at " + p.toAbsolutePath());
        }
    }
}
