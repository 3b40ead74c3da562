package dev.cider.train;

import dev.cider.runtime.TextRepresentation;
import dev.cider.runtime.DeviceSelector;
import dev.cider.runtime.CpuFeatures;
import dev.cider.runtime.NumericsEnvironment;
import dev.cider.runtime.NumericsMode;
import ai.djl.Device;
import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import dev.cider.data.DataLayout;
import dev.cider.data.MultimodalExample;
import dev.cider.data.MultimodalSplits;
import dev.cider.data.SentimentTask;
import dev.cider.missing.MissingPattern;
import dev.cider.missing.Rmfm;
import dev.cider.missing.TrainingRateMode;
import dev.cider.model.CiderModel;
import dev.cider.text.MiniLmModel;
import dev.cider.text.MissingTokenEncoding;
import dev.cider.text.TextEncoder;
import dev.cider.text.TextEncoderSpec;
import org.tribuo.Dataset;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.provenance.ModelProvenance;
import org.tribuo.provenance.TrainerProvenance;
import org.tribuo.provenance.impl.TrainerProvenanceImpl;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.logging.Logger;

/**
 * Trains CIDer (cider-spec sections 3 to 5) as a Tribuo {@link Trainer}: the MSSD backbone (or a simple late-fusion
 * backbone) with the MACI causal head, optimised in two stages per mini-batch (complete view, then an incomplete view
 * with reconstruction, attention and joint distillation), early-stopped and model-selected on the validation split's
 * headline metric, with tau for counterfactual debiasing chosen on the validation split.
 * <p>
 * The validation split comes from {@link #train(Dataset, Dataset, Map)}; plain {@link #train(Dataset)} holds out
 * {@code validationFraction} of the training data (stratified by class, seeded). The examples must be
 * {@link MultimodalExample}s. With {@code checkpointDir} a checkpoint is written atomically after every epoch and
 * {@code resume} continues an interrupted run to the same result as an uninterrupted one.
 * <p>
 * The network is a {@link CiderArchitecture} component; the trainer holds how it is trained. The paper's ablations
 * (Table V) are switches: without MSSD ({@code incompleteView=false}), without a distillation term (its weight 0),
 * without counterfactual text ({@code maxTau=0}) here, and without WSAM, MCT or MCM and MACI on another backbone on
 * the architecture.
 * <p>
 * A trainer is immutable once built: OLCUT configures it from a file ({@link #postConfig()} refuses a bad value with a
 * {@link PropertyException}), Java code uses {@link #builder(SentimentTask, long)} ({@link Builder#build()} refuses
 * one with an {@link IllegalArgumentException} naming the property), and {@link #toBuilder()} derives a changed copy.
 * The epochs, resume and model selection run in {@link TrainingRun} and {@link EpochLoop}.
 */
public final class CiderTrainer implements Trainer<Label> {

    private static final Logger logger = Logger.getLogger(CiderTrainer.class.getName());

    @Config(description = "The task: BINARY (negative/neutral/positive, headline Acc2 non0) or SEVEN (headline Acc7).")
    private SentimentTask task = SentimentTask.BINARY;

    @Config(description = "How the network receives the text: TOKEN_IDS (a trainable token embedding; a missing token is [UNK]) or"
            + " TOKEN_FEATURES (precomputed token features; a missing token is a zero vector). Unset: token features when the"
            + " examples carry them, else token ids.")
    private TextRepresentation textRepresentation = null;

    @Config(description = "The text encoder that produced the examples' token features (e.g. the OnnxTextEncoder of an"
            + " EncodedTextSource). In TOKEN_FEATURES mode it encodes the counterfactual texts during tau selection and is"
            + " recorded in the model, which rebuilds it for its own counterfactual pass; unset: the masked positions of a"
            + " counterfactual text get zero features.")
    private TextEncoder textEncoder = null;

    @Config(description = "How a missing text token is represented in TOKEN_FEATURES mode: ZEROED (zero feature rows, the"
            + " training masks' representation) or UNK_REENCODED (counterfactual texts keep the encoder's [UNK] features;"
            + " training masks still zero the rows, re-encoding every random mask is too slow; use"
            + " MissingTokenEncoding.encodeCorrupted for evaluation sweeps with re-encoded [UNK]).")
    private MissingTokenEncoding missingTokenEncoding = MissingTokenEncoding.ZEROED;

    @Config(description = "FINE_TUNED_BERT: the built-in MiniLM-L6 whose float32 weights start the fine-tuned text front end"
            + " (FLOAT; QUANTISED has no float weights). Used when fineTuneModelPath is unset.")
    private MiniLmModel fineTuneModel = MiniLmModel.FLOAT;

    @Config(description = "FINE_TUNED_BERT: a float32 BERT ONNX export whose weights start the text front end (overrides fineTuneModel).")
    private Path fineTuneModelPath = null;

    @Config(description = "FINE_TUNED_BERT: attention heads of the encoder (12 for MiniLM-L6 and bert-base).")
    private int encoderHeads = 12;

    @Config(description = "FINE_TUNED_BERT: dropout of the encoder in training passes.")
    private float encoderDropout = 0.1f;

    @Config(description = "FINE_TUNED_BERT: Adam learning rate of the encoder (the paper's 5e-5).")
    private float encoderLearningRate = EncoderParameterGroups.DEFAULT_LEARNING_RATE;

    @Config(description = "FINE_TUNED_BERT: decoupled weight decay of the encoder's weights and embedding tables, not its biases"
            + " and LayerNorm parameters (the paper's 1e-3).")
    private float encoderWeightDecay = EncoderParameterGroups.DEFAULT_WEIGHT_DECAY;

    @Config(description = "The network: backbone, hidden size, layers, heads, dropouts, ablation switches and the token"
            + " embedding (a CiderArchitecture component; unset: the paper's architecture).")
    private CiderArchitecture architecture = CiderArchitecture.defaults();

    @Config(description = "Mini-batch size.")
    private int batchSize = 128;

    @Config(description = "Maximum number of epochs.")
    private int epochs = 200;

    @Config(description = "Adam learning rate of the CIDer weights.")
    private float learningRate = 1e-3f;

    @Config(description = "Early stopping: epochs without improvement of the validation headline metric before stopping.")
    private int patience = 10;

    @Config(description = "alpha: weight of the reconstruction loss.")
    private double reconstructionWeight = 0.6;

    @Config(description = "beta: weight of the attention distillation (KL of the last MCT layer's scores).")
    private double attentionWeight = 0.1;

    @Config(description = "gamma: weight of the joint-representation distillation (1 - cosine).")
    private double jointWeight = 0.5;

    @Config(description = "Train the incomplete view (MSSD's second step). False is the 'without MSSD' ablation.")
    private boolean incompleteView = true;

    @Config(description = "Add the complete step's gradients to the incomplete step's update, as the public implementation does.")
    private boolean carryOverGradients = false;

    @Config(description = "Utterances per micro-batch (0: whole batches). Each pass then runs over micro-batches whose gradients add up"
            + " before the optimiser step, with the whole batch's loss normalisation: the same update up to rounding and the dropout"
            + " and mask draws, with a lower peak memory and a little more time.")
    private int microBatchSize = 0;

    @Config(description = "The missing pattern of the incomplete view.")
    private MissingPattern trainingPattern = new Rmfm();

    @Config(description = "How the training missing rate is drawn: PER_EXAMPLE (one r ~ U(0,1) per example, the paper) or"
            + " PER_POSITION (one per position, the public code).")
    private TrainingRateMode rateMode = TrainingRateMode.PER_EXAMPLE;

    @Config(description = "Coefficient-of-variation threshold of the bias words.")
    private double biasThreshold = 0.1;

    @Config(description = "Number of bias words kept by the counterfactual text.")
    private int biasWordCount = 100;

    @Config(description = "Largest tau tried on the validation split (grid step 0.1); 0 disables counterfactual debiasing.")
    private double maxTau = 3.0;

    @Config(description = "Fraction of the training data held out for validation when no validation dataset is given.")
    private double validationFraction = 0.15;

    @Config(description = "The RNG seed.")
    private long seed = Trainer.DEFAULT_SEED;

    @Config(description = "Compute device: cpu, gpu, gpu:N or auto (a GPU needs a CUDA build of the PyTorch native library).")
    private String device = "cpu";

    @Config(description = "PyTorch intra-op threads (0: the engine's default).")
    private int threads = 0;

    @Config(description = "CPU numerics: NATIVE (the processor's fastest code paths; another instruction set, e.g. without AVX-512,"
            + " trains a different model) or PORTABLE (code paths shared by every x86-64 CPU with AVX2 and FMA, one thread, meant to"
            + " give the same model on any such machine; see NumericsMode). PORTABLE checks at training time that the JVM was started with the portable settings"
            + " (CIDER_NUMERICS=portable with the cider launcher) and fails otherwise.")
    private NumericsMode numerics = NumericsMode.NATIVE;

    @Config(description = "Inference batch size of the model.")
    private int predictionBatchSize = 128;

    @Config(description = "Directory for a checkpoint after every epoch (unset: no checkpoints).")
    private Path checkpointDir = null;

    @Config(description = "Continue from the checkpoint in checkpointDir if there is one.")
    private boolean resume = false;

    @Config(description = "Start over (replacing it) when checkpointDir already holds a checkpoint and resume is false;"
            + " without it such a run is refused, so an earlier run's checkpoint is never replaced by mistake.")
    private boolean overwriteCheckpoint = false;

    @Config(description = "Print progress (a bar on a terminal, a line per epoch) to standard error.")
    private boolean showProgress = true;

    private SplittableRandom rng;
    private int trainInvocationCounter = 0;

    /**
     * For OLCUT.
     */
    private CiderTrainer() {
    }

    /**
     * Creates a trainer with the paper's defaults for a task and seed; {@link #builder} changes any of them.
     * @param task The task.
     * @param seed The seed.
     */
    public CiderTrainer(SentimentTask task, long seed) {
        this.task = task;
        this.seed = seed;
        ConfigChecks.asIllegalArgument(this::postConfig);
    }

    /**
     * A builder starting from the paper's defaults for a task and seed.
     * @param task The task.
     * @param seed The seed.
     * @return A new builder.
     */
    public static Builder builder(SentimentTask task, long seed) {
        CiderTrainer start = new CiderTrainer();
        start.task = task;
        start.seed = seed;
        return new Builder(start);
    }

    /**
     * A builder starting from every setting of this trainer (not its invocation count: the built trainer starts
     * from its seed).
     * @return A new builder.
     */
    public Builder toBuilder() {
        return new Builder(copy());
    }

    /**
     * A copy of the settings, not yet validated; for the builder.
     */
    private CiderTrainer copy() {
        CiderTrainer c = new CiderTrainer();
        c.task = task;
        c.textRepresentation = textRepresentation;
        c.textEncoder = textEncoder;
        c.missingTokenEncoding = missingTokenEncoding;
        c.fineTuneModel = fineTuneModel;
        c.fineTuneModelPath = fineTuneModelPath;
        c.encoderHeads = encoderHeads;
        c.encoderDropout = encoderDropout;
        c.encoderLearningRate = encoderLearningRate;
        c.encoderWeightDecay = encoderWeightDecay;
        c.architecture = architecture;
        c.batchSize = batchSize;
        c.epochs = epochs;
        c.learningRate = learningRate;
        c.patience = patience;
        c.reconstructionWeight = reconstructionWeight;
        c.attentionWeight = attentionWeight;
        c.jointWeight = jointWeight;
        c.incompleteView = incompleteView;
        c.carryOverGradients = carryOverGradients;
        c.microBatchSize = microBatchSize;
        c.trainingPattern = trainingPattern;
        c.rateMode = rateMode;
        c.biasThreshold = biasThreshold;
        c.biasWordCount = biasWordCount;
        c.maxTau = maxTau;
        c.validationFraction = validationFraction;
        c.seed = seed;
        c.device = device;
        c.threads = threads;
        c.numerics = numerics;
        c.predictionBatchSize = predictionBatchSize;
        c.checkpointDir = checkpointDir;
        c.resume = resume;
        c.overwriteCheckpoint = overwriteCheckpoint;
        c.showProgress = showProgress;
        return c;
    }

    /**
     * Validates the configuration and starts the RNG from the seed; OLCUT calls it after setting the fields, the
     * constructor and {@link Builder#build()} before returning the trainer.
     * @throws PropertyException naming the offending property.
     */
    @Override
    public synchronized void postConfig() {
        ConfigChecks.present("task", task, "BINARY or SEVEN");
        ConfigChecks.positive("batchSize", batchSize);
        if (microBatchSize < 0) {
            throw new PropertyException("", "microBatchSize", "microBatchSize must be 0 (whole batches) or positive, found " + microBatchSize);
        }
        ConfigChecks.positive("epochs", epochs);
        ConfigChecks.positive("patience", patience);
        ConfigChecks.positive("biasWordCount", biasWordCount);
        ConfigChecks.positive("predictionBatchSize", predictionBatchSize);
        ConfigChecks.learningRate("learningRate", learningRate);
        ConfigChecks.weight("reconstructionWeight", reconstructionWeight);
        ConfigChecks.weight("attentionWeight", attentionWeight);
        ConfigChecks.weight("jointWeight", jointWeight);
        if (!(maxTau >= 0 && maxTau <= 10)) {
            throw new PropertyException("", "maxTau", "maxTau must be in [0, 10], found " + maxTau);
        }
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw new PropertyException("", "validationFraction", "validationFraction must be in (0, 1), found " + validationFraction);
        }
        if (threads < 0) {
            throw new PropertyException("", "threads", "threads must be non-negative, found " + threads);
        }
        ConfigChecks.positive("encoderHeads", encoderHeads);
        ConfigChecks.dropout("encoderDropout", encoderDropout);
        ConfigChecks.learningRate("encoderLearningRate", encoderLearningRate);
        ConfigChecks.weight("encoderWeightDecay", encoderWeightDecay);
        if (textRepresentation == TextRepresentation.FINE_TUNED_BERT && fineTuneModelPath == null && fineTuneModel != MiniLmModel.FLOAT) {
            throw new PropertyException("", "fineTuneModel", "fine-tuning needs float32 weights: use FLOAT or fineTuneModelPath");
        }
        ConfigChecks.present("missingTokenEncoding", missingTokenEncoding, "ZEROED or UNK_REENCODED");
        ConfigChecks.present("architecture", architecture, "a CiderArchitecture (leave it unset for the paper's architecture)");
        ConfigChecks.present("trainingPattern", trainingPattern, "a missing pattern");
        ConfigChecks.present("rateMode", rateMode, "PER_EXAMPLE or PER_POSITION");
        if (resume && checkpointDir == null) {
            throw new PropertyException("", "resume", "resume needs a checkpointDir");
        }
        if (overwriteCheckpoint && checkpointDir == null) {
            throw new PropertyException("", "overwriteCheckpoint", "overwriteCheckpoint needs a checkpointDir");
        }
        if (overwriteCheckpoint && resume) {
            throw new PropertyException("", "overwriteCheckpoint", "overwriteCheckpoint (start over) and resume (continue) exclude each other");
        }
        ConfigChecks.present("numerics", numerics, "NATIVE or PORTABLE");
        if (device == null || !device.matches("(?i)cpu|gpu|gpu:\\d+|auto")) {
            throw new PropertyException("", "device", "device must be cpu, gpu, gpu:N or auto, found '" + device + "'");
        }
        rewindRng(trainInvocationCounter);
    }

    /**
     * Re-derives the RNG from the seed and advances it past {@code invocations} trainings, so that its state is always
     * the one the provenance describes (seed and invocation count).
     * @param invocations The number of trainings already done.
     */
    private void rewindRng(int invocations) {
        rng = new SplittableRandom(seed);
        for (trainInvocationCounter = 0; trainInvocationCounter < invocations; trainInvocationCounter++) {
            rng.split();
        }
    }

    /** @return The task the trainer trains for. */
    public SentimentTask getTask() {
        return task;
    }

    /** @return The network the trainer trains. */
    public CiderArchitecture getArchitecture() {
        return architecture;
    }

    /** @return The directory for a checkpoint after every epoch, or null if none are written. */
    public Path getCheckpointDir() {
        return checkpointDir;
    }

    /** @return The largest tau tried on the validation split (0 = no counterfactual debiasing). */
    public double getMaxTau() {
        return maxTau;
    }

    // The settings a TrainingRun reads.

    int encoderHeads() {
        return encoderHeads;
    }

    float encoderDropout() {
        return encoderDropout;
    }

    float encoderLearningRate() {
        return encoderLearningRate;
    }

    float encoderWeightDecay() {
        return encoderWeightDecay;
    }

    MiniLmModel fineTuneModel() {
        return fineTuneModel;
    }

    Path fineTuneModelPath() {
        return fineTuneModelPath;
    }

    MissingTokenEncoding missingTokenEncoding() {
        return missingTokenEncoding;
    }

    double biasThreshold() {
        return biasThreshold;
    }

    int biasWordCount() {
        return biasWordCount;
    }

    float learningRate() {
        return learningRate;
    }

    int predictionBatchSize() {
        return predictionBatchSize;
    }

    MissingPattern trainingPattern() {
        return trainingPattern;
    }

    TrainingRateMode rateMode() {
        return rateMode;
    }

    LossWeights lossWeights() {
        return new LossWeights(incompleteView, reconstructionWeight, attentionWeight, jointWeight);
    }

    boolean carriesOverGradients() {
        return carryOverGradients;
    }

    int microBatchSize() {
        return microBatchSize;
    }

    int epochs() {
        return epochs;
    }

    int batchSize() {
        return batchSize;
    }

    int patience() {
        return patience;
    }

    boolean resumes() {
        return resume;
    }

    boolean showsProgress() {
        return showProgress;
    }

    @Override
    public CiderModel train(Dataset<Label> examples) {
        return train(examples, Collections.emptyMap());
    }

    @Override
    public CiderModel train(Dataset<Label> examples, Map<String, Provenance> runProvenance) {
        return train(examples, runProvenance, INCREMENT_INVOCATION_COUNT);
    }

    @Override
    public CiderModel train(Dataset<Label> examples, Map<String, Provenance> runProvenance, int invocationCount) {
        return train(examples, null, runProvenance, invocationCount);
    }

    /**
     * Trains with an explicit validation split (early stopping, model selection and tau use it, never the test split).
     * @param training The training data.
     * @param validation The validation data.
     * @param runProvenance Extra provenance of this run.
     * @return The model.
     */
    public CiderModel train(Dataset<Label> training, Dataset<Label> validation, Map<String, Provenance> runProvenance) {
        return train(training, validation, runProvenance, INCREMENT_INVOCATION_COUNT);
    }

    /**
     * Trains on the train and valid splits of a corpus.
     * @param splits The splits.
     * @return The model.
     */
    public CiderModel train(MultimodalSplits splits) {
        return train(splits.train(), splits.valid(), Collections.emptyMap());
    }

    /**
     * Logs how many texts of a split were cut to the text length T_l: a WARNING when some were, else INFO.
     */
    private static void logTruncatedTexts(String split, List<MultimodalExample> examples, DataLayout layout) {
        long cut = examples.stream().filter(ex -> ex.getText().isTruncated()).count();
        java.util.logging.Level level = cut > 0 ? java.util.logging.Level.WARNING : java.util.logging.Level.INFO;
        logger.log(level, String.format(java.util.Locale.ROOT, "%s: %d of %d texts cut to %d tokens (%.1f%%)%s", split, cut,
                examples.size(), layout.textSteps(), 100.0 * cut / examples.size(),
                cut > 0 ? "; the data source's maxTextLength (--max-text-length for a CSV) sets the limit" : ""));
    }

    private CiderModel train(Dataset<Label> training, Dataset<Label> validation, Map<String, Provenance> runProvenance, int invocationCount) {
        TrainerProvenance trainerProvenance;
        long localSeed;
        synchronized (this) {
            if (invocationCount != INCREMENT_INVOCATION_COUNT) {
                setInvocationCount(invocationCount);
            }
            localSeed = rng.split().nextLong();
            trainerProvenance = getProvenance();
            trainInvocationCounter++;
        }
        if (training.getOutputInfo().getUnknownCount() > 0) {
            throw new IllegalArgumentException("The training data contains unknown labels; CIDer is supervised");
        }
        List<MultimodalExample> train = MultimodalSplits.multimodalExamples(training);
        List<MultimodalExample> valid;
        Map<String, Provenance> runProv = new HashMap<>(runProvenance);
        if (validation != null) {
            valid = MultimodalSplits.multimodalExamples(validation);
            runProv.put("validation-data", validation.getProvenance());
        } else {
            List<List<MultimodalExample>> parts = holdOut(train, new SplittableRandom(localSeed ^ 0x9E3779B97F4A7C15L));
            train = parts.get(0);
            valid = parts.get(1);
        }
        if (train.isEmpty() || valid.isEmpty()) {
            throw new IllegalArgumentException("CIDer needs training and validation examples, found " + train.size() + " and " + valid.size());
        }
        task.checkDomain(training.getOutputIDInfo());
        DataLayout layout = DataLayout.of(train.get(0));
        for (MultimodalExample ex : train) {
            layout.check(ex);
        }
        for (MultimodalExample ex : valid) {
            DataLayout v = DataLayout.of(ex);
            if (!v.equals(layout)) {
                throw new IllegalArgumentException("Validation utterance '" + ex.getId() + "' has layout " + v.describe()
                        + " but the training data has " + layout.describe() + " (mismatched dimensions between train and valid)");
            }
        }
        trainingPattern.checkLayout(layout);
        TextRepresentation text = textRepresentation != null ? textRepresentation
                : (layout.textFeatureDim() > 0 ? TextRepresentation.TOKEN_FEATURES : TextRepresentation.TOKEN_IDS);
        text.checkFits(layout, "textRepresentation");
        logTruncatedTexts("train", train, layout);
        logTruncatedTexts("valid", valid, layout);
        Device dev = DeviceSelector.resolve(device);
        DeviceSelector.setThreads(threads);
        NumericsEnvironment numericsEnvironment = NumericsEnvironment.currentWithEngine();
        checkNumerics(dev, numericsEnvironment);
        runProv.putAll(numericsEnvironment.toProvenance());

        TextEncoder cfEncoder = null;
        TextEncoderSpec encoderSpec = null;
        if (textEncoder != null && text == TextRepresentation.TOKEN_FEATURES) {
            if (textEncoder.dim() != layout.textFeatureDim()) {
                throw new IllegalArgumentException("textEncoder " + textEncoder + " gives " + textEncoder.dim()
                        + " features per token but the examples carry " + layout.textFeatureDim());
            }
            cfEncoder = textEncoder;
            encoderSpec = TextEncoderSpec.of(textEncoder).orElse(null);
            if (encoderSpec == null) {
                logger.warning("textEncoder " + textEncoder + " records no OLCUT configuration; a loaded model will zero the"
                        + " masked positions of its counterfactual texts");
            }
        }
        TrainingRun run = new TrainingRun(this, train, valid, layout, text, dev, localSeed, cfEncoder,
                RunFingerprint.of(trainerProvenance.getConfiguredParameters(), localSeed, training, validation));
        TrainingRun.Result result;
        if (checkpointDir == null) {
            result = run.execute(null);
        } else {
            try (CheckpointDirectory checkpoints = CheckpointDirectory.lock(checkpointDir, resume, overwriteCheckpoint)) {
                result = run.execute(checkpoints);
            }
        }

        ImmutableFeatureMap featureMap = training.getFeatureIDMap();
        ImmutableOutputInfo<Label> outputInfo = training.getOutputIDInfo();
        ModelProvenance provenance = new ModelProvenance(CiderModel.class.getName(), OffsetDateTime.now(), training.getProvenance(),
                trainerProvenance, runProv);
        CiderModel model = new CiderModel("cider-model", provenance, featureMap, outputInfo, result.spec(), result.parameters(),
                result.prototypes(), result.biasWords(), result.tau(), task, layout, train.get(0).getSpecialTokens(), true,
                predictionBatchSize, device, encoderSpec);
        if (encoderSpec != null) {
            model.attachTextEncoder(cfEncoder);
        }
        return model;
    }

    /**
     * Fails unless the process can train in the configured numerics mode (PORTABLE: the environment variables set
     * before PyTorch loaded, one intra-op thread, a CPU device with AVX2).
     */
    private void checkNumerics(Device dev, NumericsEnvironment environment) {
        if (numerics == NumericsMode.NATIVE) {
            return;
        }
        List<String> problems = new ArrayList<>();
        if (dev.isGpu()) {
            problems.add("the device is " + dev + "; portable numerics are defined for CPU training only");
        }
        int intraOp = environment.get("pytorch.intra-op-threads").filter(v -> v.matches("\\d+")).map(Integer::parseInt).orElse(-1);
        problems.addAll(numerics.problems(System.getenv(), CpuFeatures.current(), intraOp));
        if (!problems.isEmpty()) {
            throw new IllegalStateException("numerics=" + numerics + " cannot be honoured in this JVM: " + String.join("; ", problems)
                    + ". To train with " + numerics.name().toLowerCase(Locale.ROOT) + " numerics, " + numerics.howToStart() + ".");
        }
    }

    private List<List<MultimodalExample>> holdOut(List<MultimodalExample> all, SplittableRandom r) {
        Map<Integer, List<MultimodalExample>> byClass = new HashMap<>();
        for (MultimodalExample ex : all) {
            byClass.computeIfAbsent(task.indexOf(ex.getOutput()), k -> new ArrayList<>()).add(ex);
        }
        List<MultimodalExample> train = new ArrayList<>();
        List<MultimodalExample> valid = new ArrayList<>();
        for (int c = 0; c < task.numClasses(); c++) {
            List<MultimodalExample> members = byClass.getOrDefault(c, List.of());
            List<MultimodalExample> shuffled = new ArrayList<>(members);
            for (int i = shuffled.size() - 1; i > 0; i--) {
                Collections.swap(shuffled, i, r.nextInt(i + 1));
            }
            int n = (int) Math.round(shuffled.size() * validationFraction);
            if (shuffled.size() >= 2) {
                n = Math.max(1, Math.min(shuffled.size() - 1, n));
            }
            valid.addAll(shuffled.subList(0, n));
            train.addAll(shuffled.subList(n, shuffled.size()));
        }
        return List.of(train, valid);
    }

    @Override
    public synchronized int getInvocationCount() {
        return trainInvocationCounter;
    }

    @Override
    public synchronized void setInvocationCount(int invocationCount) {
        if (invocationCount < 0) {
            throw new IllegalArgumentException("The supplied invocationCount is less than zero.");
        }
        rewindRng(invocationCount);
    }

    @Override
    public TrainerProvenance getProvenance() {
        return new TrainerProvenanceImpl(this);
    }

    @Override
    public String toString() {
        return "CiderTrainer(task=" + task + ", backbone=" + architecture.backbone() + ", compression=" + architecture.compression()
                + ", fusion=" + architecture.fusion() + ", causalModule=" + architecture.causalModule() + ", d=" + architecture.hiddenDim()
                + ", layers=" + architecture.layers() + ", heads=" + architecture.heads()
                + ", batchSize=" + batchSize + ", epochs=" + epochs + ", lr=" + learningRate + ", patience=" + patience
                + ", alpha=" + reconstructionWeight + ", beta=" + attentionWeight + ", gamma=" + jointWeight
                + ", pattern=" + trainingPattern.name() + ", rateMode=" + rateMode + ", seed=" + seed + ", device=" + device + ")";
    }

    /**
     * The checkpoint file name inside {@code checkpointDir}.
     * @return The file name.
     */
    public static String checkpointFileName() {
        return CheckpointDirectory.CHECKPOINT_FILE;
    }

    /**
     * The lock file inside {@code checkpointDir}: a training run holds an exclusive lock on it for its whole
     * duration, and a second run on the same directory is refused while it does.
     * @return The file name.
     */
    public static String checkpointLockFileName() {
        return CheckpointDirectory.LOCK_FILE;
    }

    /**
     * Sets a trainer's values; {@link #build()} validates them and returns the trainer. Unset values keep the
     * paper's defaults (or the settings of the trainer {@link CiderTrainer#toBuilder()} started from). A builder
     * builds once.
     */
    public static final class Builder {
        private CiderTrainer t;

        private Builder(CiderTrainer start) {
            this.t = start;
        }

        private CiderTrainer t() {
            if (t == null) {
                throw new IllegalStateException("This builder already built its trainer; start a new one");
            }
            return t;
        }

        /**
         * Sets the epoch budget, batch size and early-stopping patience.
         * @param epochs The maximum number of epochs.
         * @param batchSize The mini-batch size.
         * @param patience Epochs without improvement before stopping.
         * @return This builder.
         */
        public Builder schedule(int epochs, int batchSize, int patience) {
            t().epochs = epochs;
            t.batchSize = batchSize;
            t.patience = patience;
            return this;
        }

        /**
         * Sets the maximum number of epochs.
         * @param epochs The epochs.
         * @return This builder.
         */
        public Builder epochs(int epochs) {
            t().epochs = epochs;
            return this;
        }

        /**
         * Sets the micro-batch size (see the {@code microBatchSize} option).
         * @param microBatchSize Utterances per micro-batch; 0 runs whole batches.
         * @return This builder.
         */
        public Builder microBatchSize(int microBatchSize) {
            t().microBatchSize = microBatchSize;
            return this;
        }

        /**
         * Sets the learning rate of the CIDer weights.
         * @param learningRate The Adam learning rate.
         * @return This builder.
         */
        public Builder learningRate(float learningRate) {
            t().learningRate = learningRate;
            return this;
        }

        /**
         * Sets the network.
         * @param architecture The architecture.
         * @return This builder.
         */
        public Builder architecture(CiderArchitecture architecture) {
            t().architecture = architecture;
            return this;
        }

        /**
         * Sets how the network receives the text.
         * @param text The representation (null: token features when the examples carry them, else token ids).
         * @return This builder.
         */
        public Builder textRepresentation(TextRepresentation text) {
            t().textRepresentation = text;
            return this;
        }

        /**
         * Sets the text encoder of the examples' token features (see the {@code textEncoder} option).
         * @param encoder The encoder, or null to zero the masked positions of counterfactual texts.
         * @return This builder.
         */
        public Builder textEncoder(TextEncoder encoder) {
            t().textEncoder = encoder;
            return this;
        }

        /**
         * Sets how a missing text token is represented in TOKEN_FEATURES mode.
         * @param encoding ZEROED or UNK_REENCODED.
         * @return This builder.
         */
        public Builder missingTokenEncoding(MissingTokenEncoding encoding) {
            t().missingTokenEncoding = encoding;
            return this;
        }

        /**
         * Fine-tunes a pretrained BERT as the text front end ({@link TextRepresentation#FINE_TUNED_BERT}).
         * @param modelPath A float32 BERT ONNX export, or null for the built-in float MiniLM-L6.
         * @param heads The encoder's attention heads.
         * @param learningRate The encoder's learning rate.
         * @param weightDecay The encoder's weight decay (not on biases and LayerNorm).
         * @return This builder.
         */
        public Builder fineTuning(Path modelPath, int heads, float learningRate, float weightDecay) {
            t().textRepresentation = TextRepresentation.FINE_TUNED_BERT;
            t.fineTuneModelPath = modelPath;
            t.encoderHeads = heads;
            t.encoderLearningRate = learningRate;
            t.encoderWeightDecay = weightDecay;
            return this;
        }

        /**
         * Sets the dropout of a fine-tuned encoder in training passes.
         * @param dropout The rate.
         * @return This builder.
         */
        public Builder encoderDropout(float dropout) {
            t().encoderDropout = dropout;
            return this;
        }

        /**
         * Sets the MSSD switch and loss weights.
         * @param incompleteView Whether to train the incomplete view.
         * @param alpha Reconstruction weight.
         * @param beta Attention distillation weight.
         * @param gamma Joint distillation weight.
         * @return This builder.
         */
        public Builder distillation(boolean incompleteView, double alpha, double beta, double gamma) {
            t().incompleteView = incompleteView;
            t.reconstructionWeight = alpha;
            t.attentionWeight = beta;
            t.jointWeight = gamma;
            return this;
        }

        /**
         * Sets whether the complete step's gradients are added to the incomplete step's update.
         * @param carryOver True as in the public implementation.
         * @return This builder.
         */
        public Builder carryOverGradients(boolean carryOver) {
            t().carryOverGradients = carryOver;
            return this;
        }

        /**
         * Sets the missing pattern of the incomplete view and how its rate is drawn.
         * @param pattern The pattern.
         * @param mode The rate mode.
         * @return This builder.
         */
        public Builder trainingPattern(MissingPattern pattern, TrainingRateMode mode) {
            t().trainingPattern = pattern;
            t.rateMode = mode;
            return this;
        }

        /**
         * Sets the bias words of the counterfactual text.
         * @param threshold The coefficient-of-variation threshold.
         * @param count The number of words kept.
         * @return This builder.
         */
        public Builder biasWords(double threshold, int count) {
            t().biasThreshold = threshold;
            t.biasWordCount = count;
            return this;
        }

        /**
         * Sets the counterfactual debiasing search (0 disables it: the "without counterfactual text" ablation).
         * @param maxTau The largest tau tried.
         * @return This builder.
         */
        public Builder maxTau(double maxTau) {
            t().maxTau = maxTau;
            return this;
        }

        /**
         * Sets the fraction of the training data held out for validation when no validation data are given.
         * @param fraction The fraction, in (0, 1).
         * @return This builder.
         */
        public Builder validationFraction(double fraction) {
            t().validationFraction = fraction;
            return this;
        }

        /**
         * Sets the compute device and PyTorch thread count.
         * @param device cpu, gpu, gpu:N or auto.
         * @param threads Intra-op threads (0: the engine's default).
         * @return This builder.
         */
        public Builder device(String device, int threads) {
            t().device = device;
            t.threads = threads;
            return this;
        }

        /**
         * Sets the CPU numerics mode (see the {@code numerics} option and {@link NumericsMode}).
         * @param mode NATIVE or PORTABLE.
         * @return This builder.
         */
        public Builder numerics(NumericsMode mode) {
            t().numerics = mode;
            return this;
        }

        /**
         * Sets the inference batch size of the model.
         * @param batchSize The batch size.
         * @return This builder.
         */
        public Builder predictionBatchSize(int batchSize) {
            t().predictionBatchSize = batchSize;
            return this;
        }

        /**
         * Sets checkpointing.
         * @param dir The checkpoint directory (null: none).
         * @param resume Whether to continue from an existing checkpoint.
         * @param overwriteCheckpoint Whether a run that does not resume may replace an existing checkpoint.
         * @return This builder.
         */
        public Builder checkpoints(Path dir, boolean resume, boolean overwriteCheckpoint) {
            t().checkpointDir = dir;
            t.resume = resume;
            t.overwriteCheckpoint = overwriteCheckpoint;
            return this;
        }

        /**
         * Sets whether progress is printed.
         * @param show True to print progress to standard error.
         * @return This builder.
         */
        public Builder showProgress(boolean show) {
            t().showProgress = show;
            return this;
        }

        /**
         * Validates the values and returns the trainer.
         * @return The trainer.
         * @throws IllegalArgumentException naming the offending property.
         * @throws IllegalStateException if this builder already built.
         */
        public CiderTrainer build() {
            CiderTrainer built = t();
            ConfigChecks.asIllegalArgument(built::postConfig);
            t = null;
            return built;
        }
    }
}
