package dev.cider.data;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Summary statistics of one split: the number of utterances, the class distribution under a task, the sentiment
 * score's mean and spread, per modality the valid lengths, padded steps and feature dimension, and how many texts
 * were cut to fit the text length {@code T_l} ({@link TextInput#isTruncated()}).
 * <p>
 * Classes are derived from the scores with {@link SentimentTask#classIndex(double)}, so one split can be
 * summarised under either task whatever labels its examples carry. Examples can be added one at a time through
 * an {@link Accumulator}, so a large generated split never needs to be held in memory.
 */
public final class SplitStatistics {

    /**
     * Valid-length statistics of one modality.
     * @param min The shortest valid length.
     * @param mean The mean valid length.
     * @param max The longest valid length.
     * @param steps The padded number of steps.
     * @param dim The feature dimension (for text: the token-feature dimension, 0 for token ids only).
     */
    public record LengthStatistics(int min, double mean, int max, int steps, int dim) {
    }

    private final SentimentTask task;
    private final int count;
    private final int[] classCounts;
    private final double scoreMean;
    private final double scoreStd;
    private final double scoreMin;
    private final double scoreMax;
    private final Map<Modality, LengthStatistics> lengths;
    private final DataLayout layout;
    private final int[] absentCounts;
    private final int truncatedTexts;

    private SplitStatistics(Accumulator acc) {
        this.task = acc.task;
        this.count = acc.count;
        this.truncatedTexts = acc.truncatedTexts;
        this.classCounts = acc.classCounts.clone();
        this.scoreMean = acc.scoreMean;
        this.scoreStd = Math.sqrt(acc.scoreM2 / acc.count);
        this.scoreMin = acc.scoreMin;
        this.scoreMax = acc.scoreMax;
        this.layout = acc.layout;
        this.absentCounts = acc.absentCounts.clone();
        this.lengths = new EnumMap<>(Modality.class);
        int[] dims = {layout.textFeatureDim(), layout.audioDim(), layout.visionDim()};
        int[] steps = {layout.textSteps(), layout.audioSteps(), layout.visionSteps()};
        for (Modality m : Modality.values()) {
            int i = m.ordinal();
            lengths.put(m, new LengthStatistics(acc.minLength[i], acc.sumLength[i] / (double) acc.count, acc.maxLength[i], steps[i], dims[i]));
        }
    }

    /**
     * Summarises a list of examples.
     * @param examples The examples (at least one).
     * @param task The task whose classes to count.
     * @return The statistics.
     * @throws IllegalArgumentException if the layouts of the examples differ.
     * @throws IllegalStateException if there are no examples.
     */
    public static SplitStatistics of(Iterable<? extends MultimodalExample> examples, SentimentTask task) {
        Accumulator acc = accumulator(task);
        for (MultimodalExample ex : examples) {
            acc.add(ex);
        }
        return acc.build();
    }

    /**
     * An empty accumulator.
     * @param task The task whose classes to count.
     * @return The accumulator.
     */
    public static Accumulator accumulator(SentimentTask task) {
        return new Accumulator(task);
    }

    /** @return The task the classes are counted for. */
    public SentimentTask task() {
        return task;
    }

    /** @return The number of utterances. */
    public int count() {
        return count;
    }

    /**
     * The number of utterances of a class.
     * @param classIndex The class index under {@link #task()}.
     * @return The count.
     */
    public int classCount(int classIndex) {
        return classCounts[classIndex];
    }

    /**
     * The share of a class.
     * @param classIndex The class index under {@link #task()}.
     * @return The fraction in [0, 1].
     */
    public double classFraction(int classIndex) {
        return classCounts[classIndex] / (double) count;
    }

    /** @return The per-class counts in class-index order. */
    public int[] classCounts() {
        return classCounts.clone();
    }

    /** @return The mean sentiment score. */
    public double scoreMean() {
        return scoreMean;
    }

    /** @return The population standard deviation of the sentiment scores. */
    public double scoreStd() {
        return scoreStd;
    }

    /** @return The smallest score. */
    public double scoreMin() {
        return scoreMin;
    }

    /** @return The largest score. */
    public double scoreMax() {
        return scoreMax;
    }

    /**
     * The valid-length statistics of a modality.
     * @param m The modality.
     * @return Its statistics.
     */
    public LengthStatistics lengths(Modality m) {
        return lengths.get(m);
    }

    /**
     * How many utterances have no audio or no vision: no frame with a non-zero value among their valid steps. This
     * counts a modality that is absent in the corpus, one dropped in an utterance, and one whose stored values were all
     * non-finite (read as zeros).
     * @param m {@link Modality#AUDIO} or {@link Modality#VISION}.
     * @return The number of utterances without it.
     * @throws IllegalArgumentException for {@link Modality#TEXT}.
     */
    public int absentCount(Modality m) {
        if (m == Modality.TEXT) {
            throw new IllegalArgumentException("absentCount counts audio and vision frames, not text");
        }
        return absentCounts[m.ordinal()];
    }

    /** @return The layout shared by every example. */
    public DataLayout layout() {
        return layout;
    }

    /**
     * The number of utterances whose text was cut to fit the padded text length {@code T_l} of the layout.
     * @return The count.
     */
    public int truncatedTexts() {
        return truncatedTexts;
    }

    /**
     * Adds examples one at a time, then builds the statistics.
     */
    public static final class Accumulator {
        private final SentimentTask task;
        private int count;
        private final int[] classCounts;
        private double scoreMean;
        private double scoreM2;
        private double scoreMin = Double.POSITIVE_INFINITY;
        private double scoreMax = Double.NEGATIVE_INFINITY;
        private final int[] minLength = new int[Modality.values().length];
        private final int[] maxLength = new int[Modality.values().length];
        private final long[] sumLength = new long[Modality.values().length];
        private final int[] absentCounts = new int[Modality.values().length];
        private DataLayout layout;
        private int truncatedTexts;

        private Accumulator(SentimentTask task) {
            this.task = Objects.requireNonNull(task, "task");
            this.classCounts = new int[task.numClasses()];
            Arrays.fill(minLength, Integer.MAX_VALUE);
        }

        /**
         * Adds one example.
         * @param ex The example.
         * @return This accumulator.
         * @throws IllegalArgumentException naming the utterance if its layout differs from the first example's.
         */
        public Accumulator add(MultimodalExample ex) {
            if (layout == null) {
                layout = DataLayout.of(ex);
            } else {
                layout.check(ex);
            }
            count++;
            if (ex.getText().isTruncated()) {
                truncatedTexts++;
            }
            double y = ex.getScore();
            classCounts[task.classIndex(y)]++;
            double delta = y - scoreMean;
            scoreMean += delta / count;
            scoreM2 += delta * (y - scoreMean);
            scoreMin = Math.min(scoreMin, y);
            scoreMax = Math.max(scoreMax, y);
            for (Modality m : Modality.values()) {
                int i = m.ordinal();
                int len = ex.length(m);
                minLength[i] = Math.min(minLength[i], len);
                maxLength[i] = Math.max(maxLength[i], len);
                sumLength[i] += len;
            }
            countIfAbsent(Modality.AUDIO, ex.getAudio());
            countIfAbsent(Modality.VISION, ex.getVision());
            return this;
        }

        private void countIfAbsent(Modality m, FeatureSequence frames) {
            for (int t = 0; t < frames.length(); t++) {
                if (!frames.isZeroFrame(t)) {
                    return;
                }
            }
            absentCounts[m.ordinal()]++;
        }

        /** @return The number of examples added so far. */
        public int count() {
            return count;
        }

        /**
         * The statistics of the examples added so far.
         * @return The statistics.
         * @throws IllegalStateException if no example was added.
         */
        public SplitStatistics build() {
            if (count == 0) {
                throw new IllegalStateException("No examples to summarise");
            }
            return new SplitStatistics(this);
        }
    }
}
