package dev.cider.onnx;

import dev.cider.data.DataLayout;
import dev.cider.data.MultimodalExample;
import dev.cider.data.TextInput;
import org.tribuo.util.onnx.ONNXRef;

/**
 * The single float input row of a whole exported CIDer model ({@code ONNXExportable}'s one (B, F) input), per
 * utterance:
 * <ol>
 *     <li>the {@link FlatInput} row: the padded token features {@code T_l x d_l}, audio frames {@code T_a x d_a} and
 *     vision frames {@code T_v x d_v} (row-major, time first; a missing token or frame is a zero row inside the valid
 *     length), then the valid lengths {@code len_l, len_a, len_v};</li>
 *     <li>only when the model debiases ({@link #counterfactual()}): the token features {@code T_l x d_l} of MACI's
 *     counterfactual text of the utterance (bias words kept, every other token [MASK]), then its valid length.</li>
 * </ol>
 * The counterfactual text is an input, not part of the graph, because its features come from the text encoder
 * (MiniLM in ONNX Runtime) applied to the masked token sequence, a tokenizer-level step outside the network;
 * {@link #row} builds the whole row from an utterance and its counterfactual text
 * ({@link dev.cider.runtime.CounterfactualTexts}).
 * @param flat The factual part.
 * @param counterfactual Whether the row carries the counterfactual text.
 */
public record WholeModelInput(FlatInput flat, boolean counterfactual) {

    /**
     * The input layout of a data layout.
     * @param layout The model's data layout (token features, {@code textFeatureDim > 0}).
     * @param counterfactual Whether the counterfactual text is part of the row.
     * @return The input layout.
     * @throws IllegalArgumentException if the layout has no token features.
     */
    public static WholeModelInput of(DataLayout layout, boolean counterfactual) {
        if (layout.textFeatureDim() == 0) {
            throw new IllegalArgumentException("The ONNX export reads token features, the layout " + layout.describe() + " has none");
        }
        return new WholeModelInput(new FlatInput(layout.textSteps(), layout.textFeatureDim(), layout.audioSteps(), layout.audioDim(),
                layout.visionSteps(), layout.visionDim()), counterfactual);
    }

    /** @return The width of the counterfactual part (0 without one). */
    public int counterfactualWidth() {
        return counterfactual ? flat.textSteps() * flat.textDim() + 1 : 0;
    }

    /** @return The width F of one row. */
    public int width() {
        return flat.width() + counterfactualWidth();
    }

    /**
     * Writes an utterance's row.
     * @param ex The utterance, with this layout's shapes and token features.
     * @param counterfactualText Its counterfactual text with token features (ignored, and may be null, without the
     *                           counterfactual part).
     * @param dest The destination.
     * @param offset Where the row starts in the destination.
     * @throws IllegalArgumentException naming the utterance if a shape differs or token features are missing.
     */
    public void write(MultimodalExample ex, TextInput counterfactualText, float[] dest, int offset) {
        int at = offset;
        at = copy(ex, ex.getText(), "text", dest, at);
        at = copy(ex, ex.getAudio(), flat.audioSteps(), flat.audioDim(), "audio", dest, at);
        at = copy(ex, ex.getVision(), flat.visionSteps(), flat.visionDim(), "vision", dest, at);
        dest[at++] = ex.getText().length();
        dest[at++] = ex.getAudio().length();
        dest[at++] = ex.getVision().length();
        if (counterfactual) {
            if (counterfactualText == null) {
                throw new IllegalArgumentException("The input of utterance '" + ex.getId() + "' needs its counterfactual text");
            }
            at = copy(ex, counterfactualText, "counterfactual text", dest, at);
            dest[at] = counterfactualText.length();
        }
    }

    /**
     * An utterance's row.
     * @param ex The utterance.
     * @param counterfactualText Its counterfactual text (see {@link #write}).
     * @return The row of {@link #width()} values.
     */
    public float[] row(MultimodalExample ex, TextInput counterfactualText) {
        float[] row = new float[width()];
        write(ex, counterfactualText, row, 0);
        return row;
    }

    private int copy(MultimodalExample ex, TextInput text, String what, float[] dest, int at) {
        dev.cider.data.FeatureSequence features = text.tokenFeatures().orElseThrow(() -> new IllegalArgumentException(
                "The " + what + " of utterance '" + ex.getId() + "' has no token features: the ONNX model reads token features"));
        return copy(ex, features, flat.textSteps(), flat.textDim(), what, dest, at);
    }

    private static int copy(MultimodalExample ex, dev.cider.data.FeatureSequence seq, int steps, int dim, String what, float[] dest, int at) {
        if (seq.steps() != steps || seq.dim() != dim) {
            throw new IllegalArgumentException("The " + what + " of utterance '" + ex.getId() + "' is " + seq.steps() + " x " + seq.dim()
                    + ", the ONNX model reads " + steps + " x " + dim);
        }
        seq.copyTo(dest, at);
        return at + steps * dim;
    }

    /**
     * The counterfactual text's features (B, T_l, d_l) and prefix mask (B, T_l) of a (B, F) input.
     * @param graph The graph.
     * @param input The input.
     * @return {@code [text, mask]}.
     * @throws IllegalStateException without the counterfactual part.
     */
    public ONNXRef<?>[] unpackCounterfactual(OnnxGraph graph, ONNXRef<?> input) {
        if (!counterfactual) {
            throw new IllegalStateException("This input has no counterfactual text");
        }
        long start = flat.width();
        long lengthAt = start + (long) flat.textSteps() * flat.textDim();
        ONNXRef<?> text = graph.reshape(graph.slice(input, 1, start, lengthAt), 0, flat.textSteps(), flat.textDim());
        return new ONNXRef<?>[]{text, FlatInput.mask(graph, graph.slice(input, 1, lengthAt, lengthAt + 1), flat.textSteps(), "counterfactual")};
    }
}
