package dev.cider.runtime;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.cider.data.DataLayout;
import dev.cider.data.FeatureSequence;
import dev.cider.data.Modality;
import dev.cider.data.MultimodalExample;
import dev.cider.data.SpecialTokens;
import dev.cider.data.TextInput;
import dev.cider.missing.KeepMask;

import java.util.Arrays;
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
 * Besides whole examples it assembles two derived batches without building derived examples (which would recompute
 * their pooled Tribuo features, a cost the network never needs): a batch corrupted by keep masks
 * ({@link #assemble(NDManager, List, List)}, the same tensors as assembling {@link KeepMask#apply} of each example)
 * and a batch whose texts are replaced ({@link #assembleWithTexts}, e.g. counterfactual texts).
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
        return assemble(manager, batch, null, null);
    }

    /**
     * Assembles the corrupted copy of a batch directly: the tensors equal {@code assemble(manager, corrupted)} with
     * {@code corrupted.get(i) = masks.get(i).apply(batch.get(i))} (dropped frames and token features zero, dropped
     * token ids [UNK]), without building the corrupted examples.
     * @param manager The manager (and so the device) that owns the tensors.
     * @param batch The complete examples, each with this assembler's layout.
     * @param masks One keep mask per example, built for it.
     * @return The input tensors of the corrupted batch.
     * @throws IllegalArgumentException naming the utterance whose layout or mask does not fit.
     */
    public NDList assemble(NDManager manager, List<MultimodalExample> batch, List<KeepMask> masks) {
        if (masks.size() != batch.size()) {
            throw new IllegalArgumentException("Expected one keep mask per example, found " + masks.size() + " masks for "
                    + batch.size() + " examples");
        }
        return assemble(manager, batch, masks, null);
    }

    /**
     * Assembles a batch whose texts are replaced (for instance by counterfactual texts), with each example's audio and
     * vision: the tensors equal {@code assemble(manager, examples with withText(texts.get(i)))}, without building
     * those examples.
     * @param manager The manager (and so the device) that owns the tensors.
     * @param batch The examples, each with this assembler's layout.
     * @param texts One text per example, with the layout's text steps (and token features in token-feature mode).
     * @return The input tensors.
     * @throws IllegalArgumentException naming the utterance whose layout or text does not fit.
     */
    public NDList assembleWithTexts(NDManager manager, List<MultimodalExample> batch, List<TextInput> texts) {
        if (texts.size() != batch.size()) {
            throw new IllegalArgumentException("Expected one text per example, found " + texts.size() + " texts for "
                    + batch.size() + " examples");
        }
        return assemble(manager, batch, null, texts);
    }

    private NDList assemble(NDManager manager, List<MultimodalExample> batch, List<KeepMask> masks, List<TextInput> texts) {
        int b = batch.size();
        if (b == 0) {
            throw new IllegalArgumentException("Cannot assemble an empty batch");
        }
        int tl = layout.textSteps();
        int dl = layout.textFeatureDim();
        float[] textMask = new float[b * tl];
        float[] audio = new float[b * layout.audioSteps() * layout.audioDim()];
        float[] audioMask = new float[b * layout.audioSteps()];
        float[] vision = new float[b * layout.visionSteps() * layout.visionDim()];
        float[] visionMask = new float[b * layout.visionSteps()];
        int[] ids = text.usesTokenIds() ? new int[b * tl] : null;
        float[] features = text == TextRepresentation.TOKEN_FEATURES ? new float[b * tl * dl] : null;
        for (int i = 0; i < b; i++) {
            MultimodalExample ex = batch.get(i);
            check(ex);
            KeepMask mask = null;
            if (masks != null) {
                mask = masks.get(i);
                mask.checkFits(ex);
            }
            TextInput t = texts == null ? ex.getText() : checkText(texts.get(i), ex);
            SpecialTokens special = ex.getSpecialTokens();
            for (int p = 0; p < t.length(); p++) {
                textMask[i * tl + p] = 1f;
            }
            if (ids != null) {
                for (int p = 0; p < tl; p++) {
                    ids[i * tl + p] = droppedToken(mask, t, p, special) ? special.unk() : t.tokenId(p);
                }
            } else {
                FeatureSequence f = t.tokenFeatures().orElseThrow(() -> new IllegalArgumentException("Utterance '"
                        + ex.getId() + "' has a text without token features in token-feature mode"));
                f.copyTo(features, i * tl * dl);
                if (mask != null && mask.droppedCount(Modality.TEXT) > 0) {
                    for (int p = 0; p < t.length(); p++) {
                        if (droppedToken(mask, t, p, special)) {
                            Arrays.fill(features, (i * tl + p) * dl, (i * tl + p + 1) * dl, 0f);
                        }
                    }
                }
            }
            copySequence(ex.getAudio(), audio, audioMask, i, mask, Modality.AUDIO);
            copySequence(ex.getVision(), vision, visionMask, i, mask, Modality.VISION);
        }
        NDList out = new NDList(6);
        if (ids != null) {
            out.add(manager.create(ids, new Shape(b, tl)));
        } else {
            out.add(manager.create(features, new Shape(b, tl, dl)));
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

    // As TextInput.withDroppedTokens: only a droppable valid token can become missing.
    private static boolean droppedToken(KeepMask mask, TextInput t, int p, SpecialTokens special) {
        return mask != null && !mask.isKept(Modality.TEXT, p) && t.isDroppable(p, special);
    }

    private TextInput checkText(TextInput t, MultimodalExample ex) {
        int dl = t.tokenFeatures().map(FeatureSequence::dim).orElse(0);
        if (t.steps() != layout.textSteps() || (text == TextRepresentation.TOKEN_FEATURES && dl != layout.textFeatureDim())) {
            throw new IllegalArgumentException("The replacement text of utterance '" + ex.getId() + "' has " + t.steps()
                    + " steps and token features of " + dl + " but the layout is " + layout.describe());
        }
        return t;
    }

    // As FeatureSequence.withDroppedSteps: the dropped valid steps become zero frames.
    private static void copySequence(FeatureSequence seq, float[] values, float[] mask, int i, KeepMask keep, Modality m) {
        int offset = i * seq.steps() * seq.dim();
        seq.copyTo(values, offset);
        if (keep != null && keep.droppedCount(m) > 0) {
            for (int t = 0; t < seq.length(); t++) {
                if (!keep.isKept(m, t)) {
                    Arrays.fill(values, offset + t * seq.dim(), offset + (t + 1) * seq.dim(), 0f);
                }
            }
        }
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
