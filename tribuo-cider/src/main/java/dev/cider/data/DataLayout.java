package dev.cider.data;

import java.util.Optional;

/**
 * The shapes every example of a corpus shares: padded lengths and feature dimensions per modality.
 *
 * @param textSteps        {@code T_l}, the padded number of token positions.
 * @param textFeatureDim   {@code d_l} of precomputed token features, or 0 when examples carry token ids only.
 * @param audioSteps       {@code T_a}.
 * @param audioDim         {@code d_a}.
 * @param visionSteps      {@code T_v}.
 * @param visionDim        {@code d_v}.
 */
public record DataLayout(int textSteps, int textFeatureDim, int audioSteps, int audioDim, int visionSteps, int visionDim) {

    /**
     * Validates the dimensions.
     */
    public DataLayout {
        if (textSteps <= 0 || audioSteps <= 0 || visionSteps <= 0 || audioDim <= 0 || visionDim <= 0 || textFeatureDim < 0) {
            throw new IllegalArgumentException("Invalid data layout: T_l=" + textSteps + ", d_l=" + textFeatureDim + ", T_a=" + audioSteps
                    + ", d_a=" + audioDim + ", T_v=" + visionSteps + ", d_v=" + visionDim);
        }
    }

    /**
     * The layout of one example.
     * @param ex The example.
     * @return Its layout.
     */
    public static DataLayout of(MultimodalExample ex) {
        Optional<FeatureSequence> tf = ex.getText().tokenFeatures();
        return new DataLayout(ex.getText().steps(), tf.map(FeatureSequence::dim).orElse(0),
                ex.getAudio().steps(), ex.getAudio().dim(), ex.getVision().steps(), ex.getVision().dim());
    }

    /**
     * Whether the sequences are word-aligned: all three modalities have the same number of steps.
     * TMFM and STMFM need aligned data; WSAM is bypassed for it.
     * @return True if aligned.
     */
    public boolean aligned() {
        return textSteps == audioSteps && textSteps == visionSteps;
    }

    /**
     * Throws if an example does not have this layout.
     * @param ex The example.
     * @throws IllegalArgumentException naming the utterance and the mismatching dimension.
     */
    public void check(MultimodalExample ex) {
        DataLayout other = of(ex);
        if (!equals(other)) {
            throw new IllegalArgumentException("Utterance '" + ex.getId() + "' has layout " + other.describe() + " but the data set has " + describe());
        }
    }

    /**
     * A short human-readable description.
     * @return e.g. {@code text 50 (ids), audio 375x5, vision 500x20, unaligned}.
     */
    public String describe() {
        return "text " + textSteps + (textFeatureDim > 0 ? "x" + textFeatureDim : " (ids)") + ", audio " + audioSteps + "x" + audioDim
                + ", vision " + visionSteps + "x" + visionDim + (aligned() ? ", aligned" : ", unaligned");
    }
}
