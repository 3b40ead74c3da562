package dev.cider.runtime;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.cider.data.DataLayout;
import dev.cider.data.FeatureSequence;
import dev.cider.data.MultimodalExample;

import java.util.List;

/**
 * Turns a list of examples into the network's input tensors, on the device of the given manager. One assembler
 * serves training and prediction.
 * <p>
 * Output {@link NDList}, in order:
 * <ol>
 *     <li>text: token ids {@code (B, T_l)} int32 for {@link TextRepresentation#TOKEN_IDS} and
 *     {@link TextRepresentation#FINE_TUNED_BERT}, or token features
 *     {@code (B, T_l, d_l)} float32 for {@link TextRepresentation#TOKEN_FEATURES};</li>
 *     <li>text mask {@code (B, T_l)} float32, 1 on valid tokens (including [CLS] and [SEP]);</li>
 *     <li>audio {@code (B, T_a, d_a)} and audio mask {@code (B, T_a)};</li>
 *     <li>vision {@code (B, T_v, d_v)} and vision mask {@code (B, T_v)}.</li>
 * </ol>
 */
public final class BatchAssembler {

    /** Index of the text tensor in an assembled batch. */
    public static final int TEXT = 0;
    /** Index of the text mask. */
    public static final int TEXT_MASK = 1;
    /** Index of the audio frames. */
    public static final int AUDIO = 2;
    /** Index of the audio mask. */
    public static final int AUDIO_MASK = 3;
    /** Index of the vision frames. */
    public static final int VISION = 4;
    /** Index of the vision mask. */
    public static final int VISION_MASK = 5;

    private final DataLayout layout;
    private final TextRepresentation text;

    /**
     * Creates an assembler.
     * @param layout The layout every example must have.
     * @param text How the text is fed to the network.
     * @throws IllegalArgumentException if token features are requested but the layout has none.
     */
    public BatchAssembler(DataLayout layout, TextRepresentation text) {
        if (text == TextRepresentation.TOKEN_FEATURES && layout.textFeatureDim() == 0) {
            throw new IllegalArgumentException("Token features were requested but the examples carry token ids only ("
                    + layout.describe() + "): attach features with a text encoder or use TOKEN_IDS");
        }
        this.layout = layout;
        this.text = text;
    }

    /** @return The layout. */
    public DataLayout layout() {
        return layout;
    }

    /** @return The text representation. */
    public TextRepresentation textRepresentation() {
        return text;
    }

    /**
     * Assembles a batch.
     * @param manager The manager (and so the device) that owns the tensors.
     * @param batch The examples, each with this assembler's layout.
     * @return The input tensors, see the class documentation.
     * @throws IllegalArgumentException naming the utterance whose layout differs.
     */
    public NDList assemble(NDManager manager, List<MultimodalExample> batch) {
        int b = batch.size();
        if (b == 0) {
            throw new IllegalArgumentException("Cannot assemble an empty batch");
        }
        int tl = layout.textSteps();
        float[] textMask = new float[b * tl];
        float[] audio = new float[b * layout.audioSteps() * layout.audioDim()];
        float[] audioMask = new float[b * layout.audioSteps()];
        float[] vision = new float[b * layout.visionSteps() * layout.visionDim()];
        float[] visionMask = new float[b * layout.visionSteps()];
        int[] ids = text.usesTokenIds() ? new int[b * tl] : null;
        float[] features = text == TextRepresentation.TOKEN_FEATURES ? new float[b * tl * layout.textFeatureDim()] : null;
        for (int i = 0; i < b; i++) {
            MultimodalExample ex = batch.get(i);
            check(ex);
            for (int t = 0; t < ex.getText().length(); t++) {
                textMask[i * tl + t] = 1f;
            }
            if (ids != null) {
                for (int t = 0; t < tl; t++) {
                    ids[i * tl + t] = ex.getText().tokenId(t);
                }
            } else {
                FeatureSequence f = ex.getText().tokenFeatures().orElseThrow();
                f.copyTo(features, i * tl * layout.textFeatureDim());
            }
            copySequence(ex.getAudio(), audio, audioMask, i);
            copySequence(ex.getVision(), vision, visionMask, i);
        }
        NDList out = new NDList(6);
        if (ids != null) {
            out.add(manager.create(ids, new Shape(b, tl)));
        } else {
            out.add(manager.create(features, new Shape(b, tl, layout.textFeatureDim())));
        }
        out.add(manager.create(textMask, new Shape(b, tl)));
        out.add(manager.create(audio, new Shape(b, layout.audioSteps(), layout.audioDim())));
        out.add(manager.create(audioMask, new Shape(b, layout.audioSteps())));
        out.add(manager.create(vision, new Shape(b, layout.visionSteps(), layout.visionDim())));
        out.add(manager.create(visionMask, new Shape(b, layout.visionSteps())));
        return out;
    }

    /** The layout check; with token ids the text's feature size (features attached or not) plays no part. */
    private void check(MultimodalExample ex) {
        if (!text.usesTokenIds()) {
            layout.check(ex);
            return;
        }
        DataLayout l = DataLayout.of(ex);
        if (new DataLayout(l.textSteps(), 0, l.audioSteps(), l.audioDim(), l.visionSteps(), l.visionDim())
                .equals(new DataLayout(layout.textSteps(), 0, layout.audioSteps(), layout.audioDim(), layout.visionSteps(), layout.visionDim()))) {
            return;
        }
        layout.check(ex);
    }

    private static void copySequence(FeatureSequence seq, float[] values, float[] mask, int i) {
        seq.copyTo(values, i * seq.steps() * seq.dim());
        for (int t = 0; t < seq.length(); t++) {
            mask[i * seq.steps() + t] = 1f;
        }
    }

    /**
     * The class indices of a batch as an int32 tensor {@code (B)}.
     * @param manager The manager.
     * @param classIndices The indices.
     * @return The tensor.
     */
    public static NDArray labels(NDManager manager, int[] classIndices) {
        return manager.create(classIndices, new Shape(classIndices.length));
    }
}
