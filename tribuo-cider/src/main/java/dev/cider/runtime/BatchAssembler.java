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
import dev.cider.nn.MultimodalBackbone;
import dev.cider.nn.OwnedArrays;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntPredicate;

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
 * <p>
 * Batches have the layout's padded lengths {@code T_l, T_a, T_v}, unless the assembler trims padding
 * ({@link #trimmingPadding()}, for prediction with a backbone that {@link MultimodalBackbone#acceptsTrimmedPadding()
 * accepts it}): each modality is then padded only to the longest valid sequence of the batch (aligned data: all three
 * to the longest of them).
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
    private final boolean trimPadding;

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
        this.trimPadding = false;
    }

    private BatchAssembler(BatchAssembler other, boolean trimPadding) {
        this.layout = other.layout;
        this.text = other.text;
        this.trimPadding = trimPadding;
    }

    /**
     * An assembler like this one whose batches keep only the padding their longest sequences need: text, audio and
     * vision each padded to the longest valid sequence of the batch (for aligned data, all three to the longest of
     * them) instead of the layout's lengths. Only for a backbone that
     * {@link MultimodalBackbone#acceptsTrimmedPadding() accepts such batches}, in prediction.
     * @return The trimming assembler.
     */
    public BatchAssembler trimmingPadding() {
        return trimPadding ? this : new BatchAssembler(this, true);
    }

    /** @return Whether batches are padded only to their longest sequences (see {@link #trimmingPadding()}). */
    public boolean trimsPadding() {
        return trimPadding;
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
        int[] steps = steps(batch, texts);
        int tl = steps[0];
        int ta = steps[1];
        int tv = steps[2];
        // Checks first, and the small arrays (masks, token ids); the frames and token features are then written
        // straight into the arrays' staging buffers (no Java array of the batch's size: a MOSI batch holds 20 MB of
        // token features, and such garbage made the JVM grow its heap by hundreds of megabytes over a training).
        List<TextInput> batchTexts = new ArrayList<>(b);
        List<KeepMask> batchMasks = new ArrayList<>(b);
        float[] textMask = new float[b * tl];
        float[] audioMask = new float[b * ta];
        float[] visionMask = new float[b * tv];
        int[] ids = text.usesTokenIds() ? new int[b * tl] : null;
        for (int i = 0; i < b; i++) {
            MultimodalExample ex = batch.get(i);
            check(ex);
            KeepMask mask = null;
            if (masks != null) {
                mask = masks.get(i);
                mask.checkFits(ex);
            }
            TextInput t = texts == null ? ex.getText() : checkText(texts.get(i), ex);
            if (ids == null && t.tokenFeatures().isEmpty()) {
                throw new IllegalArgumentException("Utterance '" + ex.getId() + "' has a text without token features in token-feature mode");
            }
            batchTexts.add(t);
            batchMasks.add(mask);
            Arrays.fill(textMask, i * tl, i * tl + t.length(), 1f);
            Arrays.fill(audioMask, i * ta, i * ta + ex.getAudio().length(), 1f);
            Arrays.fill(visionMask, i * tv, i * tv + ex.getVision().length(), 1f);
            if (ids != null) {
                SpecialTokens special = ex.getSpecialTokens();
                for (int p = 0; p < tl; p++) {
                    ids[i * tl + p] = droppedToken(mask, t, p, special) ? special.unk() : t.tokenId(p);
                }
            }
        }
        NDList out = new NDList(6);
        if (ids != null) {
            out.add(OwnedArrays.create(manager, ids, new Shape(b, tl)));
        } else {
            int dl = layout.textFeatureDim();
            out.add(OwnedArrays.create(manager, new Shape(b, tl, dl), buffer -> {
                for (int i = 0; i < b; i++) {
                    TextInput t = batchTexts.get(i);
                    KeepMask mask = batchMasks.get(i);
                    SpecialTokens special = batch.get(i).getSpecialTokens();
                    copyDroppingSteps(t.tokenFeatures().orElseThrow(), buffer, i * tl * dl, tl,
                            p -> droppedToken(mask, t, p, special));
                }
            }));
        }
        out.add(OwnedArrays.create(manager, textMask, new Shape(b, tl)));
        out.add(frames(manager, batch, batchMasks, Modality.AUDIO, ta, layout.audioDim()));
        out.add(OwnedArrays.create(manager, audioMask, new Shape(b, ta)));
        out.add(frames(manager, batch, batchMasks, Modality.VISION, tv, layout.visionDim()));
        out.add(OwnedArrays.create(manager, visionMask, new Shape(b, tv)));
        return out;
    }

    // The audio or vision frames (B, steps, dim) of a batch, dropped frames zero (as FeatureSequence.withDroppedSteps).
    private static NDArray frames(NDManager manager, List<MultimodalExample> batch, List<KeepMask> masks, Modality m,
                                  int steps, int dim) {
        return OwnedArrays.create(manager, new Shape(batch.size(), steps, dim), buffer -> {
            for (int i = 0; i < batch.size(); i++) {
                MultimodalExample ex = batch.get(i);
                KeepMask keep = masks.get(i);
                copyDroppingSteps(m == Modality.AUDIO ? ex.getAudio() : ex.getVision(), buffer, i * steps * dim, steps,
                        t -> keep != null && !keep.isKept(m, t));
            }
        });
    }

    // The first `steps` steps of a sequence into the buffer at an index, the valid steps that `dropped` names zero.
    private static void copyDroppingSteps(FeatureSequence seq, FloatBuffer buffer, int offset, int steps, IntPredicate dropped) {
        seq.copyStepsTo(buffer, offset, steps);
        int dim = seq.dim();
        for (int t = 0; t < seq.length(); t++) {
            if (dropped.test(t)) {
                for (int i = offset + t * dim; i < offset + (t + 1) * dim; i++) {
                    buffer.put(i, 0f);
                }
            }
        }
    }

    // The padded steps of text, audio and vision in a batch: the layout's, or with trimming the longest valid
    // sequence of each modality (aligned: of all three). Texts are the replacement texts, or null.
    private int[] steps(List<MultimodalExample> batch, List<TextInput> texts) {
        if (!trimPadding) {
            return new int[]{layout.textSteps(), layout.audioSteps(), layout.visionSteps()};
        }
        int text = 1;
        int audio = 1;
        int vision = 1;
        for (int i = 0; i < batch.size(); i++) {
            MultimodalExample ex = batch.get(i);
            text = Math.max(text, (texts == null ? ex.getText() : texts.get(i)).length());
            audio = Math.max(audio, ex.getAudio().length());
            vision = Math.max(vision, ex.getVision().length());
        }
        if (layout.aligned()) {
            int common = Math.max(text, Math.max(audio, vision));
            return new int[]{common, common, common};
        }
        return new int[]{Math.min(text, layout.textSteps()), Math.min(audio, layout.audioSteps()), Math.min(vision, layout.visionSteps())};
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

    /**
     * The class indices of a batch as an int32 tensor {@code (B)}.
     * @param manager The manager.
     * @param classIndices The indices.
     * @return The tensor.
     */
    public static NDArray labels(NDManager manager, int[] classIndices) {
        return OwnedArrays.create(manager, classIndices, new Shape(classIndices.length));
    }
}
