package dev.cider.data;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.cider.data.protos.MultimodalExampleProto;
import org.tribuo.Output;
import org.tribuo.classification.Label;
import org.tribuo.impl.ArrayExample;
import org.tribuo.protos.ProtoUtil;
import org.tribuo.protos.core.ExampleProto;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One utterance with its three modalities, stored densely, usable by any Tribuo classifier.
 * <p>
 * The dense part (token ids and optional token features, audio {@code T_a x d_a}, vision {@code T_v x d_v},
 * each with its valid length) is what CIDer consumes. The Tribuo features of this example are a pooled
 * summary computed from the dense part, so any Tribuo trainer can use the same dataset as a baseline, and
 * a corrupted copy (see {@link #withKeepMasks}) has pooled features that reflect the corruption:
 * <ul>
 *     <li>{@code audio.mean.i}, {@code audio.std.i} (and likewise {@code vision.*}): mean and population
 *     standard deviation over the valid steps of each dimension;</li>
 *     <li>{@code text.mean.i}, {@code text.std.i} over the valid non-special tokens when token features are
 *     present, otherwise {@code text.tok.ID}: the relative frequency of each non-special token id;</li>
 *     <li>{@code audio.present}, {@code vision.present}, {@code text.present}: the fraction of valid steps
 *     that are not missing (non-zero frames; tokens that are not [UNK]).</li>
 * </ul>
 * <p>
 * Its protobuf form ({@link #serialize()}, read back by Tribuo's {@code Example.deserialize}) holds the sequences,
 * lengths, text, label, weight and metadata; the pooled features are computed again when it is read, so a Tribuo
 * {@code Dataset} of multimodal examples round-trips through protobuf as multimodal examples.
 */
public final class MultimodalExample extends ArrayExample<Label> {
    private static final long serialVersionUID = 1L;

    /** The protobuf serialisation version. */
    public static final int CURRENT_VERSION = 0;

    /** Feature name of the text presence. */
    public static final String TEXT_PRESENT = "text.present";
    /** Feature name of the audio presence. */
    public static final String AUDIO_PRESENT = "audio.present";
    /** Feature name of the vision presence. */
    public static final String VISION_PRESENT = "vision.present";

    private final String id;
    private final String rawText;
    private final double score;
    private final TextInput text;
    private final TextInput completeText;
    private final FeatureSequence audio;
    private final FeatureSequence vision;
    private final SpecialTokens specialTokens;

    /**
     * Creates an example and computes its pooled Tribuo features.
     * @param label The label (derived from the score by a {@link SentimentTask}).
     * @param id The utterance id.
     * @param rawText The transcript.
     * @param score The sentiment score in [-3, 3].
     * @param text The token ids (and optional token features).
     * @param audio The audio frames.
     * @param vision The vision frames.
     * @param specialTokens The special token ids of the vocabulary.
     * @throws IllegalArgumentException naming the utterance if the score is out of range.
     */
    public MultimodalExample(Label label, String id, String rawText, double score, TextInput text,
                             FeatureSequence audio, FeatureSequence vision, SpecialTokens specialTokens) {
        this(label, id, rawText, score, text, null, audio, vision, specialTokens);
    }

    /* completeText: the text this one was derived from by missing-data masks, or null when it is complete. */
    private MultimodalExample(Label label, String id, String rawText, double score, TextInput text, TextInput completeText,
                              FeatureSequence audio, FeatureSequence vision, SpecialTokens specialTokens) {
        super(label);
        this.id = Objects.requireNonNull(id, "id");
        this.rawText = Objects.requireNonNull(rawText, "rawText");
        this.text = Objects.requireNonNull(text, "text");
        this.completeText = completeText == null ? text : completeText;
        this.audio = Objects.requireNonNull(audio, "audio");
        this.vision = Objects.requireNonNull(vision, "vision");
        this.specialTokens = Objects.requireNonNull(specialTokens, "specialTokens");
        try {
            SentimentTask.checkScore(score);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Utterance '" + id + "': " + e.getMessage(), e);
        }
        this.score = score;
        addPooledFeatures();
    }

    private MultimodalExample(MultimodalExample other) {
        super(other);
        this.id = other.id;
        this.rawText = other.rawText;
        this.score = other.score;
        this.text = other.text;
        this.completeText = other.completeText;
        this.audio = other.audio;
        this.vision = other.vision;
        this.specialTokens = other.specialTokens;
    }

    private void addPooledFeatures() {
        TreeMap<String, Double> features = new TreeMap<>();
        addSequenceSummary(features, Modality.AUDIO.displayName(), audio);
        addSequenceSummary(features, Modality.VISION.displayName(), vision);
        int droppable = 0;
        int present = 0;
        for (int t = 0; t < text.length(); t++) {
            if (text.isDroppable(t, specialTokens)) {
                droppable++;
                if (text.tokenId(t) != specialTokens.unk()) {
                    present++;
                }
            }
        }
        features.put(TEXT_PRESENT, droppable == 0 ? 0.0 : present / (double) droppable);
        Optional<FeatureSequence> tf = text.tokenFeatures();
        if (tf.isPresent()) {
            FeatureSequence f = tf.get();
            double[] mean = new double[f.dim()];
            double[] sq = new double[f.dim()];
            for (int t = 0; t < text.length(); t++) {
                if (text.isDroppable(t, specialTokens)) {
                    for (int d = 0; d < f.dim(); d++) {
                        double v = f.get(t, d);
                        mean[d] += v;
                        sq[d] += v * v;
                    }
                }
            }
            for (int d = 0; d < f.dim(); d++) {
                double m = droppable == 0 ? 0 : mean[d] / droppable;
                double var = droppable == 0 ? 0 : Math.max(0, sq[d] / droppable - m * m);
                features.put(PooledFeatureNames.indexed("text.mean.", d), m);
                features.put(PooledFeatureNames.indexed("text.std.", d), Math.sqrt(var));
            }
        } else if (droppable > 0) {
            for (int t = 0; t < text.length(); t++) {
                int tok = text.tokenId(t);
                if (text.isDroppable(t, specialTokens) && !specialTokens.isSpecial(tok)) {
                    features.merge(PooledFeatureNames.token(tok), 1.0 / droppable, Double::sum);
                }
            }
        }
        String[] names = features.keySet().toArray(new String[0]);
        double[] values = new double[names.length];
        int i = 0;
        for (double v : features.values()) {
            values[i++] = v;
        }
        this.featureNames = names;
        this.featureValues = values;
        this.size = names.length;
    }

    private static void addSequenceSummary(TreeMap<String, Double> features, String prefix, FeatureSequence seq) {
        double[] mean = seq.validMean();
        double[] std = seq.validStd(mean);
        String meanPrefix = prefix + ".mean.";
        String stdPrefix = prefix + ".std.";
        for (int d = 0; d < seq.dim(); d++) {
            features.put(PooledFeatureNames.indexed(meanPrefix, d), mean[d]);
            features.put(PooledFeatureNames.indexed(stdPrefix, d), std[d]);
        }
        int present = 0;
        for (int t = 0; t < seq.length(); t++) {
            if (!seq.isZeroFrame(t)) {
                present++;
            }
        }
        features.put(prefix.equals(Modality.AUDIO.displayName()) ? AUDIO_PRESENT : prefix.equals(Modality.VISION.displayName())
                ? VISION_PRESENT : prefix + ".present", seq.length() == 0 ? 0.0 : present / (double) seq.length());
    }

    /** @return The utterance id. */
    public String getId() {
        return id;
    }

    /** @return The transcript. */
    public String getRawText() {
        return rawText;
    }

    /** @return The sentiment score in [-3, 3]. */
    public double getScore() {
        return score;
    }

    /** @return The text input (token ids, length, optional token features). */
    public TextInput getText() {
        return text;
    }

    /**
     * The text before any missing-data mask ({@link #withKeepMasks}) was applied: the text itself for a complete
     * example, the complete text it was derived from for an incomplete one (a reference, not a copy). The counterfactual
     * pass of token-feature mode encodes the counterfactual of this text, once per utterance.
     * @return The complete text.
     */
    public TextInput getCompleteText() {
        return completeText;
    }

    /** @return The audio frames. */
    public FeatureSequence getAudio() {
        return audio;
    }

    /** @return The vision frames. */
    public FeatureSequence getVision() {
        return vision;
    }

    /** @return The special token ids of this example's vocabulary. */
    public SpecialTokens getSpecialTokens() {
        return specialTokens;
    }

    /**
     * The valid length of a modality.
     * @param m The modality.
     * @return Its valid length.
     */
    public int length(Modality m) {
        switch (m) {
            case TEXT: return text.length();
            case AUDIO: return audio.length();
            case VISION: return vision.length();
            default: throw new IllegalStateException("Unknown modality " + m);
        }
    }

    /**
     * The padded number of steps of a modality.
     * @param m The modality.
     * @return Its number of steps.
     */
    public int steps(Modality m) {
        switch (m) {
            case TEXT: return text.steps();
            case AUDIO: return audio.steps();
            case VISION: return vision.steps();
            default: throw new IllegalStateException("Unknown modality " + m);
        }
    }

    /**
     * A corrupted copy: each modality's valid positions whose keep flag is false become missing (zero
     * frames; [UNK] tokens with zero token features). [CLS], [SEP] and padding are never changed. The pooled
     * Tribuo features are recomputed from the corrupted sequences.
     * @param textKeep Keep flags for the text positions.
     * @param audioKeep Keep flags for the audio steps.
     * @param visionKeep Keep flags for the vision steps.
     * @return The corrupted copy, with the same label, id, score and metadata.
     */
    public MultimodalExample withKeepMasks(boolean[] textKeep, boolean[] audioKeep, boolean[] visionKeep) {
        MultimodalExample out = new MultimodalExample(getOutput(), id, rawText, score,
                text.withDroppedTokens(textKeep, specialTokens), completeText, audio.withDroppedSteps(audioKeep),
                vision.withDroppedSteps(visionKeep), specialTokens);
        out.setWeight(getWeight());
        copyMetadataTo(out);
        return out;
    }

    /**
     * A copy with a different text input (for instance with token features attached, or a counterfactual
     * text). Pooled features are recomputed. The copy of a complete example is complete; the copy of an incomplete
     * one keeps the {@link #getCompleteText() complete text} it was derived from.
     * @param newText The text input, with the same number of steps.
     * @return The copy.
     */
    public MultimodalExample withText(TextInput newText) {
        MultimodalExample out = new MultimodalExample(getOutput(), id, rawText, score, newText,
                completeText == text ? null : completeText, audio, vision, specialTokens);
        out.setWeight(getWeight());
        copyMetadataTo(out);
        return out;
    }

    /**
     * A copy with another label (for re-labelling under another task). Pooled features are unchanged.
     * @param label The new label.
     * @return The copy.
     */
    public MultimodalExample withLabel(Label label) {
        MultimodalExample out = new MultimodalExample(label, id, rawText, score, text, completeText == text ? null : completeText,
                audio, vision, specialTokens);
        out.setWeight(getWeight());
        copyMetadataTo(out);
        return out;
    }

    private void copyMetadataTo(MultimodalExample out) {
        for (var e : getMetadata().entrySet()) {
            out.setMetadataValue(e.getKey(), e.getValue());
        }
    }

    /**
     * The names of the pooled Tribuo features of this example, in order.
     * @return The names.
     */
    public List<String> pooledFeatureNames() {
        List<String> names = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            names.add(featureNames[i]);
        }
        return names;
    }

    @Override
    public MultimodalExample copy() {
        return new MultimodalExample(this);
    }

    @Override
    public ExampleProto serialize() {
        MultimodalExampleProto.Builder b = MultimodalExampleProto.newBuilder().setOutput(getOutput().serialize())
                .setWeight(getWeight()).setId(id).setRawText(rawText).setScore(score).setText(DataProtos.toProto(text))
                .setAudio(DataProtos.toProto(audio)).setVision(DataProtos.toProto(vision))
                .setSpecialTokens(DataProtos.toProto(specialTokens));
        if (completeText != text) {
            b.setCompleteText(DataProtos.toProto(completeText));
        }
        for (var e : getMetadata().entrySet()) {
            b.putMetadata(e.getKey(), String.valueOf(e.getValue()));
        }
        return ExampleProto.newBuilder().setVersion(CURRENT_VERSION).setClassName(MultimodalExample.class.getName())
                .setSerializedData(Any.pack(b.build())).build();
    }

    /**
     * Reads an example written by {@link #serialize()}; called by Tribuo's {@code Example.deserialize}.
     * @param version The serialised version.
     * @param className The class name.
     * @param message The serialised data.
     * @return The example, its pooled features computed from its sequences.
     * @throws InvalidProtocolBufferException if the message is not a multimodal example.
     * @throws IllegalArgumentException if the version is unknown, the output is not a label or a sequence is malformed.
     */
    public static MultimodalExample deserializeFromProto(int version, String className, Any message) throws InvalidProtocolBufferException {
        if (version < 0 || version > CURRENT_VERSION) {
            throw new IllegalArgumentException("Unknown MultimodalExample version " + version + ", this library reads versions up to "
                    + CURRENT_VERSION);
        }
        MultimodalExampleProto proto = message.unpack(MultimodalExampleProto.class);
        Output<?> output = ProtoUtil.deserialize(proto.getOutput());
        if (!(output instanceof Label)) {
            throw new IllegalArgumentException("Utterance '" + proto.getId() + "': its output is a " + output.getClass().getName()
                    + ", not a Label");
        }
        TextInput text = DataProtos.fromProto(proto.getText());
        MultimodalExample example = new MultimodalExample((Label) output, proto.getId(), proto.getRawText(), proto.getScore(), text,
                proto.hasCompleteText() ? DataProtos.fromProto(proto.getCompleteText()) : null, DataProtos.fromProto(proto.getAudio()),
                DataProtos.fromProto(proto.getVision()), DataProtos.fromProto(proto.getSpecialTokens()));
        example.setWeight(proto.getWeight());
        proto.getMetadataMap().forEach(example::setMetadataValue);
        return example;
    }

    @Override
    public String toString() {
        return "MultimodalExample(id=" + id + ", label=" + getOutput() + ", score=" + score + ", text=" + text.length() + "/"
                + text.steps() + ", audio=" + audio + ", vision=" + vision + ")";
    }
}
