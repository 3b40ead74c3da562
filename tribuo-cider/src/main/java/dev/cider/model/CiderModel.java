package dev.cider.model;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.oracle.labs.mlrg.olcut.provenance.PrimitiveProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.util.Pair;
import dev.cider.data.DataLayout;
import dev.cider.data.DataProtos;
import dev.cider.data.MultimodalExample;
import dev.cider.data.SentimentTask;
import dev.cider.data.SpecialTokens;
import dev.cider.data.TextInput;
import dev.cider.maci.BiasWords;
import dev.cider.maci.TauDebiaser;
import dev.cider.maci.TauSelector;
import dev.cider.maci.ClassPrototypes;
import dev.cider.maci.MaciNetwork;
import dev.cider.maci.PrototypeMode;
import dev.cider.model.protos.CiderModelProto;
import dev.cider.model.protos.PredictionSettingsProto;
import dev.cider.runtime.BatchAssembler;
import dev.cider.runtime.CiderInference;
import dev.cider.runtime.CounterfactualFeatureCache;
import dev.cider.runtime.DeviceSelector;
import dev.cider.runtime.NetworkSpec;
import dev.cider.runtime.TextRepresentation;
import dev.cider.text.MissingTokenEncoding;
import dev.cider.text.TextEncoder;
import dev.cider.text.TextEncoderSpec;
import dev.cider.text.TokenFeatureCache;
import org.tribuo.Example;
import org.tribuo.Excuse;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Model;
import org.tribuo.ONNXExportable;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.impl.ModelDataCarrier;
import org.tribuo.protos.core.ModelProto;
import org.tribuo.provenance.ModelProvenance;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXNode;
import org.tribuo.util.onnx.ONNXPlaceholder;
import org.tribuo.util.onnx.ONNXRef;
import ai.onnx.proto.OnnxMl;
import dev.cider.onnx.OnnxGraph;
import dev.cider.onnx.OnnxModelMetadata;
import dev.cider.onnx.WholeModelExport;
import dev.cider.onnx.WholeModelInput;
import dev.cider.util.AtomicFiles;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A trained CIDer (or MACI-on-another-backbone) model: a Tribuo {@code Model<Label>} whose predictions come from the
 * DJL network in test mode (mean class prototypes, uniform priors) with MACI's counterfactual debiasing
 * {@code log P(y | x) - tau * log P(y | x_cf)} on by default. Prediction scores are class probabilities: the softmax
 * of the (debiased) scores. Incomplete inputs (dropped frames, [UNK] tokens, missing modalities) are handled as they
 * come.
 * <p>
 * The whole prediction exports to ONNX ({@link #exportONNXModel}, {@link #saveONNXModel}): one (B, F) float input
 * per utterance laid out by {@link WholeModelInput} (the padded modalities, their lengths and, for a debiasing model,
 * the counterfactual text's token features, which come from the text encoder and so are an input of the graph), and
 * the class probabilities as output; {@code dev.cider.onnx.ExportedCiderModel} builds the input rows and runs it.
 * <p>
 * The model holds native PyTorch memory: {@link #close()} it when done (it reloads itself if used afterwards).
 * It is serialised with Tribuo's protobuf mechanism ({@link #serialize()}, {@link Model#deserializeFromFile}), carrying
 * the DJL parameters, the architecture, the prototypes and priors, the bias words and tau. Predictions are
 * thread-safe (serialised internally).
 * <p>
 * Predicting utterances together and one at a time is not bit-identical: a batch is padded to its longest utterance
 * and the float32 kernels round differently for other shapes. The class probabilities differ by less than
 * {@link #BATCH_PROBABILITY_TOLERANCE} (measured at most 2e-7 on the synthetic MOSI corpora, 40 test utterances, batch
 * against single), so a predicted label can only differ where two classes' probabilities are that close.
 */
public final class CiderModel extends Model<Label> implements AutoCloseable, ONNXExportable {
    private static final long serialVersionUID = 1L;

    /**
     * The largest difference of a class probability between predicting an utterance in a batch and alone that the
     * tests accept (float32 rounding; see the class documentation).
     */
    public static final double BATCH_PROBABILITY_TOLERANCE = 1e-5;
    private static final Logger logger = Logger.getLogger(CiderModel.class.getName());

    /** The protobuf serialisation version. */
    public static final int CURRENT_VERSION = 1;

    private final NetworkSpec spec;
    private final byte[] parameters;
    private final ClassPrototypes prototypes;
    private final BiasWords biasWords;
    private final double tau;
    private final SentimentTask task;
    private final DataLayout layout;
    private final SpecialTokens specialTokens;
    private final boolean debias;
    private final int predictionBatchSize;
    private final String device;

    private final TextEncoderSpec textEncoderSpec;

    private transient NDManager manager;
    private transient CiderInference inference;
    private transient UnaryOperator<TextInput> counterfactualEncoder;
    private transient TextEncoder textEncoder;
    private transient boolean ownsTextEncoder;
    private transient boolean textEncoderUnavailable;
    private transient CounterfactualFeatureCache counterfactualCache;
    private transient TokenFeatureCache counterfactualTokenCache;

    /**
     * Creates a model (the trainer and the deserialiser call this).
     * @param name The model name.
     * @param provenance The provenance.
     * @param featureIDMap The pooled-feature domain of the training data.
     * @param outputIDInfo The label domain.
     * @param spec The architecture.
     * @param parameters The DJL parameters.
     * @param prototypes The class prototypes and training priors.
     * @param biasWords The bias words.
     * @param tau The debiasing strength chosen on the validation split.
     * @param task The task.
     * @param layout The data layout.
     * @param specialTokens The special token ids.
     * @param debias Whether predictions are debiased by default.
     * @param predictionBatchSize The inference batch size.
     * @param device The device name (cpu, gpu, auto).
     */
    public CiderModel(String name, ModelProvenance provenance, ImmutableFeatureMap featureIDMap, ImmutableOutputInfo<Label> outputIDInfo,
                      NetworkSpec spec, byte[] parameters, ClassPrototypes prototypes, BiasWords biasWords, double tau,
                      SentimentTask task, DataLayout layout, SpecialTokens specialTokens, boolean debias,
                      int predictionBatchSize, String device) {
        this(name, provenance, featureIDMap, outputIDInfo, spec, parameters, prototypes, biasWords, tau, task, layout,
                specialTokens, debias, predictionBatchSize, device, null);
    }

    /**
     * Creates a model that records the text encoder of its token features (the trainer calls this).
     * @param name The model name.
     * @param provenance The provenance.
     * @param featureIDMap The pooled-feature domain of the training data.
     * @param outputIDInfo The label domain.
     * @param spec The architecture.
     * @param parameters The DJL parameters.
     * @param prototypes The class prototypes and training priors.
     * @param biasWords The bias words.
     * @param tau The debiasing strength chosen on the validation split.
     * @param task The task.
     * @param layout The data layout.
     * @param specialTokens The special token ids.
     * @param debias Whether predictions are debiased by default.
     * @param predictionBatchSize The inference batch size.
     * @param device The device name (cpu, gpu, auto).
     * @param textEncoderSpec The configuration of the text encoder that encodes counterfactual texts in token-feature
     *                        mode (rebuilt when the model is loaded), or null to zero the masked positions.
     */
    public CiderModel(String name, ModelProvenance provenance, ImmutableFeatureMap featureIDMap, ImmutableOutputInfo<Label> outputIDInfo,
                      NetworkSpec spec, byte[] parameters, ClassPrototypes prototypes, BiasWords biasWords, double tau,
                      SentimentTask task, DataLayout layout, SpecialTokens specialTokens, boolean debias,
                      int predictionBatchSize, String device, TextEncoderSpec textEncoderSpec) {
        super(name, provenance, featureIDMap, outputIDInfo, true);
        this.textEncoderSpec = textEncoderSpec;
        this.spec = spec;
        this.parameters = parameters.clone();
        this.prototypes = prototypes;
        this.biasWords = biasWords;
        this.tau = tau;
        this.task = task;
        this.layout = layout;
        this.specialTokens = specialTokens;
        this.debias = debias;
        this.predictionBatchSize = predictionBatchSize;
        this.device = device;
    }

    /** @return The architecture. */
    public NetworkSpec getNetworkSpec() {
        return spec;
    }

    /** @return The class prototypes and training priors. */
    public ClassPrototypes getPrototypes() {
        return prototypes;
    }

    /** @return The bias words of the counterfactual text. */
    public BiasWords getBiasWords() {
        return biasWords;
    }

    /** @return The debiasing strength tau, chosen on the validation split. */
    public double getTau() {
        return tau;
    }

    /** @return The task. */
    public SentimentTask getTask() {
        return task;
    }

    /** @return The data layout the model expects. */
    public DataLayout getLayout() {
        return layout;
    }

    /** @return How many utterances one forward pass of prediction holds. */
    public int getPredictionBatchSize() {
        return predictionBatchSize;
    }

    /** @return The special token ids of the vocabulary the model was trained with. */
    public SpecialTokens getSpecialTokens() {
        return specialTokens;
    }

    /** @return Whether {@link #predict} debiases by default. */
    public boolean isDebiasing() {
        return debias;
    }

    /** The name of the trainer's largest-tau setting in the model's trainer provenance. */
    public static final String MAX_TAU_PROVENANCE = "maxTau";

    /**
     * The largest tau the trainer tried on the validation split, as recorded in the trainer provenance (0 when it was
     * trained without counterfactual debiasing, e.g. the "without MACI" ablation).
     * @return The recorded value, or empty when the provenance does not record one.
     */
    public OptionalDouble getTrainedMaxTau() {
        Provenance recorded = provenance.getTrainerProvenance().getConfiguredParameters().get(MAX_TAU_PROVENANCE);
        if (recorded instanceof PrimitiveProvenance<?> p && p.getValue() instanceof Number n) {
            return OptionalDouble.of(n.doubleValue());
        }
        return OptionalDouble.empty();
    }

    /**
     * A model with the same network, prototypes and tau whose {@link #predict} debiases or not by default (to compare
     * CIDer with and without its counterfactual pass on one trained network).
     * @param debiased Whether predictions subtract {@code tau * log P(y | x_cf)}.
     * @return The new model (it loads its own copy of the network when first used).
     */
    public CiderModel withDebiasing(boolean debiased) {
        CiderModel copy = new CiderModel(name, provenance, featureIDMap, outputIDInfo, spec, parameters, prototypes, biasWords,
                tau, task, layout, specialTokens, debiased, predictionBatchSize, device, textEncoderSpec);
        copy.counterfactualEncoder = counterfactualEncoder;
        copy.shareTextEncoder(this);
        copy.shareCounterfactualCache(this);
        return copy;
    }

    /**
     * A model with the same network, prototypes and debiasing switch but another tau, e.g. one chosen by
     * {@link #selectTau} on a labelled sample of the distribution the model is deployed on.
     * @param newTau The debiasing strength, finite and non-negative.
     * @return The new model (it loads its own copy of the network when first used).
     * @throws IllegalArgumentException if newTau is negative or not finite.
     */
    public CiderModel withTau(double newTau) {
        if (!Double.isFinite(newTau) || newTau < 0) {
            throw new IllegalArgumentException("tau must be finite and non-negative, found " + newTau);
        }
        CiderModel copy = new CiderModel(name, provenance, featureIDMap, outputIDInfo, spec, parameters, prototypes, biasWords,
                newTau, task, layout, specialTokens, debias, predictionBatchSize, device, textEncoderSpec);
        copy.counterfactualEncoder = counterfactualEncoder;
        copy.shareTextEncoder(this);
        copy.shareCounterfactualCache(this);
        return copy;
    }

    /**
     * Chooses tau on labelled utterances as the trainer does on the validation split ({@link TauSelector}: the task's
     * headline metric over {0.0, 0.1, ..., maxTau}, ties to the smaller tau). The model itself is unchanged; apply the
     * result with {@link #withTau}. Use a validation sample, never the test split.
     * @param labelled Labelled multimodal utterances with this model's layout.
     * @param maxTau The largest tau tried, in [0, 10].
     * @return The chosen tau and the metric at every tau tried.
     * @throws IllegalArgumentException if there are no utterances, one is not multimodal or has another layout.
     */
    public TauDebiaser.Selection selectTau(List<? extends Example<Label>> labelled, double maxTau) {
        List<MultimodalExample> mm = checkedExamples(labelled);
        TauSelector selector = new TauSelector(task, maxTau);
        if (mm.isEmpty()) {
            return selector.select(new double[0][], new double[0][], mm);
        }
        double[][] logP;
        double[][] logPcf;
        synchronized (this) {
            logP = inference().logProbabilities(mm);
            logPcf = inference().counterfactualLogProbabilities(mm);
        }
        return selector.select(logP, logPcf, mm);
    }

    /**
     * Sets how the counterfactual text gets token features in token-feature mode (normally the text encoder that
     * produced the examples' features). Without one, the masked positions' features are zeroed.
     * @param encoder Attaches features to a counterfactual text, or null.
     */
    public synchronized void setCounterfactualEncoder(UnaryOperator<TextInput> encoder) {
        this.counterfactualEncoder = encoder;
        this.inference = null;
    }

    /**
     * The network's DJL parameters as saved by {@code Block.saveParameters} (a copy); with a fine-tuned BERT front end
     * they include the encoder's weights.
     * @return The parameter bytes.
     */
    public byte[] getParameters() {
        return parameters.clone();
    }

    /**
     * log P(y | x_cf) of the counterfactual texts of examples (bias words kept, every other droppable token [MASK];
     * the same audio and vision), the term MACI subtracts {@code tau} times. In token-feature mode the counterfactual
     * text is encoded by the recorded text encoder, else its masked positions get zero features.
     * @param examples Multimodal examples with this model's layout.
     * @return One row of K log-probabilities per example.
     */
    public double[][] counterfactualLogProbabilities(List<? extends Example<Label>> examples) {
        List<MultimodalExample> mm = checkedExamples(examples);
        synchronized (this) {
            return inference().counterfactualLogProbabilities(mm);
        }
    }

    /**
     * The configuration of the text encoder that encodes this model's counterfactual texts in token-feature mode.
     * @return The spec, or empty when the masked positions are zeroed.
     */
    public Optional<TextEncoderSpec> getTextEncoderSpec() {
        return Optional.ofNullable(textEncoderSpec);
    }

    /**
     * Gives the model a live instance of its recorded text encoder (the trainer passes the one it used), so that the
     * model does not rebuild it; the caller keeps ownership and closes it.
     * @param encoder The encoder (its model hash must match the recorded one).
     * @throws IllegalArgumentException if the model records no encoder or another model hash.
     */
    public synchronized void attachTextEncoder(TextEncoder encoder) {
        if (textEncoderSpec == null || !textEncoderSpec.modelHash().equals(encoder.modelHash())) {
            throw new IllegalArgumentException("Model '" + getName() + "' records " + (textEncoderSpec == null ? "no text encoder"
                    : "a text encoder with model hash " + textEncoderSpec.modelHash()) + ", not " + encoder.modelHash());
        }
        releaseTextEncoder();
        this.textEncoder = encoder;
        this.ownsTextEncoder = false;
        this.inference = null;
    }

    private synchronized void shareTextEncoder(CiderModel other) {
        synchronized (other) {
            if (other.textEncoder != null) {
                this.textEncoder = other.textEncoder;
                this.ownsTextEncoder = false;
            }
        }
    }

    private synchronized void shareCounterfactualCache(CiderModel other) {
        synchronized (other) {
            this.counterfactualCache = other.counterfactualCache();
            this.counterfactualTokenCache = other.counterfactualTokenCache();
        }
    }

    /* The encoded counterfactual texts of the utterances in play, shared with this model's copies (other tau or debiasing). */
    private synchronized CounterfactualFeatureCache counterfactualCache() {
        if (counterfactualCache == null) {
            counterfactualCache = new CounterfactualFeatureCache();
        }
        return counterfactualCache;
    }

    private synchronized TokenFeatureCache counterfactualTokenCache() {
        if (counterfactualTokenCache == null) {
            counterfactualTokenCache = new TokenFeatureCache();
        }
        return counterfactualTokenCache;
    }

    /**
     * Forgets the encoded counterfactual texts kept for the utterances predicted so far (token-feature mode with a text
     * encoder), here and in the copies of this model that share them ({@link #withTau}, {@link #withDebiasing}). A sweep
     * calls this when it is done with a test split, so the cache only ever holds the utterances in play. Predictions
     * are the same with or without the cached texts.
     */
    public void clearCounterfactualCache() {
        CounterfactualFeatureCache cache;
        TokenFeatureCache tokens;
        synchronized (this) {
            cache = counterfactualCache;
            tokens = counterfactualTokenCache;
        }
        if (cache != null) {
            cache.clear();
        }
        if (tokens != null) {
            tokens.clearMemory();
        }
    }

    /**
     * How many counterfactual texts this model and its copies have encoded so far (token-feature mode with a text
     * encoder): once per utterance in play, however many missing rates a sweep predicts it at.
     * @return The count.
     */
    public long counterfactualEncodings() {
        return counterfactualCache().encodedCount();
    }

    private void releaseTextEncoder() {
        if (textEncoder != null && ownsTextEncoder) {
            textEncoder.close();
        }
        textEncoder = null;
        ownsTextEncoder = false;
    }

    /** The counterfactual operator of token-feature mode: the explicit one, else the recorded encoder, else none. */
    private UnaryOperator<TextInput> counterfactualOperator() {
        if (counterfactualEncoder != null || spec.text() != TextRepresentation.TOKEN_FEATURES || textEncoderSpec == null) {
            return counterfactualEncoder;
        }
        if (textEncoder == null && !textEncoderUnavailable) {
            Optional<TextEncoder> rebuilt = textEncoderSpec.rebuild();
            if (rebuilt.isPresent()) {
                textEncoder = rebuilt.get();
                ownsTextEncoder = true;
            } else {
                textEncoderUnavailable = true;
                logger.warning("Model '" + getName() + "': the text encoder " + textEncoderSpec.className() + " cannot be rebuilt;"
                        + " counterfactual texts get zero features at their masked positions instead");
            }
        }
        if (textEncoder == null) {
            return null;
        }
        return TextEncoderSpec.counterfactualOperator(textEncoder, counterfactualTokenCache(), MissingTokenEncoding.ZEROED, specialTokens);
    }

    private synchronized CiderInference inference() {
        if (inference == null) {
            if (manager == null) {
                Device d;
                try {
                    d = DeviceSelector.resolve(device);
                } catch (IllegalArgumentException e) {
                    logger.log(Level.WARNING, "Model trained on '" + device + "' is loaded on the CPU: " + e.getMessage());
                    d = Device.cpu();
                }
                manager = NDManager.newBaseManager(d);
            }
            MaciNetwork network = spec.build();
            network.initialize(manager, DataType.FLOAT32, networkInputShapes());
            try {
                network.loadParameters(manager, new DataInputStream(new ByteArrayInputStream(parameters)));
            } catch (IOException | MalformedModelException e) {
                throw new IllegalStateException("The parameters stored in model '" + getName() + "' do not fit its architecture", e);
            }
            NDList testPrototypes = prototypes.toNDList(manager, PrototypeMode.TEST);
            BatchAssembler assembler = new BatchAssembler(layout, spec.text());
            inference = new CiderInference(network, assembler, testPrototypes, biasWords, counterfactualOperator(), counterfactualCache(),
                    predictionBatchSize);
        }
        return inference;
    }

    private ai.djl.ndarray.types.Shape[] networkInputShapes() {
        return dev.cider.runtime.NetworkInputs.shapes(spec, layout, prototypes, 1);
    }

    @Override
    public Prediction<Label> predict(Example<Label> example) {
        return predict(Collections.singletonList(example), debias).get(0);
    }

    @Override
    protected List<Prediction<Label>> innerPredict(Iterable<Example<Label>> examples) {
        List<Example<Label>> list = new ArrayList<>();
        examples.forEach(list::add);
        return predict(list, debias);
    }

    /**
     * Predicts a batch, choosing whether MACI's counterfactual debiasing is applied.
     * @param examples Multimodal examples with this model's layout (complete or incomplete).
     * @param debiased Whether to subtract {@code tau * log P(y | x_cf)}.
     * @return One prediction per example, with class probabilities as scores.
     * @throws IllegalArgumentException naming the example that is not multimodal or has another layout.
     */
    public List<Prediction<Label>> predict(List<? extends Example<Label>> examples, boolean debiased) {
        List<MultimodalExample> mm = checkedExamples(examples);
        if (mm.isEmpty()) {
            return new ArrayList<>();
        }
        double[][] scores;
        synchronized (this) {
            scores = inference().debiasedScores(mm, debiased ? tau : 0.0);
        }
        List<Prediction<Label>> out = new ArrayList<>(mm.size());
        for (int i = 0; i < mm.size(); i++) {
            out.add(toPrediction(scores[i], examples.get(i)));
        }
        return out;
    }

    /** The examples as multimodal ones, each checked against this model's layout. */
    private List<MultimodalExample> checkedExamples(List<? extends Example<Label>> examples) {
        List<MultimodalExample> mm = new ArrayList<>(examples.size());
        for (int i = 0; i < examples.size(); i++) {
            Example<Label> ex = examples.get(i);
            if (!(ex instanceof MultimodalExample)) {
                throw new IllegalArgumentException("Example " + i + " is a " + ex.getClass().getSimpleName()
                        + ": CiderModel predicts MultimodalExamples (from a multimodal data source)");
            }
            checkExample((MultimodalExample) ex);
            mm.add((MultimodalExample) ex);
        }
        return mm;
    }

    private void checkExample(MultimodalExample m) {
        DataLayout l = DataLayout.of(m);
        boolean sameShape = l.textSteps() == layout.textSteps() && l.audioSteps() == layout.audioSteps() && l.audioDim() == layout.audioDim()
                && l.visionSteps() == layout.visionSteps() && l.visionDim() == layout.visionDim();
        if (!sameShape || (spec.text() == TextRepresentation.TOKEN_FEATURES && l.textFeatureDim() != layout.textFeatureDim())) {
            throw new IllegalArgumentException("Utterance '" + m.getId() + "' has layout " + l.describe() + " but model '" + getName()
                    + "' was trained on " + layout.describe());
        }
    }

    private Prediction<Label> toPrediction(double[] scores, Example<Label> example) {
        double max = Double.NEGATIVE_INFINITY;
        for (double s : scores) {
            max = Math.max(max, s);
        }
        double sum = 0;
        double[] p = new double[scores.length];
        for (int c = 0; c < scores.length; c++) {
            p[c] = Math.exp(scores[c] - max);
            sum += p[c];
        }
        Map<String, Label> map = new LinkedHashMap<>();
        Label best = null;
        for (int c = 0; c < scores.length; c++) {
            Label l = new Label(task.classNames().get(c), p[c] / sum);
            map.put(l.getLabel(), l);
            if (best == null || l.getScore() > best.getScore()) {
                best = l;
            }
        }
        return new Prediction<>(best, map, example.size(), example, true);
    }

    /** The tau of the default prediction: the chosen tau when debiasing, else 0. */
    private double predictionTau() {
        return debias ? tau : 0.0;
    }

    /**
     * The layout of the exported model's input row: the model's data layout, with the counterfactual text when the
     * model debiases ({@code tau > 0}).
     * @return The input layout.
     * @throws IllegalArgumentException if the model does not read token features.
     */
    public WholeModelInput onnxInput() {
        if (spec.text() != TextRepresentation.TOKEN_FEATURES) {
            throw new IllegalArgumentException("Model '" + getName() + "' reads its text as " + spec.text()
                    + "; the ONNX export takes token features (a model trained with a text encoder)");
        }
        return WholeModelInput.of(layout, predictionTau() > 0);
    }

    /**
     * Exports the whole prediction ({@link #predict} with this model's debiasing switch and tau) as an ONNX model:
     * input {@code "input"} (B, F) laid out by {@link #onnxInput()}, output {@code "output"} (B, K), the class
     * probabilities in the task's class order. The metadata holds the model provenance under
     * {@link ONNXExportable#PROVENANCE_METADATA_FIELD}, as Tribuo's models do, and what building the input rows needs
     * ({@link OnnxModelMetadata}).
     * @param domain A reverse-DNS name of the model's domain.
     * @param modelVersion The model's version.
     * @return The ONNX model.
     * @throws IllegalArgumentException if the model's architecture cannot be exported (token ids, ablations).
     */
    @Override
    public OnnxMl.ModelProto exportONNXModel(String domain, long modelVersion) {
        ONNXContext context = new ONNXContext();
        ONNXPlaceholder input = context.floatInput(onnxInput().width());
        ONNXPlaceholder output = context.floatOutput(task.classNames().size());
        writeONNXGraph(input).assignTo(output);
        OnnxMl.ModelProto model = ONNXExportable.buildModel(context, domain, modelVersion, this);
        return new OnnxModelMetadata(onnxInput(), task, predictionTau(), biasWords, specialTokens, Optional.ofNullable(textEncoderSpec),
                getName()).addTo(model);
    }

    /**
     * Writes the prediction into the input's graph.
     * @param input The (B, F) input, laid out by {@link #onnxInput()}.
     * @return The class probabilities (B, K).
     */
    @Override
    public synchronized ONNXNode writeONNXGraph(ONNXRef<?> input) {
        return WholeModelExport.probabilities(new OnnxGraph(input.onnxContext()), input, onnxInput(), inference().network(), prototypes,
                predictionTau());
    }

    /**
     * Exports ({@link #exportONNXModel}) and writes the model atomically.
     * @param domain A reverse-DNS name of the model's domain.
     * @param modelVersion The model's version.
     * @param outputPath The file.
     * @throws IOException if it cannot be written.
     */
    @Override
    public void saveONNXModel(String domain, long modelVersion, java.nio.file.Path outputPath) throws IOException {
        AtomicFiles.write(outputPath, exportONNXModel(domain, modelVersion).toByteArray());
    }

    @Override
    public Map<String, List<Pair<String, Double>>> getTopFeatures(int n) {
        return Collections.emptyMap();
    }

    @Override
    public Optional<Excuse<Label>> getExcuse(Example<Label> example) {
        return Optional.empty();
    }

    @Override
    protected CiderModel copy(String newName, ModelProvenance newProvenance) {
        CiderModel copy = new CiderModel(newName, newProvenance, featureIDMap, outputIDInfo, spec, parameters, prototypes, biasWords,
                tau, task, layout, specialTokens, debias, predictionBatchSize, device, textEncoderSpec);
        copy.counterfactualEncoder = counterfactualEncoder;
        copy.shareTextEncoder(this);
        copy.shareCounterfactualCache(this);
        return copy;
    }

    /**
     * Releases the native memory; the model reloads itself if used again.
     */
    @Override
    public synchronized void close() {
        inference = null;
        clearCounterfactualCache();
        releaseTextEncoder();
        textEncoderUnavailable = false;
        if (manager != null) {
            manager.close();
            manager = null;
        }
    }

    @Override
    public ModelProto serialize() {
        CiderModelProto.Builder b = CiderModelProto.newBuilder()
                .setMetadata(createDataCarrier().serialize())
                .setNetwork(ModelProtos.toProto(spec, layout))
                .setParameters(ByteString.copyFrom(parameters))
                .setPrototypes(ModelProtos.toProto(prototypes))
                .setBiasWords(ModelProtos.toProto(biasWords))
                .setTau(tau)
                .setTask(task.name())
                .setLayout(DataProtos.toProto(layout))
                .setSpecialTokens(DataProtos.toProto(specialTokens))
                .setPrediction(PredictionSettingsProto.newBuilder().setDebias(debias).setBatchSize(predictionBatchSize).setDevice(device));
        if (textEncoderSpec != null) {
            b.setTextEncoder(ModelProtos.toProto(textEncoderSpec));
        }
        return ModelProto.newBuilder().setVersion(CURRENT_VERSION).setClassName(CiderModel.class.getName())
                .setSerializedData(Any.pack(b.build())).build();
    }

    /**
     * Deserialises a model written by {@link #serialize()}; called by Tribuo's {@code Model.deserialize}. Version 0
     * files (written before the architecture was typed) are refused with a message saying so.
     * @param version The serialised version.
     * @param className The class name.
     * @param message The serialised data.
     * @return The model.
     * @throws InvalidProtocolBufferException if the message is not a CIDer model.
     * @throws IllegalArgumentException naming the version if it is not the current one, or the field that is malformed.
     */
    public static CiderModel deserializeFromProto(int version, String className, Any message) throws InvalidProtocolBufferException {
        if (version != CURRENT_VERSION) {
            throw new IllegalArgumentException("CiderModel format version " + version + " cannot be read: this library reads only version "
                    + CURRENT_VERSION + (version >= 0 && version < CURRENT_VERSION ? " (" + olderVersion(version) + "); train the model"
                    + " again with this version" : "; it was written by a newer CIDer"));
        }
        CiderModelProto proto = message.unpack(CiderModelProto.class);
        ModelDataCarrier<?> carrier = ModelDataCarrier.deserialize(proto.getMetadata());
        if (!(carrier.outputDomain().getOutput(0) instanceof Label)) {
            throw new IllegalStateException("Invalid CiderModel protobuf: the output domain is not a label domain");
        }
        @SuppressWarnings("unchecked") // guarded by the instanceof check
        ImmutableOutputInfo<Label> outputDomain = (ImmutableOutputInfo<Label>) carrier.outputDomain();
        DataLayout layout = DataProtos.fromProto(proto.getLayout());
        NetworkSpec spec = ModelProtos.fromProto(proto.getNetwork(), layout);
        SentimentTask task;
        try {
            task = SentimentTask.valueOf(proto.getTask());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Invalid CiderModel protobuf: unknown task '" + proto.getTask() + "'", e);
        }
        PredictionSettingsProto prediction = proto.getPrediction();
        return new CiderModel(carrier.name(), carrier.provenance(), carrier.featureDomain(), outputDomain, spec,
                proto.getParameters().toByteArray(), ModelProtos.fromProto(proto.getPrototypes()), ModelProtos.fromProto(proto.getBiasWords()),
                proto.getTau(), task, layout, DataProtos.fromProto(proto.getSpecialTokens()), prediction.getDebias(),
                prediction.getBatchSize(), prediction.getDevice(),
                proto.hasTextEncoder() ? ModelProtos.fromProto(proto.getTextEncoder()) : null);
    }

    private static String olderVersion(int version) {
        return version == 0 ? "version 0 stored the architecture, the layout and the text encoder as untyped string maps"
                : "an unknown older version";
    }

    /**
     * Reads a model saved with {@link Model#serializeToFile}, checking that it is a CIDer model.
     * @param path The file.
     * @return The model.
     * @throws IOException naming the file if it cannot be read, is empty, is not a Tribuo model file or not a CIDer model.
     */
    public static CiderModel load(java.nio.file.Path path) throws IOException {
        Model<?> m = ModelFiles.read(path);
        if (!(m instanceof CiderModel)) {
            throw new IOException("Model file " + path + " holds a " + m.getClass().getName() + ", not a CiderModel");
        }
        return (CiderModel) m;
    }
}
