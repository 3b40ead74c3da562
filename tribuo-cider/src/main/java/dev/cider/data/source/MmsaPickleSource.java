package dev.cider.data.source;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import dev.cider.data.DataSplit;
import dev.cider.data.MultimodalExample;
import dev.cider.data.SentimentTask;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One split of CMU-MOSI or CMU-MOSEI as distributed in the MMSA feature pickles ({@code aligned_50.pkl},
 * {@code unaligned_50.pkl}).
 * <p>
 * The pickle is a dict with keys {@code train}, {@code valid}, {@code test}, each a dict of arrays over the
 * utterances of the split: {@code text_bert} {@code (N, 3, T_l)} (token ids, attention mask, segment ids),
 * optionally {@code text} {@code (N, T_l, 768)} BERT token features, {@code audio} {@code (N, T_a, d_a)},
 * {@code vision} {@code (N, T_v, d_v)}, optionally {@code audio_lengths} and {@code vision_lengths}
 * {@code (N,)}, {@code regression_labels} {@code (N,)} sentiment scores in [-3, 3], {@code id} and
 * {@code raw_text} {@code (N,)} strings. Other keys ({@code classification_labels}, {@code annotations})
 * are ignored: labels are always derived from the score by the configured {@link SentimentTask}.
 * <p>
 * Utterance {@code i} becomes a {@link MultimodalExample} with
 * <ul>
 *     <li>token ids {@code text_bert[i, 0]} and text length the number of ones in the attention mask
 *     {@code text_bert[i, 1]} (which must be a prefix of ones); token ids stored as floats are accepted when
 *     integral;</li>
 *     <li>token features {@code text[i]} when {@code textFeatures} is true and the key is present;</li>
 *     <li>audio {@code audio[i]} and vision {@code vision[i]}, with valid lengths {@code audio_lengths[i]} and
 *     {@code vision_lengths[i]} clipped to the padded length; a file without lengths (some aligned files)
 *     gets the text length for a modality with as many steps as the text, else the full length;</li>
 *     <li>score {@code regression_labels[i]}, label {@code task.label(score)}, id {@code id[i]}, transcript
 *     {@code raw_text[i]}.</li>
 * </ul>
 * Non-finite audio and vision values become 0: the MMSA loader does this for audio (COVAREP holds -inf
 * where a frame is unvoiced); NaN or infinite vision (Facet) values carry no information either and would
 * poison any network, so they are treated the same way (the counts are logged). Non-finite token features
 * are an error. Every error names the file, the split, the key and, where it applies, the utterance.
 * <p>
 * The decoded file is cached per (path, size, modification time), so the sources of the three splits of
 * one file unpickle it once; large arrays are memory-mapped rather than copied to the heap. The provenance
 * records the configuration and the SHA-256 of the pickle.
 */
public final class MmsaPickleSource extends AbstractMultimodalSource {

    /** The name of the pickle in {@link #sourceFiles()}, hence its hash key in the provenance. */
    public static final String FILE_KEY = "pickle";

    @Config(mandatory = true, description = "The MMSA pickle file (e.g. aligned_50.pkl or unaligned_50.pkl of CMU-MOSI or CMU-MOSEI).")
    private Path path;

    @Config(description = "Attach the 'text' BERT token features as token features when the pickle has them; "
            + "if false or absent, examples carry token ids only.")
    private boolean textFeatures = true;

    @Config(description = "Read at most this many utterances of the split (the first ones); 0 or less reads them all.")
    private int maxExamples = 0;

    /**
     * For OLCUT.
     */
    private MmsaPickleSource() {
    }

    /**
     * Reads a split with token features (when present) and no cap on the number of utterances.
     * @param path The MMSA pickle.
     * @param split The split.
     * @param task The task that labels the scores.
     */
    public MmsaPickleSource(Path path, DataSplit split, SentimentTask task) {
        this(path, split, task, true, 0);
    }

    /**
     * Reads a split.
     * @param path The MMSA pickle.
     * @param split The split.
     * @param task The task that labels the scores.
     * @param textFeatures Whether to attach the {@code text} token features when present.
     * @param maxExamples Read at most this many utterances (the first ones); 0 or less reads them all.
     */
    public MmsaPickleSource(Path path, DataSplit split, SentimentTask task, boolean textFeatures, int maxExamples) {
        super(Objects.requireNonNull(split, "split"), Objects.requireNonNull(task, "task"));
        this.path = Objects.requireNonNull(path, "path");
        this.textFeatures = textFeatures;
        this.maxExamples = maxExamples;
    }

    /**
     * Used by the OLCUT configuration system.
     */
    @Override
    public void postConfig() {
        super.postConfig();
        if (!Files.isRegularFile(path)) {
            throw new PropertyException("", "path", "MMSA pickle " + path + (Files.exists(path) ? " is not a regular file" : " does not exist"));
        }
    }

    /** @return The pickle file. */
    public Path getPath() {
        return path;
    }

    /** @return Whether the {@code text} token features are attached when present. */
    public boolean usesTextFeatures() {
        return textFeatures;
    }

    /** @return The cap on the number of utterances read, 0 or less for none. */
    public int getMaxExamples() {
        return maxExamples;
    }

    @Override
    protected List<MultimodalExample> loadExamples() {
        Path file = path.toAbsolutePath().normalize();
        Map<?, ?> root = MmsaPickleCache.load(file);
        return MmsaSplitReader.read(file, root, getSplit(), getTask(), textFeatures, maxExamples);
    }

    @Override
    protected AbstractMultimodalSource copyForSplit(DataSplit other) {
        return new MmsaPickleSource(path, other, getTask(), textFeatures, maxExamples);
    }

    @Override
    protected Map<String, Path> sourceFiles() {
        return Map.of(FILE_KEY, path);
    }

    @Override
    protected String syntheticModalities() {
        return "none";
    }

    @Override
    protected String describeSource() {
        return "MmsaPickleSource(" + path.getFileName() + ", " + getSplit().canonicalName() + ")";
    }
}
