package dev.cider.text;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenancable;
import dev.cider.data.FeatureSequence;
import dev.cider.data.TextInput;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.IntStream;

/**
 * What the model-backed text encoders ({@link OnnxTextEncoder}, {@link DjlBertTextEncoder}) share: the
 * {@code batchSize} option, the model's SHA-256 and feature dimension, the provenance, the batching of
 * {@link #encode(List)} and a lock that lets {@code encode} calls run concurrently while {@link #close()} waits for
 * them.
 * <p>
 * Texts are encoded longest first, in groups of at most a batch size, so that each group holds texts of similar
 * length and can be trimmed to its longest valid length. A subclass loads its model in {@code postConfig} (recording
 * the hash and dimension with {@link #setModelHash} and {@link #setDim}), checks each text
 * ({@link #checkText}), encodes one group ({@link #encodeInBatches}'s action) and releases the model
 * ({@link #release()}, also called when loading fails, see {@link #loadFailure}).
 */
public abstract class AbstractTextEncoder implements TextEncoder, Provenancable<ConfiguredObjectProvenance> {

    /** The default number of texts per forward pass. */
    public static final int DEFAULT_BATCH_SIZE = 32;

    @Config(description = "Number of texts per forward pass of the model (a dynamically quantised ONNX model, whose "
            + "features depend on the batch, is always run one text per pass).")
    private int batchSize = DEFAULT_BATCH_SIZE;

    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private String hash;
    private int dim;

    /**
     * For OLCUT: the batch size is configured afterwards.
     */
    protected AbstractTextEncoder() {
    }

    /**
     * Creates an encoder with the given batch size (checked by {@link #checkBatchSize()}).
     * @param batchSize Texts per forward pass.
     */
    protected AbstractTextEncoder(int batchSize) {
        this.batchSize = batchSize;
    }

    /**
     * Encodes one group of texts: writes the features of each text {@code texts.get(i)}, {@code i} in the group, to
     * {@code out[i]}.
     */
    @FunctionalInterface
    protected interface BatchAction {
        /**
         * Encodes the group.
         * @param group Indices into the texts, longest first.
         * @param out Where the features go, indexed like the texts.
         */
        void encode(int[] group, FeatureSequence[] out);
    }

    /**
     * Checks the batch size option.
     * @throws PropertyException if it is not positive.
     */
    protected final void checkBatchSize() {
        if (batchSize < 1) {
            throw new PropertyException("", "batchSize", "batchSize must be at least 1, found " + batchSize);
        }
    }

    /**
     * Checks the {@code modelPath} option.
     * @param modelPath A model file, or null when a built-in model is used.
     * @throws PropertyException if it is set but is not a regular file.
     */
    protected static void checkModelFile(Path modelPath) {
        if (modelPath != null && !Files.isRegularFile(modelPath)) {
            throw new PropertyException("", "modelPath", "ONNX model file " + modelPath.toAbsolutePath()
                    + " does not exist or is not a regular file");
        }
    }

    /**
     * Records the SHA-256 of the model bytes.
     * @param hash 64 lower-case hexadecimal digits.
     */
    protected final void setModelHash(String hash) {
        this.hash = hash;
    }

    /**
     * Records the token feature dimension.
     * @param dim The dimension.
     */
    protected final void setDim(int dim) {
        this.dim = dim;
    }

    /**
     * Names the model in messages: its file, or its classpath resource.
     * @return The description.
     */
    protected abstract String describeModel();

    /**
     * Whether the model is loaded (not yet closed).
     * @return True until {@link #close()}.
     */
    protected abstract boolean isOpen();

    /**
     * Checks one text before anything is encoded.
     * @param text The text.
     * @param index Its position in the call's list, for the message.
     * @throws IllegalArgumentException if the model cannot encode it.
     */
    protected abstract void checkText(TextInput text, int index);

    /**
     * Releases the model's native resources. Idempotent; called by {@link #close()} under the lock, and on a failed
     * load.
     */
    protected abstract void release();

    @Override
    public final List<FeatureSequence> encode(List<TextInput> texts) {
        return encodeInBatches(texts, textsPerPass(), (group, out) -> encodeBatch(texts, group, out));
    }

    /**
     * The number of texts per forward pass of {@link #encode(List)}.
     * @return The batch size, unless the subclass runs fewer texts per pass.
     */
    protected int textsPerPass() {
        return batchSize;
    }

    /**
     * Encodes one group of texts with the default options (see {@link BatchAction}).
     * @param texts All the texts of the call.
     * @param group Indices into them, longest first, at most {@link #textsPerPass()} of them.
     * @param out Where the features go, indexed like the texts.
     */
    protected abstract void encodeBatch(List<TextInput> texts, int[] group, FeatureSequence[] out);

    /**
     * Encodes texts under the read lock: checks that the encoder is open and every text is valid, orders the texts
     * longest first and hands groups of at most {@code perCall} to the action.
     * @param texts The texts.
     * @param perCall Texts per group (positive).
     * @param action Encodes one group.
     * @return One feature sequence per text, in the order of {@code texts}.
     * @throws IllegalStateException if the encoder is closed.
     * @throws IllegalArgumentException if a text is invalid.
     */
    protected final List<FeatureSequence> encodeInBatches(List<TextInput> texts, int perCall, BatchAction action) {
        lock.readLock().lock();
        try {
            if (!isOpen()) {
                throw closed();
            }
            for (int i = 0; i < texts.size(); i++) {
                checkText(texts.get(i), i);
            }
            Integer[] order = IntStream.range(0, texts.size()).boxed().toArray(Integer[]::new);
            Arrays.sort(order, Comparator.comparingInt((Integer i) -> texts.get(i).length()).reversed());
            FeatureSequence[] out = new FeatureSequence[texts.size()];
            for (int start = 0; start < order.length; start += perCall) {
                int[] group = new int[Math.min(perCall, order.length - start)];
                for (int k = 0; k < group.length; k++) {
                    group[k] = order[start + k];
                }
                action.encode(group, out);
            }
            return List.of(out);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Fills the features of a group whose texts are all empty (valid length 0) with zero rows.
     * @param texts All the texts of the call.
     * @param group The group's indices.
     * @param width The group's widest length (valid or padded, as the caller feeds the model).
     * @param out Where the features go.
     * @return True if the group was empty and is now filled, so the model need not run.
     */
    protected final boolean fillIfEmpty(List<TextInput> texts, int[] group, int width, FeatureSequence[] out) {
        if (width != 0) {
            return false;
        }
        for (int i : group) {
            out[i] = FeatureSequence.zeros(texts.get(i).steps(), dim, 0);
        }
        return true;
    }

    /**
     * The exception for a use after {@link #close()}.
     * @return The exception, naming the encoder and its model.
     */
    protected final IllegalStateException closed() {
        return new IllegalStateException(getClass().getSimpleName() + "(" + describeModel() + ") is closed");
    }

    /**
     * Releases what a failed load acquired and describes the failure.
     * @param cause The failure.
     * @param property The option naming the model ({@code model} or {@code modelPath}).
     * @param message The message.
     * @return The exception to throw.
     */
    protected final PropertyException loadFailure(Exception cause, String property, String message) {
        release();
        return new PropertyException(cause, "", property, message);
    }

    @Override
    public final int dim() {
        return dim;
    }

    @Override
    public final String modelHash() {
        return hash;
    }

    /**
     * The number of texts per forward pass.
     * @return The batch size.
     */
    public final int batchSize() {
        return batchSize;
    }

    @Override
    public ConfiguredObjectProvenance getProvenance() {
        return new TextEncoderProvenance(this);
    }

    /**
     * Releases the model. Idempotent; waits for running {@code encode} calls to finish.
     */
    @Override
    public final void close() {
        lock.writeLock().lock();
        try {
            release();
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(model=" + describeModel() + ", dim=" + dim + ", sha256=" + hash
                + ", batchSize=" + batchSize + ")";
    }
}
