package dev.cider.data;

/**
 * Small hand-made examples for the data-model tests.
 */
final class TestExamples {
    private TestExamples() {
    }

    /** Text [CLS] w1 w2 w3 [SEP] padded to 8; audio 6x2 with length 4; vision 5x3 with length 5. */
    static MultimodalExample example(String id, double score) {
        int[] ids = {101, 2204, 3185, 2204, 102, 0, 0, 0};
        TextInput text = new TextInput(ids, 5, null);
        float[] a = new float[6 * 2];
        for (int t = 0; t < 4; t++) {
            a[t * 2] = t + 1;
            a[t * 2 + 1] = -(t + 1);
        }
        FeatureSequence audio = new FeatureSequence(a, 6, 2, 4);
        float[] v = new float[5 * 3];
        for (int i = 0; i < v.length; i++) {
            v[i] = 0.5f;
        }
        FeatureSequence vision = new FeatureSequence(v, 5, 3, 5);
        return new MultimodalExample(SentimentTask.BINARY.label(score), id, "good movie good", score, text, audio, vision,
                SpecialTokens.BERT_UNCASED);
    }
}
