package dev.cider.data.source;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import dev.cider.data.DataLayout;
import dev.cider.data.DataSplit;
import dev.cider.data.FeatureSequence;
import dev.cider.data.MultimodalExample;
import dev.cider.data.SentimentTask;
import dev.cider.data.SpecialTokens;
import dev.cider.data.TextInput;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A synthetic multimodal sentiment corpus shaped like CMU-MOSI or CMU-MOSEI (the embedded default data, which
 * needs no file).
 * <p>
 * Each utterance is generated as follows, from a random stream derived only from (seed, split, index), so a split
 * never depends on another being generated and the same configuration always yields the same examples:
 * <ol>
 *     <li>Score: with probability {@code neutralFraction} the utterance is neutral and every annotator says 0;
 *     otherwise a latent score of sign + (probability {@code positiveFraction}) and magnitude
 *     {@code |N(1.4, 0.8)|} clipped to [0.1, 3]. {@code annotators} annotators each give
 *     {@code rint(latent + N(0, annotatorNoise))} clipped to [-3, 3], and the score is their average (multiples of
 *     1/3 for three annotators, exact zeros included), so all seven classes occur.</li>
 *     <li>Text: a number of words between {@code minWords} and {@code maxWords} (skewed towards short utterances).
 *     Each word is, with probability {@code sentimentWordRate}, a sentiment word: a lukewarm word with probability
 *     {@code 0.5 (1 - |y|/3)}, otherwise a positive word with probability {@code sigmoid(textSignal * y)} and a
 *     negative one otherwise; the other words are fillers with Zipf-like frequencies. Token ids are real
 *     bert-base-uncased ids ({@link SyntheticLexicon}): [CLS], the words (truncated to 48), [SEP], padding to 50.</li>
 *     <li>Language bias: with probability {@code biasWordRate} one of eight sentiment-free words (names and objects)
 *     is inserted. Its leaning group is chosen to agree with the score's sign with probability
 *     {@code (1 + biasStrength) / 2} in the train and valid splits (neutral utterances pick a group at random),
 *     so these words co-occur with the label far more than their meaning implies. With {@code oodTest} the test
 *     split uses {@code (1 - biasStrength) / 2}: the correlation is reversed (an out-of-distribution test set;
 *     {@code oodValid} does the same to the valid split). With {@code oodLabelShift} the reversed splits also draw
 *     positive scores with probability {@code positiveFraction - oodLabelShift}, as the OOD re-partitions of real
 *     corpora move the label balance too. Without a label shift, everything else about a test utterance is
 *     identical with and without {@code oodTest}.</li>
 *     <li>Audio and vision: {@link SyntheticFrames} with white noise {@code noise}, corpus-wide sentiment directions
 *     derived from the seed (shared by all splits) and signal amplitudes {@code audioSignal / sqrt(d_a)} and
 *     {@code visionSignal / sqrt(d_v)}, so the projection of a frame on its direction carries
 *     {@code signal * y / 3} whatever the feature dimension and the presets are equally hard. With the defaults,
 *     text is the most informative modality and audio and vision are weak but useful, as in the real corpora.
 *     Aligned presets use the text length (tokens including [CLS] and [SEP]) for both; unaligned presets draw a
 *     length proportional to the number of words, {@code n * 0.8 * T / maxWords * (1 + lengthJitter * N(0,1))},
 *     clipped to [1, T].</li>
 * </ol>
 * Ids look like {@code synth-train-00042}. All generator parameters are {@code @Config} fields and so appear in the
 * provenance; the provenance marks text, audio and vision as synthetic.
 * <p>
 * Memory: every example keeps the valid prefix of its frames and its pooled features,
 * {@link SyntheticPreset#bytesPerExample()} bytes or so; the full MOSEI-unaligned corpus needs about 2 GB of heap
 * (without token features). Use smaller split sizes for tests, or {@link #example(int)} to stream utterances one at
 * a time.
 */
public final class SyntheticSource extends AbstractMultimodalSource {

    /** The default seed. */
    public static final long DEFAULT_SEED = 42L;
    /** Marks a split size that takes the preset's standard size. */
    public static final int PRESET_SIZE = -1;

    private static final double MAGNITUDE_MEAN = 1.4;
    private static final double MAGNITUDE_STD = 0.8;
    private static final double UNALIGNED_FILL = 0.8;
    private static final int MAX_WORDS_LIMIT = 1000;
    private static final double[] FILLER_CDF = zipfCdf(SyntheticLexicon.FILLER.size());

    @Config(description = "The corpus shape to imitate: mosi-aligned, mosi-unaligned, mosei-aligned or mosei-unaligned.")
    private String shape = SyntheticPreset.MOSI_UNALIGNED.canonicalName();

    @Config(description = "The seed of the whole corpus: scores, words, frames and the modality sentiment directions.")
    private long seed = DEFAULT_SEED;

    @Config(description = "Number of training utterances; -1 for the preset's standard size.")
    private int trainSize = PRESET_SIZE;

    @Config(description = "Number of validation utterances; -1 for the preset's standard size.")
    private int validSize = PRESET_SIZE;

    @Config(description = "Number of test utterances; -1 for the preset's standard size.")
    private int testSize = PRESET_SIZE;

    @Config(description = "Probability that an utterance is neutral (every annotator says 0).")
    private double neutralFraction = 0.1;

    @Config(description = "Probability that a non-neutral utterance is positive.")
    private double positiveFraction = 0.55;

    @Config(description = "Number of simulated annotators whose integer ratings are averaged into the score.")
    private int annotators = 3;

    @Config(description = "Standard deviation of an annotator's rating around the latent score.")
    private double annotatorNoise = 0.6;

    @Config(description = "Fewest words in an utterance.")
    private int minWords = 5;

    @Config(description = "Most words in an utterance (more than 48 are truncated in the token ids).")
    private int maxWords = 40;

    @Config(description = "Probability that a word is a sentiment word (positive, negative or lukewarm) rather than a filler.")
    private double sentimentWordRate = 0.25;

    @Config(description = "How strongly a sentiment word's polarity follows the score: P(positive) = sigmoid(textSignal * y). 0 = no text signal.")
    private double textSignal = 1.0;

    @Config(description = "Strength of the label signal in the audio frames (0 = none): the signal's amplitude along the audio sentiment direction, relative to the per-dimension noise.")
    private double audioSignal = 0.5;

    @Config(description = "Strength of the label signal in the vision frames (0 = none): the signal's amplitude along the vision sentiment direction, relative to the per-dimension noise.")
    private double visionSignal = 0.4;

    @Config(description = "Standard deviation of the white noise added to every audio and vision value.")
    private double noise = 1.0;

    @Config(description = "Relative jitter of the unaligned audio and vision lengths around their word-proportional value.")
    private double lengthJitter = 0.15;

    @Config(description = "Probability that an utterance contains one bias word (a sentiment-free name or object).")
    private double biasWordRate = 0.3;

    @Config(description = "Language bias strength in [0, 1]: a bias word's group agrees with the label's sign with probability (1 + strength) / 2. 0 = no bias.")
    private double biasStrength = 0.6;

    @Config(description = "If true the test split reverses the bias-word/label correlation (an out-of-distribution test set).")
    private boolean oodTest = false;

    @Config(description = "If true the valid split reverses the bias-word/label correlation too: a small labelled set of the"
            + " shifted distribution for model selection and the choice of tau (the train split is unchanged).")
    private boolean oodValid = false;

    @Config(description = "Label shift of the splits reversed by oodTest/oodValid: there a non-neutral utterance is positive with"
            + " probability positiveFraction - oodLabelShift (the OOD re-partitions of real corpora move the label balance"
            + " as well as the word statistics). 0 = the same label balance as training.")
    private double oodLabelShift = 0.0;

    private SyntheticPreset preset;
    private int size;
    private SyntheticFrames audioFrames;
    private SyntheticFrames visionFrames;

    /**
     * For OLCUT.
     */
    private SyntheticSource() {
        super();
    }

    /**
     * Creates a source with the preset's standard split sizes and default generator parameters.
     * @param preset The corpus shape.
     * @param split The split to generate.
     * @param task The task the labels are made for.
     * @param seed The corpus seed.
     */
    public SyntheticSource(SyntheticPreset preset, DataSplit split, SentimentTask task, long seed) {
        this(preset, split, task, seed, PRESET_SIZE, PRESET_SIZE, PRESET_SIZE);
    }

    /**
     * Creates a source with the given split sizes and default generator parameters.
     * @param preset The corpus shape.
     * @param split The split to generate.
     * @param task The task the labels are made for.
     * @param seed The corpus seed.
     * @param trainSize The number of training utterances (-1 for the preset's size).
     * @param validSize The number of validation utterances (-1 for the preset's size).
     * @param testSize The number of test utterances (-1 for the preset's size).
     * @throws PropertyException naming the field if a size is invalid.
     */
    public SyntheticSource(SyntheticPreset preset, DataSplit split, SentimentTask task, long seed,
                           int trainSize, int validSize, int testSize) {
        super(split, task);
        this.shape = preset.canonicalName();
        this.seed = seed;
        this.trainSize = trainSize;
        this.validSize = validSize;
        this.testSize = testSize;
        postConfig();
    }

    private SyntheticSource(SyntheticSource o, DataSplit split) {
        super(split, o.task);
        this.shape = o.shape;
        this.seed = o.seed;
        this.trainSize = o.trainSize;
        this.validSize = o.validSize;
        this.testSize = o.testSize;
        this.neutralFraction = o.neutralFraction;
        this.positiveFraction = o.positiveFraction;
        this.annotators = o.annotators;
        this.annotatorNoise = o.annotatorNoise;
        this.minWords = o.minWords;
        this.maxWords = o.maxWords;
        this.sentimentWordRate = o.sentimentWordRate;
        this.textSignal = o.textSignal;
        this.audioSignal = o.audioSignal;
        this.visionSignal = o.visionSignal;
        this.noise = o.noise;
        this.lengthJitter = o.lengthJitter;
        this.biasWordRate = o.biasWordRate;
        this.biasStrength = o.biasStrength;
        this.oodTest = o.oodTest;
        this.oodValid = o.oodValid;
        this.oodLabelShift = o.oodLabelShift;
        postConfig();
    }

    /**
     * A CMU-MOSI-shaped, word-aligned source with the standard split sizes.
     * @param split The split.
     * @param task The task.
     * @param seed The corpus seed.
     * @return The source.
     */
    public static SyntheticSource mosiAligned(DataSplit split, SentimentTask task, long seed) {
        return new SyntheticSource(SyntheticPreset.MOSI_ALIGNED, split, task, seed);
    }

    /**
     * A CMU-MOSI-shaped, unaligned source with the standard split sizes.
     * @param split The split.
     * @param task The task.
     * @param seed The corpus seed.
     * @return The source.
     */
    public static SyntheticSource mosiUnaligned(DataSplit split, SentimentTask task, long seed) {
        return new SyntheticSource(SyntheticPreset.MOSI_UNALIGNED, split, task, seed);
    }

    /**
     * A CMU-MOSEI-shaped, word-aligned source with the standard split sizes (about 0.6 GB for all splits).
     * @param split The split.
     * @param task The task.
     * @param seed The corpus seed.
     * @return The source.
     */
    public static SyntheticSource moseiAligned(DataSplit split, SentimentTask task, long seed) {
        return new SyntheticSource(SyntheticPreset.MOSEI_ALIGNED, split, task, seed);
    }

    /**
     * A CMU-MOSEI-shaped, unaligned source with the standard split sizes. Holding all three splits needs about
     * 2 GB of heap; consider {@link #builder(SyntheticPreset)} with smaller sizes.
     * @param split The split.
     * @param task The task.
     * @param seed The corpus seed.
     * @return The source.
     */
    public static SyntheticSource moseiUnaligned(DataSplit split, SentimentTask task, long seed) {
        return new SyntheticSource(SyntheticPreset.MOSEI_UNALIGNED, split, task, seed);
    }

    /**
     * A builder for a source of the given shape, with every generator parameter at its default.
     * @param preset The corpus shape.
     * @return The builder.
     */
    public static Builder builder(SyntheticPreset preset) {
        return new Builder(preset);
    }

    /**
     * Used by the OLCUT configuration system (and by every constructor): validates the parameters, resolves the
     * split sizes and builds the frame generators.
     * @throws PropertyException naming the offending field.
     */
    @Override
    public void postConfig() {
        super.postConfig();
        try {
            preset = SyntheticPreset.parse(shape);
        } catch (IllegalArgumentException e) {
            throw new PropertyException("", "shape", e.getMessage());
        }
        shape = preset.canonicalName();
        trainSize = resolveSize("trainSize", trainSize, DataSplit.TRAIN);
        validSize = resolveSize("validSize", validSize, DataSplit.VALID);
        testSize = resolveSize("testSize", testSize, DataSplit.TEST);
        checkProbability("neutralFraction", neutralFraction);
        checkProbability("positiveFraction", positiveFraction);
        if (annotators < 1 || annotators > 100) {
            throw new PropertyException("", "annotators", "annotators must be in [1, 100], found " + annotators);
        }
        checkNonNegative("annotatorNoise", annotatorNoise);
        if (minWords < 1) {
            throw new PropertyException("", "minWords", "minWords must be at least 1, found " + minWords);
        }
        if (maxWords < minWords || maxWords > MAX_WORDS_LIMIT) {
            throw new PropertyException("", "maxWords", "maxWords must be in [minWords=" + minWords + ", " + MAX_WORDS_LIMIT + "], found " + maxWords);
        }
        checkProbability("sentimentWordRate", sentimentWordRate);
        checkNonNegative("textSignal", textSignal);
        checkNonNegative("audioSignal", audioSignal);
        checkNonNegative("visionSignal", visionSignal);
        checkNonNegative("noise", noise);
        checkNonNegative("lengthJitter", lengthJitter);
        checkProbability("biasWordRate", biasWordRate);
        checkProbability("biasStrength", biasStrength);
        if (!(oodLabelShift >= -1 && oodLabelShift <= 1) || !(positiveFraction - oodLabelShift >= 0 && positiveFraction - oodLabelShift <= 1)) {
            throw new PropertyException("", "oodLabelShift", "positiveFraction - oodLabelShift must be a probability, found "
                    + positiveFraction + " - " + oodLabelShift);
        }
        DataLayout layout = preset.layout();
        size = sizeOf(getSplit());
        audioFrames = new SyntheticFrames(layout.audioSteps(), layout.audioDim(), audioSignal / Math.sqrt(layout.audioDim()),
                noise, mix(seed ^ 0x415544494FL));
        visionFrames = new SyntheticFrames(layout.visionSteps(), layout.visionDim(), visionSignal / Math.sqrt(layout.visionDim()),
                noise, mix(seed ^ 0x564953494FL));
    }

    private int resolveSize(String field, int value, DataSplit split) {
        if (value == PRESET_SIZE) {
            return preset.defaultSize(split);
        }
        if (value <= 0) {
            throw new PropertyException("", field, field + " must be positive (or -1 for the preset's standard size), found " + value);
        }
        return value;
    }

    private static void checkProbability(String field, double value) {
        if (!(value >= 0.0 && value <= 1.0)) {
            throw new PropertyException("", field, field + " must be in [0, 1], found " + value);
        }
    }

    private static void checkNonNegative(String field, double value) {
        if (!(value >= 0.0) || Double.isInfinite(value)) {
            throw new PropertyException("", field, field + " must be finite and non-negative, found " + value);
        }
    }

    private int sizeOf(DataSplit split) {
        switch (split) {
            case TRAIN: return trainSize;
            case VALID: return validSize;
            case TEST: return testSize;
            default: throw new IllegalStateException("Unknown split " + split);
        }
    }

    /** @return The corpus shape. */
    public SyntheticPreset getPreset() {
        return preset;
    }

    /** @return The corpus seed. */
    public long getSeed() {
        return seed;
    }

    /** @return The number of utterances of this source's split. */
    public int size() {
        return size;
    }

    /** @return True if the test split reverses the language bias. */
    public boolean isOodTest() {
        return oodTest;
    }

    /** @return True if the valid split reverses the language bias. */
    public boolean isOodValid() {
        return oodValid;
    }

    /** @return How much lower the positive fraction is in the out-of-distribution splits. */
    public double getOodLabelShift() {
        return oodLabelShift;
    }

    /** @return The layout of every example, known without generating any. */
    @Override
    public DataLayout getLayout() {
        return preset.layout();
    }

    /**
     * The approximate heap needed to hold this split's examples.
     * @return Bytes, an estimate.
     */
    public long estimatedBytes() {
        return size * preset.bytesPerExample();
    }

    /**
     * The approximate heap needed to hold all three splits.
     * @return Bytes, an estimate.
     */
    public long estimatedCorpusBytes() {
        return ((long) trainSize + validSize + testSize) * preset.bytesPerExample();
    }

    @Override
    protected List<MultimodalExample> loadExamples() {
        // Every utterance has its own random stream, so parallel generation is deterministic; the collector keeps order.
        return IntStream.range(0, size).parallel().mapToObj(this::example).collect(Collectors.toList());
    }

    @Override
    protected int numExamples() {
        return size;
    }

    @Override
    protected SyntheticSource copyForSplit(DataSplit split) {
        return new SyntheticSource(this, split);
    }

    @Override
    protected Map<String, Path> sourceFiles() {
        return Collections.emptyMap();
    }

    @Override
    protected String syntheticModalities() {
        return "text,audio,vision";
    }

    @Override
    protected String describeSource() {
        return "SyntheticSource(" + shape + ", " + getSplit().canonicalName() + ")";
    }

    /**
     * Generates one utterance of this source's split without storing it (for streaming over large corpora).
     * The result is the same as {@code examples().get(index)}.
     * @param index The utterance index in [0, size()).
     * @return The example.
     */
    public MultimodalExample example(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("Utterance index " + index + " outside [0, " + size + ") of " + describeSource());
        }
        DataSplit split = getSplit();
        SplittableRandom rng = new SplittableRandom(utteranceSeed(seed, split, index));
        String id = String.format(Locale.ROOT, "synth-%s-%05d", split.canonicalName(), index);
        double score = drawScore(rng, isReversed(split) ? positiveFraction - oodLabelShift : positiveFraction);
        List<SyntheticLexicon.Word> words = drawWords(score, rng);
        TextInput text = tokenize(words);
        DataLayout layout = preset.layout();
        int audioLength;
        int visionLength;
        double audioJitter = gaussian(rng);
        double visionJitter = gaussian(rng);
        if (preset.aligned()) {
            audioLength = text.length();
            visionLength = text.length();
        } else {
            audioLength = unalignedLength(words.size(), layout.audioSteps(), audioJitter);
            visionLength = unalignedLength(words.size(), layout.visionSteps(), visionJitter);
        }
        FeatureSequence audio = audioFrames.generate(score, audioLength, rng.split());
        FeatureSequence vision = visionFrames.generate(score, visionLength, rng.split());
        StringBuilder raw = new StringBuilder();
        for (SyntheticLexicon.Word w : words) {
            if (raw.length() > 0) {
                raw.append(' ');
            }
            raw.append(w.text());
        }
        return new MultimodalExample(task.label(score), id, raw.toString(), score, text, audio, vision, SpecialTokens.BERT_UNCASED);
    }

    /** Whether a split of this source is out of distribution (its bias words reversed, its label balance shifted). */
    private boolean isReversed(DataSplit split) {
        return (oodTest && split == DataSplit.TEST) || (oodValid && split == DataSplit.VALID);
    }

    private double drawScore(SplittableRandom rng, double positiveFraction) {
        boolean neutral = rng.nextDouble() < neutralFraction;
        double sign = rng.nextDouble() < positiveFraction ? 1.0 : -1.0;
        double magnitude = Math.min(SentimentTask.MAX_SCORE, Math.max(0.1, Math.abs(MAGNITUDE_MEAN + MAGNITUDE_STD * gaussian(rng))));
        if (neutral) {
            return 0.0;
        }
        double latent = sign * magnitude;
        int sum = 0;
        for (int a = 0; a < annotators; a++) {
            double rating = Math.rint(latent + annotatorNoise * gaussian(rng));
            sum += (int) Math.max(SentimentTask.MIN_SCORE, Math.min(SentimentTask.MAX_SCORE, rating));
        }
        return sum / (double) annotators;
    }

    private List<SyntheticLexicon.Word> drawWords(double score, SplittableRandom rng) {
        int span = maxWords - minWords + 1;
        int n = Math.min(maxWords, minWords + (int) Math.floor(span * Math.pow(rng.nextDouble(), 1.5)));
        // The bias draws are made for every utterance, so that the IID and OOD versions of a test utterance differ
        // only in the bias word's group.
        boolean hasBias = rng.nextDouble() < biasWordRate;
        double biasDraw = rng.nextDouble();
        int biasPosition = rng.nextInt(n);
        int biasPick = rng.nextInt(SyntheticLexicon.BIAS_POSITIVE.size());
        boolean reversed = isReversed(getSplit());
        double strength = reversed ? -biasStrength : biasStrength;
        boolean positiveGroup;
        if (score == 0.0) {
            positiveGroup = biasDraw < 0.5;
        } else {
            boolean agrees = biasDraw < (1.0 + strength) / 2.0;
            positiveGroup = (score > 0) == agrees;
        }
        double pNeutralWord = 0.5 * (1.0 - Math.abs(score) / SentimentTask.MAX_SCORE);
        double pPositiveWord = 1.0 / (1.0 + Math.exp(-textSignal * score));
        List<SyntheticLexicon.Word> words = new ArrayList<>(n);
        for (int j = 0; j < n; j++) {
            if (hasBias && j == biasPosition) {
                words.add((positiveGroup ? SyntheticLexicon.BIAS_POSITIVE : SyntheticLexicon.BIAS_NEGATIVE).get(biasPick));
            } else if (rng.nextDouble() < sentimentWordRate) {
                List<SyntheticLexicon.Word> group;
                if (rng.nextDouble() < pNeutralWord) {
                    group = SyntheticLexicon.NEUTRAL;
                } else {
                    group = rng.nextDouble() < pPositiveWord ? SyntheticLexicon.POSITIVE : SyntheticLexicon.NEGATIVE;
                }
                words.add(group.get(rng.nextInt(group.size())));
            } else {
                words.add(SyntheticLexicon.FILLER.get(sampleCdf(FILLER_CDF, rng.nextDouble())));
            }
        }
        return words;
    }

    private static TextInput tokenize(List<SyntheticLexicon.Word> words) {
        SpecialTokens special = SpecialTokens.BERT_UNCASED;
        int steps = SyntheticPreset.TEXT_STEPS;
        int kept = Math.min(words.size(), steps - 2);
        int[] ids = new int[steps];
        ids[0] = special.cls();
        for (int j = 0; j < kept; j++) {
            ids[j + 1] = words.get(j).tokenId();
        }
        ids[kept + 1] = special.sep();
        for (int t = kept + 2; t < steps; t++) {
            ids[t] = special.pad();
        }
        return new TextInput(ids, kept + 2, null, words.size() - kept);
    }

    private int unalignedLength(int numWords, int steps, double jitter) {
        double expected = numWords * UNALIGNED_FILL * steps / maxWords;
        long length = Math.round(expected * (1.0 + lengthJitter * jitter));
        return (int) Math.max(1, Math.min(steps, length));
    }

    private static double[] zipfCdf(int n) {
        double[] cdf = new double[n];
        double total = 0;
        for (int r = 0; r < n; r++) {
            total += 1.0 / (r + 2);
            cdf[r] = total;
        }
        for (int r = 0; r < n; r++) {
            cdf[r] /= total;
        }
        return cdf;
    }

    private static int sampleCdf(double[] cdf, double u) {
        for (int i = 0; i < cdf.length; i++) {
            if (u < cdf[i]) {
                return i;
            }
        }
        return cdf.length - 1;
    }

    /**
     * The seed of one utterance's random stream: a function of the corpus seed, the split and the index only.
     */
    private static long utteranceSeed(long seed, DataSplit split, int index) {
        return mix(mix(seed + 0x9E3779B97F4A7C15L * (split.ordinal() + 1)) + 0xD1B54A32D192ED03L * (index + 1L));
    }

    /** The SplitMix64 finaliser: a bijective scrambling of a 64-bit value. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static double gaussian(SplittableRandom rng) {
        double u1 = rng.nextDouble();
        double u2 = rng.nextDouble();
        return Math.sqrt(-2.0 * Math.log(1.0 - u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    /**
     * Builds a {@link SyntheticSource} with any generator parameter changed from its default. Every setter names the
     * {@code @Config} field it sets; {@link #build()} validates them.
     */
    public static final class Builder {
        // The draft holds the parameters in its @Config fields, so a default lives in one place only.
        private final SyntheticSource draft = new SyntheticSource();
        private DataSplit split = DataSplit.TRAIN;

        private Builder(SyntheticPreset preset) {
            draft.shape = preset.canonicalName();
        }

        /**
         * @param split The split to generate (default train).
         * @return This builder.
         */
        public Builder split(DataSplit split) {
            this.split = split;
            return this;
        }

        /**
         * @param task The task (default binary).
         * @return This builder.
         */
        public Builder task(SentimentTask task) {
            draft.task = task;
            return this;
        }

        /**
         * @param seed The corpus seed.
         * @return This builder.
         */
        public Builder seed(long seed) {
            draft.seed = seed;
            return this;
        }

        /**
         * Sets the three split sizes (-1 for a preset's standard size).
         * @param train Training utterances.
         * @param valid Validation utterances.
         * @param test Test utterances.
         * @return This builder.
         */
        public Builder sizes(int train, int valid, int test) {
            draft.trainSize = train;
            draft.validSize = valid;
            draft.testSize = test;
            return this;
        }

        /**
         * @param neutralFraction Probability of a neutral utterance.
         * @return This builder.
         */
        public Builder neutralFraction(double neutralFraction) {
            draft.neutralFraction = neutralFraction;
            return this;
        }

        /**
         * @param positiveFraction Probability that a non-neutral utterance is positive.
         * @return This builder.
         */
        public Builder positiveFraction(double positiveFraction) {
            draft.positiveFraction = positiveFraction;
            return this;
        }

        /**
         * @param annotators Number of simulated annotators.
         * @param annotatorNoise Standard deviation of their ratings.
         * @return This builder.
         */
        public Builder annotators(int annotators, double annotatorNoise) {
            draft.annotators = annotators;
            draft.annotatorNoise = annotatorNoise;
            return this;
        }

        /**
         * @param minWords Fewest words.
         * @param maxWords Most words.
         * @return This builder.
         */
        public Builder words(int minWords, int maxWords) {
            draft.minWords = minWords;
            draft.maxWords = maxWords;
            return this;
        }

        /**
         * @param sentimentWordRate Probability that a word is a sentiment word.
         * @return This builder.
         */
        public Builder sentimentWordRate(double sentimentWordRate) {
            draft.sentimentWordRate = sentimentWordRate;
            return this;
        }

        /**
         * @param textSignal How strongly word polarity follows the score.
         * @return This builder.
         */
        public Builder textSignal(double textSignal) {
            draft.textSignal = textSignal;
            return this;
        }

        /**
         * @param audioSignal Strength of the audio label signal.
         * @return This builder.
         */
        public Builder audioSignal(double audioSignal) {
            draft.audioSignal = audioSignal;
            return this;
        }

        /**
         * @param visionSignal Strength of the vision label signal.
         * @return This builder.
         */
        public Builder visionSignal(double visionSignal) {
            draft.visionSignal = visionSignal;
            return this;
        }

        /**
         * @param noise White-noise standard deviation of audio and vision.
         * @return This builder.
         */
        public Builder noise(double noise) {
            draft.noise = noise;
            return this;
        }

        /**
         * @param lengthJitter Relative jitter of unaligned lengths.
         * @return This builder.
         */
        public Builder lengthJitter(double lengthJitter) {
            draft.lengthJitter = lengthJitter;
            return this;
        }

        /**
         * @param biasWordRate Probability of a bias word in an utterance.
         * @param biasStrength Bias strength in [0, 1].
         * @return This builder.
         */
        public Builder bias(double biasWordRate, double biasStrength) {
            draft.biasWordRate = biasWordRate;
            draft.biasStrength = biasStrength;
            return this;
        }

        /**
         * @param oodTest Whether the test split reverses the language bias.
         * @return This builder.
         */
        public Builder oodTest(boolean oodTest) {
            draft.oodTest = oodTest;
            return this;
        }

        /**
         * @param oodValid Whether the valid split reverses the language bias too.
         * @return This builder.
         */
        public Builder oodValid(boolean oodValid) {
            draft.oodValid = oodValid;
            return this;
        }

        /**
         * Sets the label shift of the out-of-distribution splits.
         * @param oodLabelShift How much lower the positive fraction is in the splits reversed by oodTest/oodValid.
         * @return This builder.
         */
        public Builder oodLabelShift(double oodLabelShift) {
            draft.oodLabelShift = oodLabelShift;
            return this;
        }

        /**
         * Validates the parameters and builds the source. The builder may be reused.
         * @return The source.
         * @throws PropertyException naming the first invalid field.
         */
        public SyntheticSource build() {
            return new SyntheticSource(draft, split);
        }
    }
}
