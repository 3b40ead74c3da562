package dev.cider.maci;

import dev.cider.data.DataSplit;
import dev.cider.data.SentimentTask;
import dev.cider.data.source.pickle.NpyFiles;
import dev.cider.data.source.pickle.NumpyArray;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * Loads the class prototypes and priors published with the public CIDer implementation.
 * <p>
 * Layout under a root directory ({@code D} = {@code mosi} or {@code mosei}, {@code task} = {@code binary} or
 * {@code seven}, {@code i} = class index):
 * <ul>
 *     <li>{@code D_feats/{iid,ood}/task/[P]D_{train,valid,test}_task_{aligned,unaligned}_i.npy}: one
 *     float64 vector per class, the concatenation text | audio | vision of the class prototype
 *     ({@code d_l + d_a + d_v} values, e.g. 768 + 5 + 20 = 793 for CMU-MOSI);</li>
 *     <li>{@code D_probs/{iid,ood}/task/[P]D_train_task.npy}: the K training class priors (float32 or float64).</li>
 * </ul>
 * {@code [P]} is empty, or {@code [cross_dataset]} for the cross-dataset variants (IID, aligned only).
 * Only training priors are published, so every split's prototypes are paired with the training priors.
 */
public final class PublishedPrototypes {

    /** Allowed deviation of the published priors' sum from 1 before they are renormalised. */
    public static final double PUBLISHED_PRIOR_TOLERANCE = 1e-4;

    private static final String CROSS_PREFIX = "[cross_dataset]";

    private PublishedPrototypes() {}

    /**
     * Which published prototype set to load.
     *
     * @param dataset      {@code mosi} or {@code mosei}.
     * @param distribution {@code iid} or {@code ood}.
     * @param task         The task (its class count is K).
     * @param split        The split the prototype features were computed on.
     * @param aligned      Word-aligned ({@code aligned}) or unaligned sequences.
     * @param crossDataset The {@code [cross_dataset]} variant (IID and aligned only).
     */
    public record Key(String dataset, String distribution, SentimentTask task, DataSplit split, boolean aligned,
                      boolean crossDataset) {
        /**
         * Validates and normalises the names to lower case.
         */
        public Key {
            Objects.requireNonNull(task, "task");
            Objects.requireNonNull(split, "split");
            dataset = Objects.requireNonNull(dataset, "dataset").trim().toLowerCase(Locale.ROOT);
            distribution = Objects.requireNonNull(distribution, "distribution").trim().toLowerCase(Locale.ROOT);
            if (!dataset.equals("mosi") && !dataset.equals("mosei")) {
                throw new IllegalArgumentException("Unknown published dataset '" + dataset + "', expected mosi or mosei");
            }
            if (!distribution.equals("iid") && !distribution.equals("ood")) {
                throw new IllegalArgumentException("Unknown distribution '" + distribution + "', expected iid or ood");
            }
            if (crossDataset && (!distribution.equals("iid") || !aligned)) {
                throw new IllegalArgumentException("Cross-dataset prototypes are only published for iid aligned data");
            }
        }

        /**
         * The standard training-split key.
         * @param dataset {@code mosi} or {@code mosei}.
         * @param distribution {@code iid} or {@code ood}.
         * @param task The task.
         * @param aligned Aligned or unaligned.
         * @return The key.
         */
        public static Key train(String dataset, String distribution, SentimentTask task, boolean aligned) {
            return new Key(dataset, distribution, task, DataSplit.TRAIN, aligned, false);
        }

        private String taskName() {
            return task.name().toLowerCase(Locale.ROOT);
        }

        private String prefix() {
            return crossDataset ? CROSS_PREFIX : "";
        }
    }

    /**
     * The standard prototype dimensions {@code {d_l, d_a, d_v}} of a published dataset (BERT-base text).
     * @param dataset {@code mosi} or {@code mosei}.
     * @return The three dimensions.
     */
    public static int[] standardDims(String dataset) {
        switch (dataset.trim().toLowerCase(Locale.ROOT)) {
            case "mosi": return new int[] {768, 5, 20};
            case "mosei": return new int[] {768, 74, 35};
            default: throw new IllegalArgumentException("Unknown published dataset '" + dataset + "', expected mosi or mosei");
        }
    }

    /**
     * The path of one class's prototype file.
     * @param root The root directory.
     * @param key The prototype set.
     * @param classIndex The class index.
     * @return The path.
     */
    public static Path featurePath(Path root, Key key, int classIndex) {
        String file = key.prefix() + key.dataset() + "_" + key.split().canonicalName() + "_" + key.taskName() + "_"
                + (key.aligned() ? "aligned" : "unaligned") + "_" + classIndex + ".npy";
        return root.resolve(key.dataset() + "_feats").resolve(key.distribution()).resolve(key.taskName()).resolve(file);
    }

    /**
     * The path of the priors file.
     * @param root The root directory.
     * @param key The prototype set.
     * @return The path.
     */
    public static Path priorPath(Path root, Key key) {
        String file = key.prefix() + key.dataset() + "_train_" + key.taskName() + ".npy";
        return root.resolve(key.dataset() + "_probs").resolve(key.distribution()).resolve(key.taskName()).resolve(file);
    }

    /**
     * Loads a prototype set with the dataset's standard dimensions ({@link #standardDims}). Not for the
     * cross-dataset variants, whose feature sizes differ.
     * @param root The root directory ({@code .../cider-prototypes}).
     * @param key The prototype set.
     * @return The prototypes and priors.
     * @throws IOException if a file is missing or malformed, or its size does not match the dimensions.
     */
    public static ClassPrototypes load(Path root, Key key) throws IOException {
        int[] dims = standardDims(key.dataset());
        return load(root, key, dims[0], dims[1], dims[2]);
    }

    /**
     * Loads a prototype set, splitting each class vector into text, audio and vision parts.
     * @param root The root directory ({@code .../cider-prototypes}).
     * @param key The prototype set.
     * @param textDim d_l.
     * @param audioDim d_a.
     * @param visionDim d_v.
     * @return The prototypes and priors (renormalised to sum to exactly 1).
     * @throws IOException naming the file if it is missing or malformed, its size is not
     * {@code d_l + d_a + d_v}, or the priors are not K positive values summing to 1.
     */
    public static ClassPrototypes load(Path root, Key key, int textDim, int audioDim, int visionDim) throws IOException {
        if (textDim <= 0 || audioDim <= 0 || visionDim <= 0) {
            throw new IllegalArgumentException("Prototype dimensions must be positive: d_l=" + textDim + ", d_a=" + audioDim + ", d_v=" + visionDim);
        }
        int k = key.task().numClasses();
        int total = textDim + audioDim + visionDim;
        float[][] text = new float[k][];
        float[][] audio = new float[k][];
        float[][] vision = new float[k][];
        for (int c = 0; c < k; c++) {
            Path file = featurePath(root, key, c);
            float[] v = readVector(file).toFloatArray();
            if (v.length != total) {
                throw new IOException("Prototype file " + file + " has " + v.length + " values, expected d_l + d_a + d_v = "
                        + textDim + " + " + audioDim + " + " + visionDim + " = " + total);
            }
            text[c] = Arrays.copyOfRange(v, 0, textDim);
            audio[c] = Arrays.copyOfRange(v, textDim, textDim + audioDim);
            vision[c] = Arrays.copyOfRange(v, textDim + audioDim, total);
        }
        Path priorFile = priorPath(root, key);
        double[] priors = readVector(priorFile).toDoubleArray();
        if (priors.length != k) {
            throw new IOException("Prior file " + priorFile + " has " + priors.length + " values, task " + key.task().name() + " has " + k + " classes");
        }
        double sum = 0;
        for (int c = 0; c < k; c++) {
            if (!(priors[c] > 0) || !Double.isFinite(priors[c])) {
                throw new IOException("Prior file " + priorFile + " has the invalid prior " + priors[c] + " for class " + c + ", expected a positive value");
            }
            sum += priors[c];
        }
        if (Math.abs(sum - 1.0) > PUBLISHED_PRIOR_TOLERANCE) {
            throw new IOException("Priors in " + priorFile + " sum to " + sum + ", expected 1");
        }
        for (int c = 0; c < k; c++) {
            priors[c] /= sum;
        }
        try {
            return ClassPrototypes.of(text, audio, vision, priors);
        } catch (IllegalArgumentException e) {
            throw new IOException("Invalid prototype set " + key + " under " + root + ": " + e.getMessage(), e);
        }
    }

    private static NumpyArray readVector(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("Missing published prototype file " + file);
        }
        NumpyArray a = NpyFiles.read(file);
        if (a.ndim() != 1) {
            throw new IOException("Expected a 1-dimensional array in " + file + ", found shape " + Arrays.toString(a.shape()));
        }
        return a;
    }
}
