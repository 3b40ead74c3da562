package dev.cider.data.source;

import dev.cider.data.DataLayout;
import dev.cider.data.DataSplit;

import java.util.Locale;

/**
 * The shapes the {@link SyntheticSource} can imitate: the sequence lengths, feature dimensions and standard split
 * sizes of CMU-MOSI and CMU-MOSEI, word-aligned or not.
 * <p>
 * Memory: an example holds the valid prefix of its {@code T_a x d_a} audio and {@code T_v x d_v} vision frames
 * (padding is not stored), so a full MOSEI-unaligned corpus (22,856 utterances of up to 500 x 74 audio and 500 x 35
 * vision frames, 38% of the steps valid on average) needs about 2 GB of heap, plus 12 bytes per token feature
 * dimension and utterance for the pooled features of attached token features, plus the token features themselves
 * (4 bytes per valid token and dimension). See {@link #bytesPerExample()}.
 */
public enum SyntheticPreset {
    /** CMU-MOSI, word-aligned: 50 steps everywhere, d_a 5, d_v 20. */
    MOSI_ALIGNED("mosi-aligned", 50, 5, 50, 20, 1284, 229, 686),
    /** CMU-MOSI, unaligned: T_a 375 (d_a 5), T_v 500 (d_v 20). */
    MOSI_UNALIGNED("mosi-unaligned", 375, 5, 500, 20, 1284, 229, 686),
    /** CMU-MOSEI, word-aligned: 50 steps everywhere, d_a 74, d_v 35. */
    MOSEI_ALIGNED("mosei-aligned", 50, 74, 50, 35, 16326, 1871, 4659),
    /** CMU-MOSEI, unaligned: T_a 500 (d_a 74), T_v 500 (d_v 35). */
    MOSEI_UNALIGNED("mosei-unaligned", 500, 74, 500, 35, 16326, 1871, 4659);

    /** The padded number of token positions {@code T_l} of every preset. */
    public static final int TEXT_STEPS = 50;

    // The average share of valid audio and vision steps with the default generator settings (measured: 189 of 500
    // unaligned MOSEI steps over the 16,326 training utterances; about 21 of 50 aligned steps).
    private static final double UNALIGNED_VALID_SHARE = 0.38;
    private static final double ALIGNED_VALID_SHARE = 0.42;

    private final String canonicalName;
    private final int audioSteps;
    private final int audioDim;
    private final int visionSteps;
    private final int visionDim;
    private final int trainSize;
    private final int validSize;
    private final int testSize;

    SyntheticPreset(String canonicalName, int audioSteps, int audioDim, int visionSteps, int visionDim,
                    int trainSize, int validSize, int testSize) {
        this.canonicalName = canonicalName;
        this.audioSteps = audioSteps;
        this.audioDim = audioDim;
        this.visionSteps = visionSteps;
        this.visionDim = visionDim;
        this.trainSize = trainSize;
        this.validSize = validSize;
        this.testSize = testSize;
    }

    /**
     * The lower-case hyphenated name, e.g. {@code mosi-unaligned}.
     * @return The name.
     */
    public String canonicalName() {
        return canonicalName;
    }

    /**
     * The layout of the examples of this preset (token ids only, no token features).
     * @return The layout.
     */
    public DataLayout layout() {
        return new DataLayout(TEXT_STEPS, 0, audioSteps, audioDim, visionSteps, visionDim);
    }

    /**
     * Whether audio and vision are word-aligned with the text (all three have {@link #TEXT_STEPS} steps).
     * @return True for the aligned presets.
     */
    public boolean aligned() {
        return layout().aligned();
    }

    /**
     * The size of a split in the standard partition of the corpus.
     * @param split The split.
     * @return The number of utterances.
     */
    public int defaultSize(DataSplit split) {
        switch (split) {
            case TRAIN: return trainSize;
            case VALID: return validSize;
            case TEST: return testSize;
            default: throw new IllegalStateException("Unknown split " + split);
        }
    }

    /**
     * The approximate heap an example of this preset occupies without token features, with the default generator
     * settings: the valid prefix of its audio and vision frames (on average about 38% of the padded steps for the
     * unaligned presets and 42% for the aligned ones, as the default word counts give), its token ids and its pooled
     * Tribuo features (a value and a reference per feature; the feature names are shared by all examples).
     * @return Bytes per example, an estimate.
     */
    public long bytesPerExample() {
        double validShare = aligned() ? ALIGNED_VALID_SHARE : UNALIGNED_VALID_SHARE;
        long dense = Math.round(4 * validShare * ((long) audioSteps * audioDim + (long) visionSteps * visionDim)) + 4L * TEXT_STEPS;
        long pooledFeatures = 2L * (audioDim + visionDim) + 3 + 25; // mean/std per dimension, presences, ~25 token features
        return dense + pooledFeatures * 12 + 1024;
    }

    /**
     * Parses a preset name: the canonical name ({@code mosi-aligned}), the enum name ({@code MOSI_ALIGNED}) or the
     * same with underscores, case-insensitively.
     * @param name The name.
     * @return The preset.
     * @throws IllegalArgumentException listing the valid names.
     */
    public static SyntheticPreset parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (SyntheticPreset p : values()) {
            if (p.canonicalName.equals(n)) {
                return p;
            }
        }
        throw new IllegalArgumentException("Unknown synthetic preset '" + name + "', expected one of " + names());
    }

    /**
     * The canonical names of all presets, comma separated.
     * @return e.g. {@code mosi-aligned, mosi-unaligned, mosei-aligned, mosei-unaligned}.
     */
    public static String names() {
        StringBuilder sb = new StringBuilder();
        for (SyntheticPreset p : values()) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(p.canonicalName);
        }
        return sb.toString();
    }
}
