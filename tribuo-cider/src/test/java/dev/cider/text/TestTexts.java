package dev.cider.text;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.cider.data.FeatureSequence;
import dev.cider.data.TextInput;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Test helpers: real WordPiece ids from the MiniLM tokenizer shipped on the classpath, texts padded to
 * {@code T_l = 50}, and sentence vectors.
 */
final class TestTexts {
    static final int T_L = 50;
    static final String TOKENIZER_RESOURCE = "all-minilm-l6-v2-q-tokenizer.json";

    private static HuggingFaceTokenizer tokenizer;

    private TestTexts() {
    }

    private static synchronized HuggingFaceTokenizer tokenizer() {
        if (tokenizer == null) {
            try (InputStream in = TestTexts.class.getClassLoader().getResourceAsStream(TOKENIZER_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("Tokenizer resource " + TOKENIZER_RESOURCE + " is not on the test classpath");
                }
                tokenizer = HuggingFaceTokenizer.newInstance(in, Map.of("padding", "false", "truncation", "true",
                        "maxLength", Integer.toString(T_L)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return tokenizer;
    }

    /**
     * A sentence as [CLS] ids [SEP], padded with zeros to {@value #T_L} positions.
     * @param sentence The sentence.
     * @return The text.
     */
    static TextInput text(String sentence) {
        Encoding enc = tokenizer().encode(sentence);
        long[] ids = enc.getIds();
        return ids(toInts(ids));
    }

    /**
     * A text from explicit ids, padded to {@value #T_L}.
     * @param ids The valid ids, including [CLS] and [SEP].
     * @return The text.
     */
    static TextInput ids(int... ids) {
        int[] padded = new int[T_L];
        System.arraycopy(ids, 0, padded, 0, ids.length);
        return new TextInput(padded, ids.length, null);
    }

    private static int[] toInts(long[] ids) {
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = Math.toIntExact(ids[i]);
        }
        return out;
    }

    /**
     * The sentence vector of sentence-transformers: the mean of the valid token rows, L2-normalised.
     * @param f The token features.
     * @return The unit vector.
     */
    static double[] sentenceVector(FeatureSequence f) {
        double[] mean = f.validMean();
        double norm = 0;
        for (double v : mean) {
            norm += v * v;
        }
        norm = Math.sqrt(norm);
        for (int d = 0; d < mean.length; d++) {
            mean[d] /= norm;
        }
        return mean;
    }

    /**
     * Cosine similarity.
     * @param a A vector.
     * @param b Another.
     * @return The cosine.
     */
    static double cosine(double[] a, double[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }

    /**
     * The largest absolute difference between two sequences of the same shape.
     * @param a One.
     * @param b Another.
     * @return The difference.
     */
    static double maxAbsDiff(FeatureSequence a, FeatureSequence b) {
        float[] x = a.toArray();
        float[] y = b.toArray();
        if (x.length != y.length) {
            throw new AssertionError("Shapes differ: " + a + " vs " + b);
        }
        double max = 0;
        for (int i = 0; i < x.length; i++) {
            max = Math.max(max, Math.abs(x[i] - y[i]));
        }
        return max;
    }

    /**
     * Whether a row is all zero.
     * @param f The features.
     * @param step The row.
     * @return True if zero.
     */
    static boolean zeroRow(FeatureSequence f, int step) {
        return f.isZeroFrame(step);
    }
}
