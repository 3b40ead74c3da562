package dev.cider.missing;

import dev.cider.data.FeatureSequence;
import dev.cider.data.Modality;
import dev.cider.data.MultimodalExample;
import dev.cider.data.SpecialTokens;
import dev.cider.data.TextInput;
import org.tribuo.classification.Label;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Builds small multimodal examples for the mask tests: token ids [CLS]=101, 2000.., [SEP]=102 then [PAD]=0;
 * valid frames are non-zero; padding frames hold a non-zero marker value so that a test can see they are
 * untouched.
 */
final class MaskTestData {

    static final SpecialTokens SPECIAL = SpecialTokens.BERT_UNCASED;
    /** Value stored in every padding frame (real data pads with zeros; a marker proves padding is never written). */
    static final float PAD_MARKER = 7.5f;

    static final int T_L = 24;
    static final int T_A = 60;
    static final int T_V = 45;
    static final int D_A = 3;
    static final int D_V = 4;
    static final int D_L = 5;

    private MaskTestData() {
    }

    /**
     * One example.
     * @param id The utterance id.
     * @param textSteps T_l.
     * @param textLength Valid tokens including [CLS] and [SEP] (at least 2).
     * @param audioSteps T_a.
     * @param audioLength Valid audio frames.
     * @param visionSteps T_v.
     * @param visionLength Valid vision frames.
     * @param tokenFeatures Whether to attach token features.
     * @return The example.
     */
    static MultimodalExample example(String id, int textSteps, int textLength, int audioSteps, int audioLength,
                                     int visionSteps, int visionLength, boolean tokenFeatures) {
        int[] ids = new int[textSteps];
        ids[0] = SPECIAL.cls();
        for (int t = 1; t < textLength - 1; t++) {
            ids[t] = 2000 + t;
        }
        ids[textLength - 1] = SPECIAL.sep();
        FeatureSequence feats = tokenFeatures ? sequence(textSteps, D_L, textLength, 0.5f) : null;
        TextInput text = new TextInput(ids, textLength, feats);
        return new MultimodalExample(new Label("positive"), id, "words of " + id, 1.0, text,
                sequence(audioSteps, D_A, audioLength, 1f), sequence(visionSteps, D_V, visionLength, 2f), SPECIAL);
    }

    /** A sequence whose valid frames are all non-zero and whose padding frames hold {@link #PAD_MARKER}. */
    static FeatureSequence sequence(int steps, int dim, int length, float offset) {
        float[] v = new float[steps * dim];
        for (int t = 0; t < steps; t++) {
            for (int d = 0; d < dim; d++) {
                v[t * dim + d] = t < length ? offset + 0.01f * (t + 1) + d : PAD_MARKER;
            }
        }
        return new FeatureSequence(v, steps, dim, length);
    }

    /**
     * Unaligned examples with random lengths (text 6..T_L, audio 20..T_A, vision 15..T_V).
     * @param n The number of examples.
     * @param seed The seed of the lengths.
     * @return The examples, ids "u0", "u1", ...
     */
    static List<MultimodalExample> unaligned(int n, long seed) {
        Random rng = new Random(seed);
        List<MultimodalExample> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(example("u" + i, T_L, 6 + rng.nextInt(T_L - 5), T_A, 20 + rng.nextInt(T_A - 19),
                    T_V, 15 + rng.nextInt(T_V - 14), false));
        }
        return out;
    }

    /**
     * Aligned examples (T = T_L for all three) with random text lengths; audio and vision have the text's
     * length, except every fifth example whose audio and vision are two steps shorter.
     * @param n The number of examples.
     * @param seed The seed of the lengths.
     * @return The examples, ids "a0", "a1", ...
     */
    static List<MultimodalExample> aligned(int n, long seed) {
        Random rng = new Random(seed);
        List<MultimodalExample> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int len = 6 + rng.nextInt(T_L - 5);
            int av = i % 5 == 4 ? len - 2 : len;
            out.add(example("a" + i, T_L, len, T_L, av, T_L, av, false));
        }
        return out;
    }

    /** The dropped positions of a mask as flags (true = dropped) for one modality. */
    static boolean[] dropped(KeepMask mask, Modality m) {
        boolean[] out = new boolean[mask.steps(m)];
        for (int t = 0; t < out.length; t++) {
            out[t] = !mask.isKept(m, t);
        }
        return out;
    }
}
