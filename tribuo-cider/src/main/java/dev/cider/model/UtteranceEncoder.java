package dev.cider.model;

import dev.cider.data.BertTokenizer;
import dev.cider.data.DataLayout;
import dev.cider.data.FeatureSequence;
import dev.cider.data.Modality;
import dev.cider.data.MultimodalExample;
import dev.cider.data.SpecialTokens;
import dev.cider.data.TextInput;
import dev.cider.runtime.TextRepresentation;
import dev.cider.text.TextEncoder;
import dev.cider.text.TextEncoderSpec;
import org.tribuo.classification.LabelFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Turns new utterances (a transcript and optional audio and vision frames) into the {@link MultimodalExample}s a
 * {@link CiderModel} predicts, encoding the text as the model was trained:
 * <ul>
 *     <li>token ids through a WordPiece tokenizer (the bundled bert-base-uncased one unless a {@code tokenizer.json} is
 *     given), whose special tokens must be the model's, [CLS] and [SEP] added and the text cut to the model's text
 *     length {@code T_l} (with a note);</li>
 *     <li>for a token-feature model, token features from the text encoder the model records
 *     ({@link CiderModel#getTextEncoderSpec()}, else the one in its training data's provenance,
 *     {@link TextEncoderSpec#fromProvenance}), rebuilt here; a model whose encoder cannot be rebuilt is refused.</li>
 * </ul>
 * A modality the utterance does not supply is missing, represented as CIDer's missing patterns represent a dropped
 * modality: on word-aligned layouts zero frames over the text's valid length (the positions all three modalities share,
 * which is what RMM and SMM leave of a dropped modality); on unaligned layouts zero frames with valid length 0, as a
 * text-only corpus has (the network then attends to no audio or vision frame). Supplied frames must have the model's
 * feature dimension and finite values; on an unaligned layout more frames than the model's {@code T_a} (or
 * {@code T_v}) are cut to the first ones, with a note, as the training corpora were; on an aligned layout the number
 * of frames must equal the number of text tokens ([CLS] and [SEP] included), since frame {@code t} belongs to token
 * {@code t}.
 * <p>
 * The examples carry the unknown label and score 0 (no truth). Thread-safe: the tokenizer and the text encoders are.
 */
public final class UtteranceEncoder implements AutoCloseable {

    private final String modelName;
    private final DataLayout layout;
    private final SpecialTokens specialTokens;
    private final BertTokenizer tokenizer;
    private final TextEncoder textEncoder;

    private UtteranceEncoder(String modelName, DataLayout layout, SpecialTokens specialTokens, BertTokenizer tokenizer, TextEncoder textEncoder) {
        this.modelName = modelName;
        this.layout = layout;
        this.specialTokens = specialTokens;
        this.tokenizer = tokenizer;
        this.textEncoder = textEncoder;
    }

    /**
     * Creates the encoder of a model.
     * @param model The model.
     * @param tokenizerJson A HuggingFace {@code tokenizer.json} of the model's vocabulary, or null for the bundled
     *                      bert-base-uncased one.
     * @return The encoder; close it when done.
     * @throws IllegalArgumentException if the tokenizer's special tokens are not the model's, or the model consumes
     * token features of an encoder it does not record or that cannot be rebuilt here (the message says why).
     */
    public static UtteranceEncoder forModel(CiderModel model, Path tokenizerJson) {
        DataLayout layout = model.getLayout();
        BertTokenizer tokenizer = BertTokenizer.load(tokenizerJson);
        TextEncoder encoder = null;
        try {
            if (!tokenizer.specialTokens().equals(model.getSpecialTokens())) {
                throw new IllegalArgumentException("Model '" + model.getName() + "' was trained on a vocabulary with special tokens "
                        + model.getSpecialTokens() + " but the tokenizer " + tokenizer.origin() + " has " + tokenizer.specialTokens()
                        + ": give the tokenizer.json of the model's vocabulary");
            }
            if (model.getNetworkSpec().text() == TextRepresentation.TOKEN_FEATURES) {
                encoder = textEncoder(model);
            }
            return new UtteranceEncoder(model.getName(), layout, model.getSpecialTokens(), tokenizer, encoder);
        } catch (RuntimeException e) {
            tokenizer.close();
            throw e;
        }
    }

    private static TextEncoder textEncoder(CiderModel model) {
        int dim = model.getLayout().textFeatureDim();
        Optional<TextEncoderSpec> spec = model.getTextEncoderSpec().or(() -> TextEncoderSpec.fromProvenance(model.getProvenance(), dim));
        if (spec.isEmpty()) {
            throw new IllegalArgumentException("Model '" + model.getName() + "' consumes " + dim + "-d token features but records no text"
                    + " encoder that computed them (neither its trainer's textEncoder nor one in its training data's provenance),"
                    + " so new texts cannot be encoded for it");
        }
        TextEncoder encoder;
        try {
            encoder = spec.get().build();
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException("Model '" + model.getName() + "' needs its text encoder " + spec.get().className()
                    + " " + spec.get().properties() + ", which is not available here: " + e.getMessage(), e);
        }
        if (encoder.dim() != dim) {
            int found = encoder.dim();
            encoder.close();
            throw new IllegalArgumentException("Model '" + model.getName() + "' consumes " + dim + "-d token features but its rebuilt"
                    + " text encoder gives " + found + "-d ones");
        }
        return encoder;
    }

    /** @return The text encoder of a token-feature model, or empty for a token-id model. */
    public Optional<TextEncoder> textEncoder() {
        return Optional.ofNullable(textEncoder);
    }

    /**
     * Encodes one utterance.
     * @param utterance The utterance.
     * @return The example with its missing modalities and notes.
     * @throws IllegalArgumentException naming the utterance and the problem (empty text, frames of another dimension,
     * non-finite values, aligned frames that do not match the tokens).
     */
    public EncodedUtterance encode(Utterance utterance) {
        return encode(List.of(utterance)).get(0);
    }

    /**
     * Checks that an utterance can be encoded for the model (its text and frames), without running the text encoder.
     * @param utterance The utterance.
     * @throws IllegalArgumentException naming the utterance and the problem, as {@link #encode(Utterance)} would.
     */
    public void check(Utterance utterance) {
        assemble(utterance, tokenize(utterance));
    }

    /**
     * Encodes utterances (a token-feature model's texts in one batch).
     * @param utterances The utterances.
     * @return One encoded utterance each, in order.
     * @throws IllegalArgumentException naming the first utterance at fault and the problem.
     */
    public List<EncodedUtterance> encode(List<Utterance> utterances) {
        List<TextInput> texts = new ArrayList<>(utterances.size());
        for (Utterance u : utterances) {
            texts.add(tokenize(u));
        }
        if (textEncoder != null && !texts.isEmpty()) {
            List<FeatureSequence> features = textEncoder.encode(texts);
            for (int i = 0; i < texts.size(); i++) {
                texts.set(i, texts.get(i).withTokenFeatures(features.get(i)));
            }
        }
        List<EncodedUtterance> out = new ArrayList<>(utterances.size());
        for (int i = 0; i < utterances.size(); i++) {
            out.add(assemble(utterances.get(i), texts.get(i)));
        }
        return out;
    }

    private TextInput tokenize(Utterance u) {
        if (u.text().isBlank()) {
            throw new IllegalArgumentException("Utterance '" + u.id() + "': the text is empty; CIDer needs a transcript");
        }
        TextInput text = tokenizer.encode(u.text(), layout.textSteps());
        if (text.length() <= 2) {
            throw new IllegalArgumentException("Utterance '" + u.id() + "': the text '" + u.text() + "' has no WordPiece token");
        }
        return text;
    }

    private EncodedUtterance assemble(Utterance u, TextInput text) {
        List<String> notes = new ArrayList<>();
        if (text.isTruncated()) {
            notes.add(String.format(Locale.ROOT, "text cut to the model's %d token positions: the last %d WordPiece(s) were dropped",
                    layout.textSteps(), text.truncatedPieces()));
        }
        Set<Modality> missing = EnumSet.noneOf(Modality.class);
        FeatureSequence audio = frames(u, Modality.AUDIO, text, layout.audioSteps(), layout.audioDim(), missing, notes);
        FeatureSequence vision = frames(u, Modality.VISION, text, layout.visionSteps(), layout.visionDim(), missing, notes);
        MultimodalExample example = new MultimodalExample(LabelFactory.UNKNOWN_LABEL, u.id(), u.text(), 0.0, text, audio, vision, specialTokens);
        return new EncodedUtterance(example, missing, notes);
    }

    private FeatureSequence frames(Utterance u, Modality m, TextInput text, int steps, int dim, Set<Modality> missing, List<String> notes) {
        Optional<UtteranceFrames> given = u.frames(m);
        String what = "Utterance '" + u.id() + "': " + m.displayName();
        if (given.isEmpty()) {
            missing.add(m);
            return FeatureSequence.zeros(steps, dim, layout.aligned() ? text.length() : 0);
        }
        UtteranceFrames f = given.get();
        if (f.dim() != dim) {
            throw new IllegalArgumentException(what + " frames have " + f.dim() + " features each but model '" + modelName + "' expects "
                    + dim + " (" + layout.describe() + ")");
        }
        for (int t = 0; t < f.steps(); t++) {
            for (int d = 0; d < dim; d++) {
                float v = f.get(t, d);
                if (!Float.isFinite(v)) {
                    throw new IllegalArgumentException(what + " frame " + t + ", feature " + d + " is " + v + "; values must be finite"
                            + " (leave the modality out to declare it missing)");
                }
            }
        }
        int length = f.steps();
        if (layout.aligned()) {
            if (length != text.length()) {
                throw new IllegalArgumentException(what + " has " + length + " frames but model '" + modelName + "' is word-aligned:"
                        + " it needs one frame per text token, " + text.length() + " for this text ([CLS] and [SEP] included)");
            }
        } else if (length > steps) {
            notes.add(String.format(Locale.ROOT, "%s cut to the model's %d frames: the last %d of %d were dropped",
                    m.displayName(), steps, length - steps, length));
            length = steps;
        }
        float[] padded = new float[steps * dim];
        System.arraycopy(f.values(), 0, padded, 0, length * dim);
        return new FeatureSequence(padded, steps, dim, length);
    }

    /**
     * Closes the tokenizer and the text encoder.
     */
    @Override
    public void close() {
        tokenizer.close();
        if (textEncoder != null) {
            textEncoder.close();
        }
    }
}
