package dev.cider.maci;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.cider.data.FeatureSequence;
import dev.cider.data.Modality;
import dev.cider.data.MultimodalExample;
import dev.cider.data.MultimodalSplits;
import dev.cider.data.SentimentTask;
import dev.cider.data.TextInput;
import org.tribuo.Example;
import org.tribuo.classification.Label;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The class prototypes and class priors of MACI's backdoor adjustment, computed from the training split.
 * <p>
 * For each class {@code i} the prototype is the mean over the training examples of class {@code i} of their
 * utterance-level inputs: a text sentence vector of size {@code d_l} (the mean of the token features over the
 * valid tokens, or a vector supplied by the caller when the examples carry token ids only) and the
 * time-averaged audio and vision frames over their valid steps. The prior of class {@code i} is its
 * frequency in the training split.
 * <p>
 * The value is immutable and holds plain arrays only ({@code float[][]} per modality, {@code double[]}
 * priors), so a model file can carry it; {@link #of} rebuilds it from those arrays.
 */
public final class ClassPrototypes implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Allowed deviation of the priors' sum from 1. */
    public static final double PRIOR_SUM_TOLERANCE = 1e-6;

    private final float[][] text;   // [K][d_l]
    private final float[][] audio;  // [K][d_a]
    private final float[][] vision; // [K][d_v]
    private final double[] priors;  // [K]

    private ClassPrototypes(float[][] text, float[][] audio, float[][] vision, double[] priors) {
        this.text = text;
        this.audio = audio;
        this.vision = vision;
        this.priors = priors;
    }

    /**
     * Rebuilds prototypes from plain arrays (copied).
     * @param text The text prototypes, {@code K x d_l}.
     * @param audio The audio prototypes, {@code K x d_a}.
     * @param vision The vision prototypes, {@code K x d_v}.
     * @param priors The class priors, {@code K} non-negative values summing to 1.
     * @return The prototypes.
     * @throws IllegalArgumentException naming the modality, class and problem if the arrays are inconsistent,
     * not finite, or the priors are negative or do not sum to 1.
     */
    public static ClassPrototypes of(float[][] text, float[][] audio, float[][] vision, double[] priors) {
        Objects.requireNonNull(priors, "priors");
        int k = priors.length;
        if (k < 2) {
            throw new IllegalArgumentException("Class prototypes need at least 2 classes, got " + k + " priors");
        }
        double sum = 0;
        for (int i = 0; i < k; i++) {
            if (!Double.isFinite(priors[i]) || priors[i] < 0) {
                throw new IllegalArgumentException("Prior of class " + i + " is " + priors[i] + ", expected a finite non-negative value");
            }
            sum += priors[i];
        }
        if (Math.abs(sum - 1.0) > PRIOR_SUM_TOLERANCE) {
            throw new IllegalArgumentException("Class priors sum to " + sum + ", expected 1: " + Arrays.toString(priors));
        }
        return new ClassPrototypes(checkedCopy(Modality.TEXT, text, k), checkedCopy(Modality.AUDIO, audio, k),
                checkedCopy(Modality.VISION, vision, k), priors.clone());
    }

    private static float[][] checkedCopy(Modality m, float[][] rows, int k) {
        Objects.requireNonNull(rows, m.displayName() + " prototypes");
        if (rows.length != k) {
            throw new IllegalArgumentException("Expected " + k + " " + m.displayName() + " prototypes (one per prior), found " + rows.length);
        }
        float[][] out = new float[k][];
        for (int i = 0; i < k; i++) {
            if (rows[i] == null || rows[i].length == 0 || rows[i].length != rows[0].length) {
                throw new IllegalArgumentException("The " + m.displayName() + " prototype of class " + i + " has "
                        + (rows[i] == null ? "no" : String.valueOf(rows[i].length)) + " values, expected " + rows[0].length + " (> 0)");
            }
            for (int d = 0; d < rows[i].length; d++) {
                if (!Float.isFinite(rows[i][d])) {
                    throw new IllegalArgumentException("The " + m.displayName() + " prototype of class " + i + " has the non-finite value "
                            + rows[i][d] + " at dimension " + d);
                }
            }
            out[i] = rows[i].clone();
        }
        return out;
    }

    /**
     * Computes prototypes and priors from training examples whose text carries token features.
     * @param training The training examples (a Tribuo dataset or list of {@link MultimodalExample}s).
     * @param task The task whose class indices order the prototypes.
     * @return The prototypes.
     * @throws IllegalArgumentException if an example has no token features, dimensions disagree, or a class
     * has no training example.
     */
    public static ClassPrototypes fromExamples(Iterable<? extends Example<Label>> training, SentimentTask task) {
        return fromExamples(training, task, null);
    }

    /**
     * Computes prototypes and priors from training examples. The text sentence vector of an example is
     * {@link #sentenceVector(TextInput)} when its text carries token features, otherwise
     * {@code sentenceVectors.apply(example)}.
     * @param training The training examples (a Tribuo dataset or list of {@link MultimodalExample}s).
     * @param task The task whose class indices order the prototypes.
     * @param sentenceVectors Supplies the {@code d_l} sentence vector of an example without token features; may
     *                        be null when every example has token features.
     * @return The prototypes.
     * @throws IllegalArgumentException naming the utterance if its sentence vector is unavailable or a
     * dimension disagrees, or naming the class if a class has no training example.
     */
    public static ClassPrototypes fromExamples(Iterable<? extends Example<Label>> training, SentimentTask task,
                                               Function<MultimodalExample, float[]> sentenceVectors) {
        Objects.requireNonNull(task, "task");
        List<MultimodalExample> examples = MultimodalSplits.multimodalExamples(training);
        int k = task.numClasses();
        double[][] textSum = new double[k][];
        double[][] audioSum = new double[k][];
        double[][] visionSum = new double[k][];
        long[] counts = new long[k];
        int textDim = -1;
        int audioDim = -1;
        int visionDim = -1;
        for (MultimodalExample ex : examples) {
            int c = task.indexOf(ex.getOutput());
            float[] sentence = textVector(ex, sentenceVectors);
            double[] audioMean = ex.getAudio().validMean();
            double[] visionMean = ex.getVision().validMean();
            if (textDim < 0) {
                textDim = sentence.length;
                audioDim = audioMean.length;
                visionDim = visionMean.length;
            }
            checkDim(ex, Modality.TEXT, textDim, sentence.length);
            checkDim(ex, Modality.AUDIO, audioDim, audioMean.length);
            checkDim(ex, Modality.VISION, visionDim, visionMean.length);
            if (counts[c] == 0) {
                textSum[c] = new double[textDim];
                audioSum[c] = new double[audioDim];
                visionSum[c] = new double[visionDim];
            }
            for (int d = 0; d < textDim; d++) {
                textSum[c][d] += sentence[d];
            }
            addTo(audioSum[c], audioMean);
            addTo(visionSum[c], visionMean);
            counts[c]++;
        }
        for (int c = 0; c < k; c++) {
            if (counts[c] == 0) {
                throw new IllegalArgumentException("Class '" + task.classNames().get(c) + "' (index " + c + ") of task " + task.name()
                        + " has no training example among " + examples.size() + ": a class prototype needs at least one");
            }
        }
        double[] priors = new double[k];
        for (int c = 0; c < k; c++) {
            priors[c] = counts[c] / (double) examples.size();
        }
        return new ClassPrototypes(divide(textSum, counts), divide(audioSum, counts), divide(visionSum, counts), priors);
    }

    private static float[] textVector(MultimodalExample ex, Function<MultimodalExample, float[]> sentenceVectors) {
        if (ex.getText().tokenFeatures().isPresent()) {
            return sentenceVector(ex.getText());
        }
        if (sentenceVectors == null) {
            throw new IllegalArgumentException("Utterance '" + ex.getId() + "' has no token features and no sentence-vector function"
                    + " was supplied: the text prototype needs one or the other");
        }
        float[] v = sentenceVectors.apply(ex);
        if (v == null) {
            throw new IllegalArgumentException("The sentence-vector function returned nothing for utterance '" + ex.getId() + "'");
        }
        for (int d = 0; d < v.length; d++) {
            if (!Float.isFinite(v[d])) {
                throw new IllegalArgumentException("Sentence vector of utterance '" + ex.getId() + "' has the non-finite value "
                        + v[d] + " at dimension " + d);
            }
        }
        return v;
    }

    /**
     * The sentence vector of a text: the mean of its token features over the valid positions (all positions
     * below the valid length, [CLS] and [SEP] included, as the attention mask sees them).
     * @param text A text input with token features.
     * @return The mean feature vector of size {@code d_l} (zeros for an empty text).
     * @throws IllegalArgumentException if the text has no token features.
     */
    public static float[] sentenceVector(TextInput text) {
        FeatureSequence f = text.tokenFeatures().orElseThrow(() ->
                new IllegalArgumentException("The text input has no token features to average"));
        double[] mean = f.validMean();
        float[] out = new float[mean.length];
        for (int d = 0; d < mean.length; d++) {
            out[d] = (float) mean[d];
        }
        return out;
    }

    private static void checkDim(MultimodalExample ex, Modality m, int expected, int found) {
        if (expected != found) {
            throw new IllegalArgumentException("Utterance '" + ex.getId() + "' has a " + m.displayName() + " prototype input of dimension "
                    + found + ", but earlier examples have " + expected);
        }
    }

    private static void addTo(double[] acc, double[] v) {
        for (int d = 0; d < acc.length; d++) {
            acc[d] += v[d];
        }
    }

    private static float[][] divide(double[][] sums, long[] counts) {
        float[][] out = new float[sums.length][];
        for (int c = 0; c < sums.length; c++) {
            out[c] = new float[sums[c].length];
            for (int d = 0; d < sums[c].length; d++) {
                out[c][d] = (float) (sums[c][d] / counts[c]);
            }
        }
        return out;
    }

    /** @return The number of classes K. */
    public int numClasses() {
        return priors.length;
    }

    /**
     * The prototype dimension of a modality.
     * @param m The modality.
     * @return d_l, d_a or d_v.
     */
    public int dim(Modality m) {
        return rows(m)[0].length;
    }

    /**
     * A copy of the prototypes of a modality.
     * @param m The modality.
     * @return {@code K x d_m} values; row {@code i} is the prototype of class {@code i}.
     */
    public float[][] prototypes(Modality m) {
        float[][] rows = rows(m);
        float[][] out = new float[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            out[i] = rows[i].clone();
        }
        return out;
    }

    /**
     * A copy of the class priors.
     * @return {@code K} class frequencies summing to 1.
     */
    public double[] priors() {
        return priors.clone();
    }

    private float[][] rows(Modality m) {
        switch (m) {
            case TEXT: return text;
            case AUDIO: return audio;
            case VISION: return vision;
            default: throw new IllegalArgumentException("Unknown modality " + m);
        }
    }

    /**
     * The prototypes and priors the head receives in a mode: unchanged for {@link PrototypeMode#TRAINING};
     * for {@link PrototypeMode#TEST} every class slot holds the mean of the K prototypes and the priors are
     * uniform {@code 1/K}.
     * @param mode The mode.
     * @return The prototypes for that mode.
     */
    public ClassPrototypes forMode(PrototypeMode mode) {
        if (mode == PrototypeMode.TRAINING) {
            return this;
        }
        int k = numClasses();
        double[] uniform = new double[k];
        Arrays.fill(uniform, 1.0 / k);
        return new ClassPrototypes(meanSlots(text), meanSlots(audio), meanSlots(vision), uniform);
    }

    private static float[][] meanSlots(float[][] rows) {
        int k = rows.length;
        double[] mean = new double[rows[0].length];
        for (float[] row : rows) {
            for (int d = 0; d < mean.length; d++) {
                mean[d] += row[d];
            }
        }
        float[] slot = new float[mean.length];
        for (int d = 0; d < mean.length; d++) {
            slot[d] = (float) (mean[d] / k);
        }
        float[][] out = new float[k][];
        for (int i = 0; i < k; i++) {
            out[i] = slot.clone();
        }
        return out;
    }

    /**
     * The head's prototype inputs for a mode, as float32 arrays:
     * {@code [text (K, d_l), audio (K, d_a), vision (K, d_v), priors (K)]}.
     * @param manager The manager that owns the arrays.
     * @param mode The mode.
     * @return The four arrays, in {@link CausalHead}'s input order after the joint representation.
     */
    public NDList toNDList(NDManager manager, PrototypeMode mode) {
        ClassPrototypes p = forMode(mode);
        float[] pri = new float[p.priors.length];
        for (int i = 0; i < pri.length; i++) {
            pri[i] = (float) p.priors[i];
        }
        return new NDList(matrix(manager, p.text), matrix(manager, p.audio), matrix(manager, p.vision), manager.create(pri));
    }

    private static NDArray matrix(NDManager manager, float[][] rows) {
        int cols = rows[0].length;
        float[] flat = new float[rows.length * cols];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * cols, cols);
        }
        return manager.create(flat, new Shape(rows.length, cols));
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ClassPrototypes)) {
            return false;
        }
        ClassPrototypes that = (ClassPrototypes) o;
        return Arrays.deepEquals(text, that.text) && Arrays.deepEquals(audio, that.audio) && Arrays.deepEquals(vision, that.vision)
                && Arrays.equals(priors, that.priors);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.deepHashCode(text), Arrays.deepHashCode(audio), Arrays.deepHashCode(vision), Arrays.hashCode(priors));
    }

    @Override
    public String toString() {
        return "ClassPrototypes(K=" + numClasses() + ", d_l=" + dim(Modality.TEXT) + ", d_a=" + dim(Modality.AUDIO) + ", d_v="
                + dim(Modality.VISION) + ", priors=" + Arrays.toString(priors) + ")";
    }
}
