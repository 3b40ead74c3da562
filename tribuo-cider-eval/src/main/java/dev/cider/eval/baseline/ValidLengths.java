package dev.cider.eval.baseline;

import dev.cider.data.MultimodalExample;
import org.tribuo.Example;
import org.tribuo.classification.Label;
import org.tribuo.impl.ArrayExample;

/**
 * The view of a {@link MultimodalExample} that keeps only how long each modality is: the valid length of the text,
 * the audio and the vision, each as a fraction of its padded length (so the values lie in [0, 1] whatever the
 * layout). Missing patterns that zero frames or drop tokens keep these lengths; a classifier on them measures how much
 * of a corpus's labels the lengths alone give away, a floor every multimodal system must beat.
 */
public final class ValidLengths {

    /** The feature of the text's valid length. */
    public static final String TEXT = "length.text";
    /** The feature of the audio's valid length. */
    public static final String AUDIO = "length.audio";
    /** The feature of the vision's valid length. */
    public static final String VISION = "length.vision";

    private ValidLengths() {
    }

    /**
     * The lengths view of an example.
     * @param example A multimodal example.
     * @return An example with the three length features, the same label and weight.
     * @throws IllegalArgumentException if the example is not a {@link MultimodalExample}.
     */
    public static ArrayExample<Label> of(Example<Label> example) {
        if (!(example instanceof MultimodalExample m)) {
            throw new IllegalArgumentException("A lengths-only model needs multimodal examples (from a CIDer data source), found "
                    + example.getClass().getSimpleName());
        }
        ArrayExample<Label> out = new ArrayExample<>(m.getOutput(), m.getWeight());
        out.add(AUDIO, fraction(m.getAudio().length(), m.getAudio().steps()));
        out.add(TEXT, fraction(m.getText().length(), m.getText().steps()));
        out.add(VISION, fraction(m.getVision().length(), m.getVision().steps()));
        return out;
    }

    private static double fraction(int length, int steps) {
        return steps == 0 ? 0.0 : length / (double) steps;
    }
}
