package dev.cider.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.cider.data.MultimodalExample;
import dev.cider.data.TextInput;
import dev.cider.runtime.CounterfactualFeatureCache;
import dev.cider.runtime.CounterfactualTexts;
import dev.cider.runtime.TextRepresentation;
import dev.cider.text.MissingTokenEncoding;
import dev.cider.text.TextEncoder;
import dev.cider.text.TextEncoderSpec;
import org.tribuo.Example;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;
import org.tribuo.interop.onnx.DenseTransformer;
import org.tribuo.interop.onnx.LabelTransformer;
import org.tribuo.interop.onnx.ONNXExternalModel;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;

/**
 * A CIDer model exported by {@code CiderModel.exportONNXModel}, loaded into ONNX Runtime: builds each utterance's
 * input row ({@link WholeModelInput}: its padded modalities, their lengths and, for a debiasing model, its
 * counterfactual text encoded by the recorded text encoder) and returns the class probabilities the graph computes,
 * which equal the DJL model's. Everything it needs is in the ONNX file's metadata ({@link OnnxModelMetadata}).
 * <p>
 * It also opens the same file as a Tribuo {@link ONNXExternalModel} ({@link #externalModel}): Tribuo's external
 * models read an {@code Example}'s named features into a vector, so the utterance is first flattened into an
 * {@link ArrayExample} whose features {@link #featureName(int) f000000, f000001, ...} are its input row
 * ({@link #flatExample}); Tribuo's {@link DenseTransformer} turns those into the (B, F) tensor and its
 * {@link LabelTransformer} turns the probabilities into predictions.
 * <p>
 * Thread-safe for prediction; {@link #close()} releases the session and a text encoder it built.
 */
public final class ExportedCiderModel implements AutoCloseable {

    private static final Logger logger = Logger.getLogger(ExportedCiderModel.class.getName());

    /** The name of the graph's input (Tribuo's ONNX export names it so). */
    public static final String INPUT_NAME = "input";

    /** Rows per ONNX Runtime call when predicting many utterances. */
    public static final int BATCH_SIZE = 64;

    private final Path path;
    private final OnnxModelMetadata metadata;
    private final OrtEnvironment env;
    private final OrtSession session;
    private final TextEncoder encoder;
    private final boolean ownsEncoder;
    private final CounterfactualTexts counterfactuals;

    private ExportedCiderModel(Path path, OrtSession.SessionOptions options, TextEncoder given) throws IOException, OrtException {
        if (!Files.isRegularFile(path)) {
            throw new IOException("ONNX model " + path + " does not exist or is not a file");
        }
        this.path = path;
        this.env = OrtEnvironment.getEnvironment();
        this.session = env.createSession(path.toString(), options);
        try {
            this.metadata = OnnxModelMetadata.fromMap(session.getMetadata().getCustomMetadata(), "ONNX model " + path);
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
        TextEncoder built = null;
        if (given == null && metadata.input().counterfactual() && metadata.textEncoder().isPresent()) {
            Optional<TextEncoder> rebuilt = metadata.textEncoder().get().rebuild();
            if (rebuilt.isPresent()) {
                built = rebuilt.get();
            } else {
                logger.warning("ONNX model " + path + ": the text encoder " + metadata.textEncoder().get().className()
                        + " cannot be rebuilt; counterfactual texts get zero features at their masked positions instead");
            }
        }
        this.encoder = given != null ? given : built;
        this.ownsEncoder = given == null && built != null;
        UnaryOperator<TextInput> op = encoder == null ? null
                : TextEncoderSpec.counterfactualOperator(encoder, null, MissingTokenEncoding.ZEROED, metadata.specialTokens());
        this.counterfactuals = new CounterfactualTexts(metadata.biasWords(), TextRepresentation.TOKEN_FEATURES, op, new CounterfactualFeatureCache());
    }

    /**
     * Loads an exported model, rebuilding its recorded text encoder if it debiases.
     * @param path The .onnx file.
     * @return The model.
     * @throws IOException if the file is missing.
     * @throws OrtException if ONNX Runtime cannot load it.
     * @throws IllegalArgumentException if it is not a CIDer export.
     */
    public static ExportedCiderModel load(Path path) throws IOException, OrtException {
        return new ExportedCiderModel(path, new OrtSession.SessionOptions(), null);
    }

    /**
     * Loads an exported model with session options and a live text encoder (which the caller keeps and closes).
     * @param path The .onnx file.
     * @param options The ONNX Runtime session options.
     * @param encoder The text encoder of the counterfactual texts (its model hash must be the recorded one), or null
     *                to rebuild the recorded one.
     * @return The model.
     * @throws IOException if the file is missing.
     * @throws OrtException if ONNX Runtime cannot load it.
     * @throws IllegalArgumentException if it is not a CIDer export or the encoder is not the recorded one.
     */
    public static ExportedCiderModel load(Path path, OrtSession.SessionOptions options, TextEncoder encoder) throws IOException, OrtException {
        ExportedCiderModel m = new ExportedCiderModel(path, options, encoder);
        if (encoder != null && m.metadata.textEncoder().map(s -> !s.modelHash().equals(encoder.modelHash())).orElse(true)) {
            m.close();
            throw new IllegalArgumentException("ONNX model " + path + " records " + m.metadata.textEncoder().map(s -> "a text encoder with model hash "
                    + s.modelHash()).orElse("no text encoder") + ", not " + encoder.modelHash());
        }
        return m;
    }

    /** @return What the file's metadata says. */
    public OnnxModelMetadata metadata() {
        return metadata;
    }

    /** @return The file. */
    public Path path() {
        return path;
    }

    /**
     * The input row of an utterance.
     * @param ex The utterance, with the model's layout and token features.
     * @return The row of {@code metadata().input().width()} values.
     * @throws IllegalArgumentException naming the utterance if it does not fit the layout.
     */
    public float[] inputRow(MultimodalExample ex) {
        WholeModelInput in = metadata.input();
        return in.row(ex, in.counterfactual() ? counterfactuals.of(ex) : null);
    }

    /**
     * The class probabilities of utterances, in the task's class order.
     * @param examples The utterances.
     * @return One row of K probabilities per utterance.
     * @throws OrtException if ONNX Runtime fails.
     */
    public double[][] probabilities(List<MultimodalExample> examples) throws OrtException {
        int width = metadata.input().width();
        double[][] out = new double[examples.size()][];
        for (int start = 0; start < examples.size(); start += BATCH_SIZE) {
            int end = Math.min(examples.size(), start + BATCH_SIZE);
            float[] rows = new float[(end - start) * width];
            for (int i = start; i < end; i++) {
                System.arraycopy(inputRow(examples.get(i)), 0, rows, (i - start) * width, width);
            }
            float[][] p = run(rows, end - start);
            for (int i = start; i < end; i++) {
                double[] row = new double[p[i - start].length];
                for (int c = 0; c < row.length; c++) {
                    row[c] = p[i - start][c];
                }
                out[i] = row;
            }
        }
        return out;
    }

    /**
     * Runs the graph on ready input rows.
     * @param rows {@code count} rows of the input width, row-major.
     * @param count The number of rows.
     * @return The probabilities (count, K).
     * @throws OrtException if ONNX Runtime fails.
     */
    public float[][] run(float[] rows, int count) throws OrtException {
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(rows), new long[]{count, metadata.input().width()});
             OrtSession.Result result = session.run(Map.of(INPUT_NAME, tensor))) {
            return (float[][]) result.get(0).getValue();
        }
    }

    /**
     * Predicts utterances as Tribuo predictions with the probabilities as scores, as {@code CiderModel} does.
     * @param examples Multimodal utterances.
     * @return One prediction per utterance.
     * @throws OrtException if ONNX Runtime fails.
     * @throws IllegalArgumentException naming an example that is not multimodal.
     */
    public List<Prediction<Label>> predict(List<? extends Example<Label>> examples) throws OrtException {
        List<MultimodalExample> mm = new ArrayList<>(examples.size());
        for (int i = 0; i < examples.size(); i++) {
            if (!(examples.get(i) instanceof MultimodalExample m)) {
                throw new IllegalArgumentException("Example " + i + " is a " + examples.get(i).getClass().getSimpleName()
                        + ": the ONNX model predicts MultimodalExamples");
            }
            mm.add(m);
        }
        double[][] p = probabilities(mm);
        List<String> classes = metadata.task().classNames();
        List<Prediction<Label>> out = new ArrayList<>(p.length);
        for (int i = 0; i < p.length; i++) {
            Map<String, Label> scores = new LinkedHashMap<>();
            Label best = null;
            for (int c = 0; c < p[i].length; c++) {
                Label l = new Label(classes.get(c), p[i][c]);
                scores.put(l.getLabel(), l);
                if (best == null || l.getScore() > best.getScore()) {
                    best = l;
                }
            }
            out.add(new Prediction<>(best, scores, examples.get(i).size(), examples.get(i), true));
        }
        return out;
    }

    /**
     * The name of the feature at a position of the input row in {@link #flatExample}.
     * @param index The position.
     * @return Its name.
     */
    public static String featureName(int index) {
        return String.format(Locale.ROOT, "f%06d", index);
    }

    /**
     * An utterance as a Tribuo example whose features are its input row (for {@link #externalModel}); the label is
     * the utterance's.
     * @param ex The utterance.
     * @return The flat example.
     */
    public ArrayExample<Label> flatExample(MultimodalExample ex) {
        float[] row = inputRow(ex);
        String[] names = new String[row.length];
        double[] values = new double[row.length];
        for (int i = 0; i < row.length; i++) {
            names[i] = featureName(i);
            values[i] = row[i];
        }
        return new ArrayExample<>(ex.getOutput(), names, values);
    }

    /**
     * Opens this file as a Tribuo {@link ONNXExternalModel}, which predicts {@link #flatExample flat examples}.
     * @param options The ONNX Runtime session options.
     * @return The external model (close it when done).
     * @throws OrtException if ONNX Runtime cannot load the file.
     */
    public ONNXExternalModel<Label> externalModel(OrtSession.SessionOptions options) throws OrtException {
        Map<String, Integer> features = new LinkedHashMap<>();
        for (int i = 0; i < metadata.input().width(); i++) {
            features.put(featureName(i), i);
        }
        Map<Label, Integer> outputs = new LinkedHashMap<>();
        List<String> classes = metadata.task().classNames();
        for (int c = 0; c < classes.size(); c++) {
            outputs.put(new Label(classes.get(c)), c);
        }
        return ONNXExternalModel.createOnnxModel(new LabelFactory(), features, outputs, new DenseTransformer(), new LabelTransformer(true),
                options, path, INPUT_NAME);
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            logger.warning("Closing the ONNX Runtime session of " + path + ": " + e.getMessage());
        }
        if (ownsEncoder) {
            encoder.close();
        }
    }
}
