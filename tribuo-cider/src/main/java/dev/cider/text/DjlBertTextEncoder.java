package dev.cider.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import dev.cider.data.FeatureSequence;
import dev.cider.data.TextInput;
import dev.cider.nn.bert.BertEncoderBlock;
import dev.cider.nn.bert.BertWeights;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * A BERT-family text encoder run by DJL (PyTorch engine) as a {@link BertEncoderBlock} whose weights come from a
 * float32 ONNX export: by default MiniLM-L6 ({@link MiniLmModel#FLOAT}, {@code d_l = 384}) from the classpath, or
 * a user's BERT export given as {@code modelPath}. Its features match {@link OnnxTextEncoder} running the same
 * float model (to about {@code 1e-5}).
 * <p>
 * As a {@link TextEncoder} it is frozen: {@link #encode} runs inference passes (no dropout), in batches of
 * {@code batchSize} texts grouped by valid length and trimmed to each batch's longest text; the rows of padding
 * positions are zero. For fine-tuning, {@link #block()} is the encoder itself, its parameters requiring gradients,
 * and {@link #noDecayParameterNames()} names the biases and LayerNorm parameters that are exempt from weight decay
 * (see {@code dev.cider.train.EncoderParameterGroups}); fine-tuning changes the features this encoder returns.
 * <p>
 * The block's parameters live in an {@link NDManager} owned by this encoder; {@link #close()} releases them.
 * The {@link #modelHash()} is the SHA-256 of the model bytes.
 */
public final class DjlBertTextEncoder extends AbstractTextEncoder {

    @Config(description = "The built-in MiniLM-L6 model to load; only FLOAT (the default) has float32 weights. Used "
            + "when modelPath is not set.")
    private MiniLmModel model = MiniLmModel.FLOAT;

    @Config(description = "Path to a float32 BERT ONNX model (Hugging Face BertModel export). Overrides model when set.")
    private Path modelPath;

    @Config(description = "Number of attention heads (not recorded in the weights); 12 for MiniLM-L6 and bert-base.")
    private int heads = 12;

    @Config(description = "Dropout rate of training (fine-tuning) passes; inference passes use none.")
    private float dropout = 0.1f;

    private NDManager manager;
    private BertEncoderBlock block;

    /**
     * For OLCUT.
     */
    private DjlBertTextEncoder() {
    }

    private DjlBertTextEncoder(MiniLmModel model, int batchSize, String hash) {
        super(batchSize);
        this.model = model;
        setModelHash(hash);
    }

    /**
     * The float MiniLM-L6 encoder from the classpath, batches of {@value AbstractTextEncoder#DEFAULT_BATCH_SIZE}.
     * @return The encoder.
     * @throws PropertyException if the model cannot be loaded.
     */
    public static DjlBertTextEncoder miniLm() {
        return new DjlBertTextEncoder(MiniLmModel.FLOAT, DEFAULT_BATCH_SIZE);
    }

    /**
     * Creates an encoder from a built-in model.
     * @param model The model; must be {@link MiniLmModel#FLOAT}, the quantised model's weights being 8-bit.
     * @param batchSize Texts per forward pass.
     * @throws PropertyException if an argument is invalid or the model cannot be loaded.
     */
    public DjlBertTextEncoder(MiniLmModel model, int batchSize) {
        this(model, null, 12, 0.1f, batchSize);
    }

    /**
     * Creates an encoder from a user's float32 BERT ONNX export.
     * @param modelPath The {@code .onnx} file.
     * @param heads Its number of attention heads.
     * @param batchSize Texts per forward pass.
     * @throws PropertyException if an argument is invalid or the model cannot be loaded.
     */
    public DjlBertTextEncoder(Path modelPath, int heads, int batchSize) {
        this(MiniLmModel.FLOAT, modelPath, heads, 0.1f, batchSize);
    }

    /**
     * Creates an encoder with every option.
     * @param model The built-in model, used when {@code modelPath} is null.
     * @param modelPath A float32 BERT ONNX file, or null.
     * @param heads The number of attention heads.
     * @param dropout The dropout rate of training passes.
     * @param batchSize Texts per forward pass.
     * @throws PropertyException if an argument is invalid or the model cannot be loaded.
     */
    public DjlBertTextEncoder(MiniLmModel model, Path modelPath, int heads, float dropout, int batchSize) {
        super(batchSize);
        this.model = model;
        this.modelPath = modelPath;
        this.heads = heads;
        this.dropout = dropout;
        postConfig();
    }

    /**
     * Used by the OLCUT configuration system: validates the options and loads the model.
     * @throws PropertyException naming the offending option.
     */
    @Override
    public void postConfig() {
        validate();
        checkModelFile(modelPath);
        String property = modelPath != null ? "modelPath" : "model";
        try {
            install(readWeights());
        } catch (IOException e) {
            throw loadFailure(e, property, "Cannot read ONNX model " + describeModel() + ": " + e.getMessage());
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw loadFailure(e, property, e.getMessage());
        }
    }

    /**
     * An encoder of the built-in {@code model} from weights already read from it (so that tests read the model
     * once).
     * @param model The built-in model the weights were read from.
     * @param weights Its weights.
     * @param hash The SHA-256 of its bytes.
     * @param batchSize Texts per forward pass.
     * @return The encoder.
     */
    static DjlBertTextEncoder fromWeights(MiniLmModel model, BertWeights weights, String hash, int batchSize) {
        DjlBertTextEncoder encoder = new DjlBertTextEncoder(model, batchSize, hash);
        encoder.validate();
        try {
            encoder.install(weights);
        } catch (RuntimeException e) {
            encoder.release();
            throw e;
        }
        return encoder;
    }

    private void validate() {
        checkBatchSize();
        if (heads < 1) {
            throw new PropertyException("", "heads", "heads must be positive, found " + heads);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new PropertyException("", "dropout", "dropout must be in [0, 1), found " + dropout);
        }
        if (modelPath == null && model == null) {
            throw new PropertyException("", "model", "Set either model or modelPath");
        }
    }

    /** Builds and initialises the block and sets its weights. */
    private void install(BertWeights weights) {
        manager = NDManager.newBaseManager();
        BertEncoderBlock b = weights.newBlock(manager, heads, dropout);
        setDim(b.hiddenSize());
        block = b;
    }

    /** Reads the weights while hashing the bytes, without holding the whole file in memory twice. */
    private BertWeights readWeights() throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
        InputStream raw = modelPath != null ? Files.newInputStream(modelPath)
                : DjlBertTextEncoder.class.getClassLoader().getResourceAsStream(model.resource());
        if (raw == null) {
            throw new IOException("Classpath resource '" + model.resource() + "' not found; add the Maven dependency "
                    + model.artifact());
        }
        try (InputStream in = new DigestInputStream(raw, digest)) {
            BertWeights weights = BertWeights.loadFromOnnx(in, describeModel());
            in.transferTo(OutputStream.nullOutputStream());
            setModelHash(HexFormat.of().formatHex(digest.digest()));
            return weights;
        }
    }

    @Override
    protected String describeModel() {
        return modelPath != null ? modelPath.toString() : model.resource();
    }

    /**
     * The encoder block (parameters requiring gradients), for fine-tuning. It belongs to this encoder: it stays
     * valid until {@link #close()}.
     * @return The block.
     */
    public BertEncoderBlock block() {
        BertEncoderBlock b = block;
        if (b == null) {
            throw closed();
        }
        return b;
    }

    /**
     * The names (relative to {@link #block()}) of the parameters exempt from weight decay: biases and LayerNorm.
     * @return The names.
     */
    public Set<String> noDecayParameterNames() {
        return block().noDecayParameterNames();
    }

    @Override
    protected boolean isOpen() {
        return block != null;
    }

    @Override
    protected void checkText(TextInput text, int index) {
        BertEncoderBlock b = block();
        if (text.length() > b.maxPositions()) {
            throw new IllegalArgumentException("Text " + index + " has " + text.length() + " tokens, more than the "
                    + b.maxPositions() + " positions of the encoder");
        }
        for (int t = 0; t < text.length(); t++) {
            int id = text.tokenId(t);
            if (id < 0 || id >= b.vocabularySize()) {
                throw new IllegalArgumentException("Text " + index + ": token id " + id + " at position " + t
                        + " is outside the vocabulary [0, " + b.vocabularySize() + ")");
            }
        }
    }

    @Override
    protected void encodeBatch(List<TextInput> texts, int[] batch, FeatureSequence[] out) {
        BertEncoderBlock b = block();
        int dim = b.hiddenSize();
        int width = 0;
        for (int i : batch) {
            width = Math.max(width, texts.get(i).length());
        }
        if (fillIfEmpty(texts, batch, width, out)) {
            return;
        }
        int[] ids = new int[batch.length * width];
        float[] mask = new float[batch.length * width];
        for (int k = 0; k < batch.length; k++) {
            TextInput text = texts.get(batch[k]);
            for (int t = 0; t < text.length(); t++) {
                ids[k * width + t] = text.tokenId(t);
                mask[k * width + t] = 1f;
            }
        }
        try (NDManager scope = manager.newSubManager()) {
            Shape shape = new Shape(batch.length, width);
            NDList inputs = new NDList(scope.create(ids, shape), scope.create(mask, shape));
            NDArray hidden = b.forward(new ParameterStore(scope, false), inputs, false).head(); // (B, W, H)
            float[] features = hidden.toFloatArray();
            for (int k = 0; k < batch.length; k++) {
                TextInput text = texts.get(batch[k]);
                float[] values = new float[text.steps() * dim];
                System.arraycopy(features, k * width * dim, values, 0, text.length() * dim);
                out[batch[k]] = FeatureSequence.wrap(values, text.steps(), dim, text.length());
            }
        }
    }

    @Override
    protected void release() {
        block = null;
        if (manager != null) {
            manager.close();
            manager = null;
        }
    }
}
