package dev.cider.maci;

import dev.cider.data.FeatureSequence;
import dev.cider.data.MultimodalExample;
import dev.cider.data.SentimentTask;
import dev.cider.data.SpecialTokens;
import dev.cider.data.TextInput;

/**
 * Small hand-made multimodal examples for the MACI tests.
 */
final class MaciExamples {
    static final SpecialTokens SPECIAL = SpecialTokens.BERT_UNCASED;

    private MaciExamples() {}

    /**
     * An example with the given text and a trivial audio/vision part.
     * @param id The utterance id.
     * @param score The sentiment score (its BINARY label is attached).
     * @param text The text.
     * @return The example.
     */
    static MultimodalExample withText(String id, double score, TextInput text) {
        return example(id, score, SentimentTask.BINARY, text, FeatureSequence.zeros(2, 1, 1), FeatureSequence.zeros(2, 1, 1));
    }

    static MultimodalExample example(String id, double score, SentimentTask task, TextInput text, FeatureSequence audio,
                                     FeatureSequence vision) {
        return new MultimodalExample(task.label(score), id, "utterance " + id, score, text, audio, vision, SPECIAL);
    }

    /**
     * A text [CLS] tokens... [SEP] padded with {@code padId} to {@code steps} positions.
     */
    static TextInput tokens(int steps, int padId, int... words) {
        int[] ids = new int[steps];
        java.util.Arrays.fill(ids, padId);
        ids[0] = SPECIAL.cls();
        System.arraycopy(words, 0, ids, 1, words.length);
        ids[words.length + 1] = SPECIAL.sep();
        return new TextInput(ids, words.length + 2, null);
    }

    /**
     * A sequence whose valid rows are given and whose padding rows hold {@code junk} (which a correct
     * time average must ignore).
     */
    static FeatureSequence sequence(float[][] rows, int steps, float junk) {
        int dim = rows[0].length;
        float[] v = new float[steps * dim];
        java.util.Arrays.fill(v, junk);
        for (int t = 0; t < rows.length; t++) {
            System.arraycopy(rows[t], 0, v, t * dim, dim);
        }
        return new FeatureSequence(v, steps, dim, rows.length);
    }
}
