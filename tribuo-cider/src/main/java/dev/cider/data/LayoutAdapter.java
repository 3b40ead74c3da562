package dev.cider.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Brings the utterances of one corpus to the layout of another (a model's, or the corpus it was trained on) for
 * cross-dataset testing: the time steps of each modality are padded with zeros or truncated, the feature dimensions must
 * agree.
 * <ul>
 *     <li>Padding appends zero steps after the existing ones; the valid length is unchanged.</li>
 *     <li>Truncation keeps the first steps. An utterance whose valid part is longer than the target loses its last valid
 *     steps; for text the last valid token (the [SEP] of a BERT tokenisation) is kept at the last position, so the text
 *     stays [CLS] ... [SEP].</li>
 *     <li>Token features are dropped when the target reads token ids only ({@code textFeatureDim} 0); otherwise their
 *     dimension must match.</li>
 *     <li>Audio, vision and token-feature dimensions that differ are refused, naming the modality and both dimensions:
 *     features cannot be padded meaningfully. So is a word-aligned corpus for an unaligned target and the reverse.</li>
 * </ul>
 * What was done is returned with the examples ({@link Adaptation#describe()}), for provenance and progress messages.
 */
public final class LayoutAdapter {

    private final DataLayout target;

    /**
     * Creates an adapter.
     * @param target The layout to adapt to.
     */
    public LayoutAdapter(DataLayout target) {
        this.target = Objects.requireNonNull(target, "target");
    }

    /** @return The layout examples are adapted to. */
    public DataLayout target() {
        return target;
    }

    /**
     * What happened to one modality's time steps.
     *
     * @param modality  The modality.
     * @param fromSteps The corpus's padded steps.
     * @param toSteps   The target's padded steps.
     * @param truncated The number of utterances that lost valid steps.
     */
    public record StepChange(Modality modality, int fromSteps, int toSteps, int truncated) {
        /** @return e.g. {@code text truncated 75 -> 50 steps (12 utterances lost valid steps)}. */
        public String describe() {
            String what = toSteps < fromSteps ? "truncated" : "padded";
            String lost = toSteps < fromSteps ? String.format(Locale.ROOT, " (%d utterance%s lost valid steps%s)", truncated,
                    truncated == 1 ? "" : "s", modality == Modality.TEXT && truncated > 0 ? ", last token kept" : "") : "";
            return String.format(Locale.ROOT, "%s %s %d -> %d steps%s", modality.displayName(), what, fromSteps, toSteps, lost);
        }
    }

    /**
     * Adapted utterances and what was done to them.
     *
     * @param examples            The adapted utterances, in order.
     * @param from                The layout they had.
     * @param to                  The layout they have.
     * @param steps               The modalities whose steps changed, in text, audio, vision order.
     * @param droppedTextFeatures The token-feature dimension dropped (0 if none were).
     */
    public record Adaptation(List<MultimodalExample> examples, DataLayout from, DataLayout to, List<StepChange> steps,
                             int droppedTextFeatures) {
        /** Copies the lists. */
        public Adaptation {
            examples = List.copyOf(examples);
            steps = List.copyOf(steps);
        }

        /** @return Whether anything changed. */
        public boolean changed() {
            return !steps.isEmpty() || droppedTextFeatures > 0;
        }

        /**
         * What was done, for a report or a progress line.
         * @return e.g. {@code text truncated 75 -> 50 steps (12 utterances lost valid steps, last token kept); audio padded
         * 40 -> 50 steps}, or {@code layout unchanged}.
         */
        public String describe() {
            if (!changed()) {
                return "layout unchanged";
            }
            List<String> parts = steps.stream().map(StepChange::describe).collect(Collectors.toCollection(ArrayList::new));
            if (droppedTextFeatures > 0) {
                parts.add(droppedTextFeatures + "-dimensional token features dropped (the target reads token ids)");
            }
            return String.join("; ", parts) + String.format(Locale.ROOT, ", of %d utterances", examples.size());
        }
    }

    /**
     * Checks that a layout's feature dimensions can be adapted to the target's.
     * @param from The layout of the corpus.
     * @param what What the corpus is, for the message (e.g. its source).
     * @throws IllegalArgumentException naming the modality and both dimensions when they differ, or if one layout is
     *                                  word-aligned and the other is not.
     */
    public void checkDimensions(DataLayout from, String what) {
        if (from.aligned() != target.aligned()) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s has %s sequences (layout %s), the target layout is %s"
                    + " (%s): word-aligned and unaligned sequences cannot be converted by padding or truncating time steps", what,
                    from.aligned() ? "word-aligned" : "unaligned", from.describe(), target.aligned() ? "word-aligned" : "unaligned",
                    target.describe()));
        }
        if (from.audioDim() != target.audioDim()) {
            throw dimensionError(what, "audio", from.audioDim(), target.audioDim());
        }
        if (from.visionDim() != target.visionDim()) {
            throw dimensionError(what, "vision", from.visionDim(), target.visionDim());
        }
        if (target.textFeatureDim() > 0 && from.textFeatureDim() != target.textFeatureDim()) {
            throw from.textFeatureDim() == 0
                    ? new IllegalArgumentException(what + " has text as token ids only, but the target layout needs "
                    + target.textFeatureDim() + "-dimensional token features (" + target.describe() + ")")
                    : dimensionError(what, "text token", from.textFeatureDim(), target.textFeatureDim());
        }
    }

    private IllegalArgumentException dimensionError(String what, String modality, int found, int expected) {
        return new IllegalArgumentException(String.format(Locale.ROOT, "%s has %s features of dimension %d, the target layout"
                + " has %d (%s): feature dimensions must be common for cross-dataset testing; only time steps are adapted",
                what, modality, found, expected, target.describe()));
    }

    /**
     * Adapts utterances that share one layout.
     * @param examples The utterances (at least one).
     * @param what What they are, for messages.
     * @return The adapted utterances (the same objects when nothing changes) and what was done.
     * @throws IllegalArgumentException if there are none, their layouts differ, or a feature dimension differs from the
     *                                  target's.
     */
    public Adaptation adapt(List<MultimodalExample> examples, String what) {
        if (examples.isEmpty()) {
            throw new IllegalArgumentException(what + " has no utterances to adapt");
        }
        DataLayout from = DataLayout.of(examples.get(0));
        checkDimensions(from, what);
        Map<Modality, int[]> truncated = new EnumMap<>(Modality.class);
        for (Modality m : Modality.values()) {
            truncated.put(m, new int[1]);
        }
        boolean dropFeatures = target.textFeatureDim() == 0 && from.textFeatureDim() > 0;
        boolean sameSteps = from.textSteps() == target.textSteps() && from.audioSteps() == target.audioSteps()
                && from.visionSteps() == target.visionSteps();
        List<MultimodalExample> out = new ArrayList<>(examples.size());
        for (MultimodalExample ex : examples) {
            from.check(ex);
            if (sameSteps && !dropFeatures) {
                out.add(ex);
                continue;
            }
            TextInput text = text(ex.getText(), ex.getSpecialTokens().pad(), dropFeatures, truncated.get(Modality.TEXT));
            FeatureSequence audio = frames(ex.getAudio(), target.audioSteps(), truncated.get(Modality.AUDIO));
            FeatureSequence vision = frames(ex.getVision(), target.visionSteps(), truncated.get(Modality.VISION));
            out.add(new MultimodalExample(ex.getOutput(), ex.getId(), ex.getRawText(), ex.getScore(), text, audio, vision,
                    ex.getSpecialTokens()));
        }
        List<StepChange> changes = new ArrayList<>();
        int[] fromSteps = {from.textSteps(), from.audioSteps(), from.visionSteps()};
        int[] toSteps = {target.textSteps(), target.audioSteps(), target.visionSteps()};
        for (Modality m : Modality.values()) {
            if (fromSteps[m.ordinal()] != toSteps[m.ordinal()]) {
                changes.add(new StepChange(m, fromSteps[m.ordinal()], toSteps[m.ordinal()], truncated.get(m)[0]));
            }
        }
        DataLayout to = new DataLayout(target.textSteps(), dropFeatures ? 0 : from.textFeatureDim(), target.audioSteps(),
                target.audioDim(), target.visionSteps(), target.visionDim());
        return new Adaptation(Collections.unmodifiableList(out), from, to, changes, dropFeatures ? from.textFeatureDim() : 0);
    }

    private TextInput text(TextInput text, int pad, boolean dropFeatures, int[] truncated) {
        int steps = target.textSteps();
        int length = text.length();
        int[] ids = text.tokenIds();
        int[] adapted = new int[steps];
        int[] sourceOf = new int[steps];
        int newLength = Math.min(length, steps);
        if (length > steps) {
            truncated[0]++;
        }
        for (int t = 0; t < steps; t++) {
            // The last valid position of a truncated text takes the original last valid token ([SEP]).
            int s = length > steps && t == steps - 1 ? length - 1 : t;
            sourceOf[t] = s < ids.length ? s : -1;
            adapted[t] = s < ids.length ? ids[s] : pad;
        }
        Optional<FeatureSequence> features = text.tokenFeatures();
        FeatureSequence newFeatures = null;
        if (features.isPresent() && !dropFeatures) {
            FeatureSequence f = features.get();
            float[] values = new float[steps * f.dim()];
            for (int t = 0; t < steps; t++) {
                if (sourceOf[t] >= 0) {
                    for (int d = 0; d < f.dim(); d++) {
                        values[t * f.dim() + d] = f.get(sourceOf[t], d);
                    }
                }
            }
            newFeatures = FeatureSequence.wrap(values, steps, f.dim(), newLength);
        }
        return new TextInput(adapted, newLength, newFeatures);
    }

    private static FeatureSequence frames(FeatureSequence seq, int steps, int[] truncated) {
        if (seq.steps() == steps) {
            return seq;
        }
        if (seq.length() > steps) {
            truncated[0]++;
        }
        int kept = Math.min(seq.steps(), steps);
        float[] values = new float[steps * seq.dim()];
        for (int t = 0; t < kept; t++) {
            for (int d = 0; d < seq.dim(); d++) {
                values[t * seq.dim() + d] = seq.get(t, d);
            }
        }
        return FeatureSequence.wrap(values, steps, seq.dim(), Math.min(seq.length(), steps));
    }
}
