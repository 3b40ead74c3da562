package dev.cider.text;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import dev.cider.data.FeatureSequence;
import dev.cider.data.TextInput;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import java.util.stream.IntStream;

/**
 * A frozen BERT-family encoder run by ONNX Runtime: token ids to the last hidden state.
 * <p>
 * By default it runs MiniLM-L6 ({@link MiniLmModel#QUANTISED}, {@code d_l = 384}) from the classpath; a user's
 * BERT-family export can be given as {@code modelPath} instead, and then {@code d_l} follows the model's output.
 * The model must take {@code input_ids} and {@code attention_mask} (int64 or int32, batch x tokens) and may take
 * {@code token_type_ids} (fed zeros); its token features are {@code last_hidden_state}, or the only float output of
 * rank 3, or the output named by {@code outputName}.
 * <p>
 * Texts are encoded in batches of {@code batchSize}, grouped by valid length (longest first) so that each batch is
 * trimmed to its own longest valid length; positions past a text's valid length get attention mask 0 and the
 * returned rows there are zero. At load time the encoder checks that a text gets the same features alone and in a
 * padded batch; a dynamically quantised model (such as {@link MiniLmModel#QUANTISED}, whose activation quantisation
 * ranges span the whole batch tensor) fails that check and is then run one text per call, trimmed to its valid
 * length, so a text's features never depend on its batch (see {@link #batchesTexts()}). The model is read once, hashed (SHA-256, recorded in the provenance) and kept in
 * one ONNX Runtime session, which {@link #close()} releases. The ONNX Runtime environment is the process-wide
 * singleton shared with every other session (Tribuo's ONNX models included) and is therefore not closed here.
 */
public final class OnnxTextEncoder extends AbstractTextEncoder {
    private static final Logger logger = Logger.getLogger(OnnxTextEncoder.class.getName());

    @Config(description = "The built-in MiniLM-L6 model, QUANTISED (default) or FLOAT; used when modelPath is not set.")
    private MiniLmModel model = MiniLmModel.QUANTISED;

    @Config(description = "Path to a BERT-family ONNX model (inputs input_ids, attention_mask and optionally "
            + "token_type_ids; output batch x tokens x features). Overrides model when set.")
    private Path modelPath;

    @Config(description = "The model output holding the token features; empty selects last_hidden_state, or the only "
            + "float output of rank 3.")
    private String outputName = "";

    @Config(description = "ONNX Runtime intra-op threads; 0 lets ONNX Runtime choose (one per physical core).")
    private int numThreads = 0;

    @Config(description = "Trim each batch to its longest valid length before running the model (the result is the "
            + "same; it saves time).")
    private boolean trimBatches = true;

    /** bert-base-uncased ids of "[CLS] the movie [SEP]" and "[CLS] i think the movie was great . [SEP]". */
    private static final int[][] PROBE_TEXTS = {{101, 1996, 3185, 102}, {101, 1045, 2228, 1996, 3185, 2001, 2307, 1012, 102}};
    private static final double BATCH_TOLERANCE = 1e-4;

    private OrtEnvironment env;
    private OrtSession.SessionOptions options;
    private OrtSession session;
    private OnnxModelSignature signature;
    private boolean batchInvariant;

    /**
     * For OLCUT.
     */
    private OnnxTextEncoder() {
    }

    /**
     * The default encoder: quantised MiniLM-L6 from the classpath, batches of {@value AbstractTextEncoder#DEFAULT_BATCH_SIZE}, threads
     * chosen by ONNX Runtime.
     * @return The encoder.
     */
    public static OnnxTextEncoder miniLm() {
        return new OnnxTextEncoder(MiniLmModel.QUANTISED, DEFAULT_BATCH_SIZE, 0);
    }

    /**
     * Creates an encoder running a built-in MiniLM-L6 model.
     * @param model The model variant.
     * @param batchSize The number of texts per ONNX Runtime call.
     * @param numThreads Intra-op threads; 0 lets ONNX Runtime choose.
     * @throws PropertyException if an argument is invalid or the model cannot be loaded.
     */
    public OnnxTextEncoder(MiniLmModel model, int batchSize, int numThreads) {
        this(model, null, "", batchSize, numThreads, true);
    }

    /**
     * Creates an encoder running a user-supplied BERT-family ONNX model.
     * @param modelPath The {@code .onnx} file.
     * @param batchSize The number of texts per ONNX Runtime call.
     * @param numThreads Intra-op threads; 0 lets ONNX Runtime choose.
     * @throws PropertyException if the file does not exist, lacks the inputs or output of a BERT-family encoder,
     * or an argument is invalid.
     */
    public OnnxTextEncoder(Path modelPath, int batchSize, int numThreads) {
        this(MiniLmModel.QUANTISED, modelPath, "", batchSize, numThreads, true);
    }

    /**
     * Creates an encoder with every option.
     * @param model The built-in model, used when {@code modelPath} is null.
     * @param modelPath A user-supplied {@code .onnx} file, or null.
     * @param outputName The token feature output, or empty to choose it automatically.
     * @param batchSize The number of texts per ONNX Runtime call.
     * @param numThreads Intra-op threads; 0 lets ONNX Runtime choose.
     * @param trimBatches Whether to trim each batch to its longest valid length.
     * @throws PropertyException if an argument is invalid or the model cannot be loaded.
     */
    public OnnxTextEncoder(MiniLmModel model, Path modelPath, String outputName, int batchSize, int numThreads,
                           boolean trimBatches) {
        super(batchSize);
        this.model = model;
        this.modelPath = modelPath;
        this.outputName = outputName == null ? "" : outputName;
        this.numThreads = numThreads;
        this.trimBatches = trimBatches;
        postConfig();
    }

    /**
     * Used by the OLCUT configuration system: validates the options and loads the model.
     * @throws PropertyException naming the offending option.
     */
    @Override
    public void postConfig() {
        checkBatchSize();
        if (numThreads < 0) {
            throw new PropertyException("", "numThreads", "numThreads must be 0 (automatic) or positive, found " + numThreads);
        }
        if (modelPath == null && model == null) {
            throw new PropertyException("", "model", "Set either model (QUANTISED or FLOAT) or modelPath");
        }
        if (outputName == null) {
            outputName = "";
        }
        String property = modelPath != null ? "modelPath" : "model";
        String name = describeModel();
        try {
            byte[] bytes = null;
            if (modelPath != null) {
                checkModelFile(modelPath);
                setModelHash(ModelBytes.sha256(modelPath));
            } else {
                bytes = ModelBytes.readResource(model.resource(), model.artifact());
                setModelHash(ModelBytes.sha256(bytes));
            }
            env = OrtEnvironment.getEnvironment();
            options = new OrtSession.SessionOptions();
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            if (numThreads > 0) {
                options.setIntraOpNumThreads(numThreads);
            }
            session = bytes != null ? env.createSession(bytes, options) : env.createSession(modelPath.toString(), options);
            signature = OnnxModelSignature.of(session, outputName, name);
            setDim(signature.outputDim > 0 ? Math.toIntExact(signature.outputDim) : probeDim());
            batchInvariant = probeBatchInvariance();
            if (!batchInvariant) {
                logger.info("ONNX model " + name + " gives different features for a text encoded alone and in a padded "
                        + "batch (dynamic quantisation); it is run one text per call");
            }
        } catch (IOException e) {
            throw loadFailure(e, property, "Cannot read ONNX model " + name + ": " + e.getMessage());
        } catch (OrtException e) {
            throw loadFailure(e, property, "ONNX Runtime cannot load model " + name + ": " + e.getMessage());
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw loadFailure(e, property, e.getMessage());
        }
    }

    @Override
    protected String describeModel() {
        return modelPath != null ? modelPath.toString() : model.resource();
    }

    /** Runs one single-token text to read the feature dimension when the model metadata leaves it symbolic. */
    private int probeDim() throws OrtException {
        long[] shape = {1, 1};
        try (OrtSession.Result result = run(new long[]{0}, new long[]{1}, shape)) {
            long[] out = outputShape(result);
            return Math.toIntExact(out[2]);
        }
    }

    @Override
    protected int textsPerPass() {
        return batchInvariant ? batchSize() : 1;
    }

    /**
     * Encodes with explicit batching options (for tests comparing them).
     * @param texts The texts.
     * @param size The batch size, used only if the model is batch-invariant.
     * @param trim Whether to trim each batch to its longest valid length (always true for a model that is not).
     * @return The features.
     */
    List<FeatureSequence> encode(List<TextInput> texts, int size, boolean trim) {
        boolean trimmed = !batchInvariant || trim;
        return encodeInBatches(texts, batchInvariant ? size : 1, (group, out) -> encodeBatch(texts, group, trimmed, out));
    }

    @Override
    protected boolean isOpen() {
        return session != null;
    }

    @Override
    protected void checkText(TextInput text, int index) {
        for (int t = 0; t < text.length(); t++) {
            if (text.tokenId(t) < 0) {
                throw new IllegalArgumentException("Text " + index + ": token id " + text.tokenId(t) + " at position " + t + " is negative");
            }
        }
    }

    @Override
    protected void encodeBatch(List<TextInput> texts, int[] batch, FeatureSequence[] out) {
        encodeBatch(texts, batch, !batchInvariant || trimBatches, out);
    }

    private void encodeBatch(List<TextInput> texts, int[] batch, boolean trim, FeatureSequence[] out) {
        int width = 0;
        for (int i : batch) {
            width = Math.max(width, trim ? texts.get(i).length() : texts.get(i).steps());
        }
        if (fillIfEmpty(texts, batch, width, out)) {
            return;
        }
        int dim = dim();
        long[] ids = new long[batch.length * width];
        long[] mask = new long[batch.length * width];
        for (int b = 0; b < batch.length; b++) {
            TextInput text = texts.get(batch[b]);
            for (int t = 0; t < text.length(); t++) {
                ids[b * width + t] = text.tokenId(t);
                mask[b * width + t] = 1;
            }
        }
        long[] shape = {batch.length, width};
        try (OrtSession.Result result = run(ids, mask, shape)) {
            long[] outShape = outputShape(result);
            if (outShape[0] != batch.length || outShape[1] != width || outShape[2] != dim) {
                throw new IllegalStateException("ONNX model " + describeModel() + " returned shape " + Arrays.toString(outShape)
                        + " for input " + Arrays.toString(shape) + ", expected [" + batch.length + ", " + width + ", " + dim + "]");
            }
            FloatBuffer features = ((OnnxTensor) result.get(signature.output).get()).getFloatBuffer();
            for (int b = 0; b < batch.length; b++) {
                TextInput text = texts.get(batch[b]);
                float[] values = new float[text.steps() * dim];
                features.get(b * width * dim, values, 0, text.length() * dim);
                out[batch[b]] = FeatureSequence.wrap(values, text.steps(), dim, text.length());
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed to encode a batch of " + batch.length + " texts (longest "
                    + width + " tokens) with model " + describeModel() + ": " + e.getMessage(), e);
        }
    }

    private OrtSession.Result run(long[] ids, long[] mask, long[] shape) throws OrtException {
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put(OnnxModelSignature.INPUT_IDS, tensor(ids, shape, signature.idsType));
            inputs.put(OnnxModelSignature.ATTENTION_MASK, tensor(mask, shape, signature.maskType));
            if (signature.tokenTypesType != null) {
                inputs.put(OnnxModelSignature.TOKEN_TYPE_IDS, tensor(new long[ids.length], shape, signature.tokenTypesType));
            }
            return session.run(inputs, Set.of(signature.output));
        } finally {
            for (OnnxTensor t : inputs.values()) {
                t.close();
            }
        }
    }

    private OnnxTensor tensor(long[] values, long[] shape, OnnxJavaType type) throws OrtException {
        if (type == OnnxJavaType.INT32) {
            int[] ints = new int[values.length];
            for (int i = 0; i < values.length; i++) {
                ints[i] = Math.toIntExact(values[i]);
            }
            return OnnxTensor.createTensor(env, IntBuffer.wrap(ints), shape);
        }
        return OnnxTensor.createTensor(env, LongBuffer.wrap(values), shape);
    }

    private long[] outputShape(OrtSession.Result result) {
        Optional<OnnxValue> value = result.get(signature.output);
        if (value.isEmpty() || !(value.get() instanceof OnnxTensor)) {
            throw new IllegalStateException("ONNX model " + describeModel() + " returned no tensor '" + signature.output + "'");
        }
        return ((TensorInfo) value.get().getInfo()).getShape();
    }

    /**
     * Encodes two probe texts alone and together in one padded batch and compares their features. A dynamically
     * quantised model (such as {@link MiniLmModel#QUANTISED}) computes its activation quantisation ranges over the
     * whole input tensor, so its features of a text depend on the other texts and the padding of the batch.
     */
    private boolean probeBatchInvariance() {
        int longest = PROBE_TEXTS[PROBE_TEXTS.length - 1].length;
        List<TextInput> probes = new ArrayList<>();
        for (int[] ids : PROBE_TEXTS) {
            probes.add(new TextInput(Arrays.copyOf(ids, longest), ids.length, null));
        }
        FeatureSequence[] alone = new FeatureSequence[probes.size()];
        FeatureSequence[] together = new FeatureSequence[probes.size()];
        for (int i = 0; i < probes.size(); i++) {
            encodeBatch(probes, new int[]{i}, true, alone);
        }
        encodeBatch(probes, IntStream.range(0, probes.size()).toArray(), false, together);
        for (int i = 0; i < probes.size(); i++) {
            float[] a = alone[i].toArray();
            float[] b = together[i].toArray();
            for (int k = 0; k < a.length; k++) {
                if (Math.abs(a[k] - b[k]) > BATCH_TOLERANCE) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Whether texts share ONNX Runtime calls: true if the model gives the same features (within 1e-4) for a text
     * encoded alone and in a padded batch; false for dynamically quantised models, which are then run one text per
     * call, trimmed to its valid length, so that a text's features never depend on the other texts.
     * @return True if texts are batched.
     */
    public boolean batchesTexts() {
        return batchInvariant;
    }

    @Override
    protected void release() {
        if (session != null) {
            try {
                session.close();
            } catch (OrtException e) {
                logger.warning("Failed to close the ONNX Runtime session of " + describeModel() + ": " + e.getMessage());
            }
            session = null;
        }
        if (options != null) {
            options.close();
            options = null;
        }
    }
}
