package dev.cider.data.source;

import dev.cider.data.DataSplit;
import dev.cider.data.FeatureSequence;
import dev.cider.data.MultimodalExample;
import dev.cider.data.SentimentTask;
import dev.cider.data.SpecialTokens;
import dev.cider.data.TextInput;
import dev.cider.data.source.pickle.NumpyArray;
import dev.cider.data.source.pickle.NumpyPickleException;
import org.tribuo.classification.Label;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Turns one split of a decoded MMSA pickle into {@link MultimodalExample}s, as described in
 * {@link MmsaPickleSource}: shapes are checked against {@code text_bert} first, then each utterance is read,
 * non-finite audio and vision values are set to 0 (and counted in the log), and every error names the
 * file, the split, the key and, where it applies, the utterance.
 */
final class MmsaSplitReader {

    private static final Logger logger = Logger.getLogger(MmsaSplitReader.class.getName());

    static final String TEXT_BERT = "text_bert";
    static final String TEXT = "text";
    static final String AUDIO = "audio";
    static final String VISION = "vision";
    static final String AUDIO_LENGTHS = "audio_lengths";
    static final String VISION_LENGTHS = "vision_lengths";
    static final String SCORES = "regression_labels";
    static final String IDS = "id";
    static final String RAW_TEXT = "raw_text";

    /** The largest number of steps or features per utterance accepted (far above any real corpus). */
    private static final int MAX_DIM = 1 << 20;

    private final Path file;
    private final String splitKey;
    private final Map<?, ?> arrays;

    private MmsaSplitReader(Path file, String splitKey, Map<?, ?> arrays) {
        this.file = file;
        this.splitKey = splitKey;
        this.arrays = arrays;
    }

    /**
     * Reads the examples of one split.
     * @param file The pickle (for messages).
     * @param root Its decoded top-level dict.
     * @param split The split.
     * @param task The task labelling the scores.
     * @param textFeatures Whether to attach the {@code text} token features when present.
     * @param maxExamples Read at most this many utterances; 0 or less reads all.
     * @return The examples in file order.
     * @throws IllegalArgumentException naming the file, split, key and utterance at fault.
     */
    static List<MultimodalExample> read(Path file, Map<?, ?> root, DataSplit split, SentimentTask task,
                                        boolean textFeatures, int maxExamples) {
        String key = findSplitKey(file, root, split);
        Object value = root.get(key);
        if (!(value instanceof Map)) {
            throw new IllegalArgumentException("MMSA pickle " + file + ": split '" + key + "' is not a dict of arrays");
        }
        return new MmsaSplitReader(file, key, (Map<?, ?>) value).read(task, textFeatures, maxExamples);
    }

    private static String findSplitKey(Path file, Map<?, ?> root, DataSplit split) {
        List<String> candidates = split == DataSplit.VALID ? List.of("valid", "dev", "val", "validation")
                : List.of(split.canonicalName());
        for (String c : candidates) {
            if (root.containsKey(c)) {
                return c;
            }
        }
        throw new IllegalArgumentException("MMSA pickle " + file + " has no '" + split.canonicalName() + "' split (wrong key?); keys present: "
                + new TreeSet<>(stringKeys(root)));
    }

    private static List<String> stringKeys(Map<?, ?> map) {
        List<String> keys = new ArrayList<>();
        for (Object k : map.keySet()) {
            keys.add(String.valueOf(k));
        }
        return keys;
    }

    private String where() {
        return "MMSA pickle " + file + ", split '" + splitKey + "'";
    }

    private IllegalArgumentException error(String message) {
        return new IllegalArgumentException(where() + ": " + message);
    }

    private <T> T inKey(String key, Supplier<T> action) {
        try {
            return action.get();
        } catch (NumpyPickleException e) {
            throw new IllegalArgumentException(where() + ", key '" + key + "': " + e.getMessage(), e);
        }
    }

    private NumpyArray required(String key) {
        if (!arrays.containsKey(key)) {
            throw error("no key '" + key + "' (wrong key?); keys present: " + new TreeSet<>(stringKeys(arrays)));
        }
        return array(key);
    }

    private NumpyArray optional(String key) {
        return arrays.containsKey(key) && arrays.get(key) != null ? array(key) : null;
    }

    private NumpyArray array(String key) {
        NumpyArray a = inKey(key, () -> NumpyArray.fromObject(arrays.get(key)));
        if (!a.dtype().isSupported()) {
            inKey(key, () -> a.getDouble(0)); // throws the dtype's own message
        }
        return a;
    }

    private void checkRows(String key, NumpyArray a, long n, int ndim) {
        if (a.ndim() != ndim && !(ndim == 1 && a.ndim() == 2 && a.dim(1) == 1)) {
            throw error("'" + key + "' has shape " + Arrays.toString(a.shape()) + ", expected " + ndim + " dimensions");
        }
        if (a.dim(0) != n) {
            throw error("'" + key + "' has first dimension " + a.dim(0) + ", expected " + n + " (the number of utterances in '" + TEXT_BERT + "')");
        }
    }

    private List<MultimodalExample> read(SentimentTask task, boolean textFeatures, int maxExamples) {
        NumpyArray textBert = required(TEXT_BERT);
        if (textBert.ndim() != 3 || textBert.dim(1) < 2) {
            throw error("'" + TEXT_BERT + "' has shape " + Arrays.toString(textBert.shape())
                    + ", expected (utterances, 3, tokens) holding token ids, attention mask and segment ids");
        }
        long n = textBert.dim(0);
        int steps = checkedInt(TEXT_BERT, textBert.dim(2));
        NumpyArray audio = required(AUDIO);
        NumpyArray vision = required(VISION);
        NumpyArray scores = required(SCORES);
        NumpyArray ids = required(IDS);
        NumpyArray rawText = required(RAW_TEXT);
        checkRows(AUDIO, audio, n, 3);
        checkRows(VISION, vision, n, 3);
        checkRows(SCORES, scores, n, 1);
        checkRows(IDS, ids, n, 1);
        checkRows(RAW_TEXT, rawText, n, 1);
        NumpyArray text = textFeatures ? optional(TEXT) : null;
        if (text != null) {
            checkRows(TEXT, text, n, 3);
            if (text.dim(1) != steps) {
                throw error("'" + TEXT + "' has " + text.dim(1) + " token positions, '" + TEXT_BERT + "' has " + steps);
            }
        }
        NumpyArray audioLengths = optional(AUDIO_LENGTHS);
        NumpyArray visionLengths = optional(VISION_LENGTHS);
        if (audioLengths != null) {
            checkRows(AUDIO_LENGTHS, audioLengths, n, 1);
        }
        if (visionLengths != null) {
            checkRows(VISION_LENGTHS, visionLengths, n, 1);
        }
        FrameArray a = new FrameArray(AUDIO, audio, audioLengths, steps);
        FrameArray v = new FrameArray(VISION, vision, visionLengths, steps);
        int count = (int) Math.min(n, maxExamples > 0 ? maxExamples : Integer.MAX_VALUE - 8);
        List<MultimodalExample> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(utterance(i, task, textBert, steps, text, a, v, scores, ids, rawText));
        }
        if (a.replaced > 0 || v.replaced > 0) {
            logger.info(where() + ": replaced " + a.replaced + " non-finite audio values and " + v.replaced
                    + " non-finite vision values by 0");
        }
        a.warnOfAbsentUtterances();
        v.warnOfAbsentUtterances();
        return out;
    }

    private MultimodalExample utterance(int i, SentimentTask task, NumpyArray textBert, int steps, NumpyArray text,
                                        FrameArray audio, FrameArray vision, NumpyArray scores, NumpyArray ids, NumpyArray rawText) {
        String id = readString(IDS, ids, i);
        String raw = readString(RAW_TEXT, rawText, i);
        int[] tokenIds = tokenIds(textBert, i, steps, id);
        int textLength = textLength(textBert, i, steps, id);
        float[] features = null;
        int featureDim = 0;
        if (text != null) {
            featureDim = checkedInt(TEXT, text.dim(2));
            if ((long) steps * featureDim > Integer.MAX_VALUE - 8) {
                throw error("'" + TEXT + "' has " + steps + " x " + featureDim + " values per utterance, too many for one sequence");
            }
            int size = steps * featureDim;
            features = inKey(TEXT, () -> text.toFloatArray(text.flatIndex(i), size));
        }
        double score = inKey(SCORES, () -> scores.getDouble(i));
        FeatureSequence audioSeq = audio.sequence(i, textLength, id);
        FeatureSequence visionSeq = vision.sequence(i, textLength, id);
        try {
            FeatureSequence tokenFeatures = features == null ? null : FeatureSequence.wrap(features, steps, featureDim, textLength);
            Label label = task.label(score);
            return new MultimodalExample(label, id, raw, score, new TextInput(tokenIds, textLength, tokenFeatures),
                    audioSeq, visionSeq, SpecialTokens.BERT_UNCASED);
        } catch (IllegalArgumentException e) {
            throw error("utterance '" + id + "': " + e.getMessage());
        }
    }

    private String readString(String key, NumpyArray a, int i) {
        return inKey(key, () -> a.getString(i));
    }

    private int[] tokenIds(NumpyArray textBert, int i, int steps, String id) {
        long[] raw = inKey(TEXT_BERT, () -> textBert.toLongArray(textBert.flatIndex(i, 0), steps));
        int[] tokens = new int[steps];
        for (int t = 0; t < steps; t++) {
            if (raw[t] < 0 || raw[t] > Integer.MAX_VALUE) {
                throw error("utterance '" + id + "' has token id " + raw[t] + " at position " + t);
            }
            tokens[t] = (int) raw[t];
        }
        return tokens;
    }

    private int textLength(NumpyArray textBert, int i, int steps, String id) {
        double[] mask = inKey(TEXT_BERT, () -> textBert.toDoubleArray(textBert.flatIndex(i, 1), steps));
        int length = 0;
        while (length < steps && mask[length] != 0) {
            length++;
        }
        for (int t = length; t < steps; t++) {
            if (mask[t] != 0) {
                throw error("utterance '" + id + "': the attention mask (text_bert[:, 1]) is not a prefix of ones: "
                        + Arrays.toString(mask));
            }
        }
        return length;
    }

    private int checkedInt(String key, long value) {
        if (value > MAX_DIM) {
            throw error("'" + key + "' has a dimension of " + value + ", more than " + MAX_DIM + " per utterance");
        }
        return (int) value;
    }

    /** The audio or vision array of a split, its lengths, and a count of the values set to 0. */
    private final class FrameArray {
        private final String key;
        private final NumpyArray values;
        private final NumpyArray lengths;
        private final int textSteps;
        private final int steps;
        private final int dim;
        private long replaced;
        /** The utterances whose valid frames held only non-finite values (or those and zeros), now an absent modality. */
        private final List<String> nonFiniteOnly = new ArrayList<>();

        FrameArray(String key, NumpyArray values, NumpyArray lengths, int textSteps) {
            this.key = key;
            this.values = values;
            this.lengths = lengths;
            this.textSteps = textSteps;
            this.steps = checkedInt(key, values.dim(1));
            this.dim = checkedInt(key, values.dim(2));
            if ((long) steps * dim > Integer.MAX_VALUE - 8) {
                throw error("'" + key + "' has " + steps + " x " + dim + " values per utterance, too many for one sequence");
            }
        }

        FeatureSequence sequence(int i, int textLength, String id) {
            float[] v = inKey(key, () -> values.toFloatArray(values.flatIndex(i), steps * dim));
            // MMSA sets audio -inf to 0; we do the same for any non-finite audio or vision value
            long replacedHere = 0;
            for (int j = 0; j < v.length; j++) {
                if (!Float.isFinite(v[j])) {
                    v[j] = 0f;
                    replacedHere++;
                }
            }
            replaced += replacedHere;
            int length;
            if (lengths != null) {
                String lengthKey = key + "_lengths";
                long stored = inKey(lengthKey, () -> lengths.getLong(i));
                if (stored < 0) {
                    throw error("utterance '" + id + "' has a negative " + lengthKey + " (" + stored + ")");
                }
                length = (int) Math.min(stored, steps);
            } else {
                length = steps == textSteps ? textLength : steps;
            }
            if (replacedHere > 0 && allZero(v, length * dim)) {
                nonFiniteOnly.add(id);
            }
            return FeatureSequence.wrap(v, steps, dim, length);
        }

        private static boolean allZero(float[] v, int end) {
            for (int j = 0; j < end; j++) {
                if (v[j] != 0f) {
                    return false;
                }
            }
            return true;
        }

        /** Logs a warning naming the utterances whose modality became absent because all its values were non-finite. */
        void warnOfAbsentUtterances() {
            if (nonFiniteOnly.isEmpty()) {
                return;
            }
            String modality = key.equals(AUDIO) ? "audio" : key.equals(VISION) ? "vision" : key;
            int shown = Math.min(5, nonFiniteOnly.size());
            logger.warning(where() + ": " + nonFiniteOnly.size() + " utterance" + (nonFiniteOnly.size() == 1 ? " has" : "s have")
                    + " no finite " + modality + " value ('" + key + "' is NaN or infinite throughout), so " + modality
                    + " is absent (zero frames) for " + (nonFiniteOnly.size() == 1 ? "it" : "them") + ": "
                    + String.join(", ", nonFiniteOnly.subList(0, shown)) + (nonFiniteOnly.size() > shown ? ", ..." : ""));
        }
    }
}
