package dev.cider.train;

import dev.cider.runtime.BatchAssembler;
import dev.cider.runtime.TextRepresentation;
import dev.cider.runtime.NetworkSpec;
import dev.cider.runtime.NetworkInputs;
import dev.cider.runtime.CiderInference;
import dev.cider.runtime.DeviceSelector;
import dev.cider.runtime.BackboneKind;
import dev.cider.runtime.CpuFeatures;
import dev.cider.runtime.NumericsEnvironment;
import dev.cider.runtime.NumericsMode;
import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import dev.cider.data.DataLayout;
import dev.cider.data.MultimodalExample;
import dev.cider.data.MultimodalSplits;
import dev.cider.data.SentimentTask;
import dev.cider.maci.BiasWords;
import dev.cider.maci.ClassPrototypes;
import dev.cider.maci.CounterfactualTextBuilder;
import dev.cider.maci.MaciNetwork;
import dev.cider.maci.PrototypeMode;
import dev.cider.maci.TauDebiaser;
import dev.cider.maci.TauSelector;
import dev.cider.metrics.ScoredPredictions;
import dev.cider.metrics.SentimentMetrics;
import dev.cider.missing.MissingPattern;
import dev.cider.missing.Rmfm;
import dev.cider.missing.TrainingRateMode;
import dev.cider.model.CiderModel;
import dev.cider.nn.CiderNetworkConfig;
import dev.cider.nn.Compression;
import dev.cider.nn.Fusion;
import dev.cider.runtime.BertFrontEnd;
import dev.cider.nn.bert.BertEncoderBlock;
import dev.cider.nn.bert.BertWeights;
import dev.cider.text.DjlBertTextEncoder;
import dev.cider.text.MiniLmModel;
import dev.cider.text.MissingTokenEncoding;
import dev.cider.text.TokenFeatures;
import dev.cider.text.TextEncoder;
import dev.cider.text.TextEncoderSpec;
import dev.cider.text.TokenFeatureCache;
import org.tribuo.Dataset;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.provenance.ModelProvenance;
import org.tribuo.provenance.TrainerProvenance;
import org.tribuo.provenance.impl.TrainerProvenanceImpl;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import dev.cider.util.Permutations;
import dev.cider.util.RunLock;
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
 * The paper's ablations (Table V) are switches: without MSSD ({@code incompleteView=false}), without a distillation
 * term (its weight 0), without counterfactual text ({@code maxTau=0}), without WSAM ({@code compression=MEAN_POOL}),
 * without MCT ({@code fusion=VANILLA}), without MCM ({@code causalModule=false}), and MACI on another backbone
 * ({@code backbone=LATE_FUSION}); see {@link #setAblation(Compression, Fusion, boolean)}.
 */
public final class CiderTrainer implements Trainer<Label> {

    private static final Logger logger = Logger.getLogger(CiderTrainer.class.getName());
    private static final String CHECKPOINT_FILE = "cider-checkpoint.bin";
    private static final String CHECKPOINT_LOCK_FILE = ".cider-checkpoint.lock";

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

    @Config(description = "Size of the trainable token embedding in TOKEN_IDS mode (the text feature size d_l).")
    private int tokenEmbeddingDim = 64;

    @Config(description = "Vocabulary size of the token embedding (30522 for bert-base-uncased).")
    private int vocabularySize = 30522;

    @Config(description = "The backbone: CIDER (MSSD backbone) or LATE_FUSION (a small late-fusion model, to run MACI on another backbone).")
    private BackboneKind backbone = BackboneKind.CIDER;

    @Config(description = "How unaligned audio and vision are compressed to the text length: WSAM (word-self-aligned attention)"
            + " or MEAN_POOL (masked mean over T_l equal windows, no parameters: the 'without WSAM' ablation). Ignored for aligned data.")
    private Compression compression = Compression.WSAM;

    @Config(description = "The fusion transformer: MCT (multimodal composite transformer) or VANILLA (pre-LayerNorm layers of"
            + " standard multi-head self-attention over the concatenated sequence: the 'without MCT' ablation).")
    private Fusion fusion = Fusion.MCT;

    @Config(description = "Use MACI's causal module MCM (backdoor adjustment over class prototypes). False puts a plain linear"
            + " classifier on the joint representation: the 'without MCM' ablation (counterfactual debiasing still applies).")
    private boolean causalModule = true;

    @Config(description = "The common hidden size d.")
    private int hiddenDim = 32;

    @Config(description = "Number of multimodal composite transformer layers N (the paper searches 1..4).")
    private int layers = 3;

    @Config(description = "Number of attention heads (d must be divisible by it).")
    private int heads = 8;

    @Config(description = "Attention dropout of the tri-modal view.")
    private float attentionDropout = 0.0f;

    @Config(description = "Embedding dropout (after the positional encoding).")
    private float embeddingDropout = 0.2f;

    @Config(description = "Output dropout (in the joint representation MLP).")
    private float outputDropout = 0.3f;

    @Config(description = "Compute each attention view only on the score blocks it can see (identical results, faster).")
    private boolean blockwiseAttention = true;

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
     * Creates a trainer with the paper's defaults for a task and seed.
     * @param task The task.
     * @param seed The seed.
     */
    public CiderTrainer(SentimentTask task, long seed) {
        this.task = task;
        this.seed = seed;
        postConfig();
    }

    /**
     * A builder-like copy with the epoch budget and batch size changed (handy in notebooks and tests).
     * @param epochs The maximum number of epochs.
     * @param batchSize The batch size.
     * @param patience The early-stopping patience.
     * @return This trainer.
     */
    public synchronized CiderTrainer setSchedule(int epochs, int batchSize, int patience) {
        this.epochs = epochs;
        this.batchSize = batchSize;
        this.patience = patience;
        postConfig();
        return this;
    }

    /**
     * Sets the micro-batch size (see the {@code microBatchSize} option).
     * @param microBatchSize Utterances per micro-batch; 0 runs whole batches.
     * @return This trainer.
     */
    public synchronized CiderTrainer setMicroBatchSize(int microBatchSize) {
        this.microBatchSize = microBatchSize;
        postConfig();
        return this;
    }

    /**
     * Sets the learning rate of the CIDer weights.
     * @param learningRate The Adam learning rate.
     * @return This trainer.
     */
    public synchronized CiderTrainer setLearningRate(float learningRate) {
        this.learningRate = learningRate;
        postConfig();
        return this;
    }

    /**
     * Sets the text representation and token embedding size.
     * @param text The representation (null: automatic).
     * @param embeddingDim The token embedding size in TOKEN_IDS mode.
     * @return This trainer.
     */
    public synchronized CiderTrainer setText(TextRepresentation text, int embeddingDim) {
        this.textRepresentation = text;
        this.tokenEmbeddingDim = embeddingDim;
        postConfig();
        return this;
    }

    /**
     * Sets the text encoder of the examples' token features (see the {@code textEncoder} option).
     * @param encoder The encoder, or null to zero the masked positions of counterfactual texts.
     * @return This trainer.
     */
    public synchronized CiderTrainer setTextEncoder(TextEncoder encoder) {
        this.textEncoder = encoder;
        postConfig();
        return this;
    }

    /**
     * Fine-tunes a pretrained BERT as the text front end ({@link TextRepresentation#FINE_TUNED_BERT}).
     * @param modelPath A float32 BERT ONNX export, or null for the built-in float MiniLM-L6.
     * @param heads The encoder's attention heads.
     * @param learningRate The encoder's learning rate.
     * @param weightDecay The encoder's weight decay (not on biases and LayerNorm).
     * @return This trainer.
     */
    public synchronized CiderTrainer setFineTuning(Path modelPath, int heads, float learningRate, float weightDecay) {
        this.textRepresentation = TextRepresentation.FINE_TUNED_BERT;
        this.fineTuneModelPath = modelPath;
        this.encoderHeads = heads;
        this.encoderLearningRate = learningRate;
        this.encoderWeightDecay = weightDecay;
        postConfig();
        return this;
    }

    /**
     * Sets the architecture size.
     * @param hiddenDim d.
     * @param layers N.
     * @param heads H.
     * @return This trainer.
     */
    public synchronized CiderTrainer setArchitecture(int hiddenDim, int layers, int heads) {
        this.hiddenDim = hiddenDim;
        this.layers = layers;
        this.heads = heads;
        postConfig();
        return this;
    }

    /**
     * Sets the MSSD switches and loss weights.
     * @param incompleteView Whether to train the incomplete view.
     * @param alpha Reconstruction weight.
     * @param beta Attention distillation weight.
     * @param gamma Joint distillation weight.
     * @return This trainer.
     */
    public synchronized CiderTrainer setDistillation(boolean incompleteView, double alpha, double beta, double gamma) {
        this.incompleteView = incompleteView;
        this.reconstructionWeight = alpha;
        this.attentionWeight = beta;
        this.jointWeight = gamma;
        postConfig();
        return this;
    }

    /**
     * Sets the missing pattern of the incomplete view and how its rate is drawn.
     * @param pattern The pattern.
     * @param mode The rate mode.
     * @return This trainer.
     */
    public synchronized CiderTrainer setTrainingPattern(MissingPattern pattern, TrainingRateMode mode) {
        this.trainingPattern = pattern;
        this.rateMode = mode;
        postConfig();
        return this;
    }

    /**
     * Sets the backbone.
     * @param kind The backbone.
     * @return This trainer.
     */
    public synchronized CiderTrainer setBackbone(BackboneKind kind) {
        this.backbone = kind;
        postConfig();
        return this;
    }

    /**
     * Sets the architecture ablations of the paper's Table V (the full model is {@code WSAM, MCT, true}).
     * @param compression {@link Compression#MEAN_POOL} for "without WSAM".
     * @param fusion {@link Fusion#VANILLA} for "without MCT".
     * @param causalModule False for "without MCM" (a plain linear head).
     * @return This trainer.
     */
    public synchronized CiderTrainer setAblation(Compression compression, Fusion fusion, boolean causalModule) {
        this.compression = compression;
        this.fusion = fusion;
        this.causalModule = causalModule;
        postConfig();
        return this;
    }

    /**
     * Sets checkpointing.
     * @param dir The checkpoint directory (null: none).
     * @param resume Whether to continue from an existing checkpoint.
     * @return This trainer.
     */
    public synchronized CiderTrainer setCheckpoints(Path dir, boolean resume) {
        return setCheckpoints(dir, resume, false);
    }

    /**
     * Sets checkpointing.
     * @param dir The checkpoint directory (null: none).
     * @param resume Whether to continue from an existing checkpoint.
     * @param overwriteCheckpoint Whether a run that does not resume may replace an existing checkpoint.
     * @return This trainer.
     */
    public synchronized CiderTrainer setCheckpoints(Path dir, boolean resume, boolean overwriteCheckpoint) {
        this.checkpointDir = dir;
        this.resume = resume;
        this.overwriteCheckpoint = overwriteCheckpoint;
        postConfig();
        return this;
    }

    /** @return The task the trainer trains for. */
    public synchronized SentimentTask getTask() {
        return task;
    }

    /** @return The directory for a checkpoint after every epoch, or null if none are written. */
    public synchronized Path getCheckpointDir() {
        return checkpointDir;
    }

    /**
     * Sets the counterfactual debiasing search (0 disables it: the "without counterfactual text" ablation).
     * @param maxTau The largest tau tried.
     * @return This trainer.
     */
    public synchronized CiderTrainer setMaxTau(double maxTau) {
        this.maxTau = maxTau;
        postConfig();
        return this;
    }

    /** @return The largest tau tried on the validation split (0 = no counterfactual debiasing). */
    public synchronized double getMaxTau() {
        return maxTau;
    }

    /**
     * Sets the compute device and PyTorch thread count.
     * @param device cpu, gpu, gpu:N or auto.
     * @param threads Intra-op threads (0: the engine's default).
     * @return This trainer.
     */
    public synchronized CiderTrainer setDevice(String device, int threads) {
        this.device = device;
        this.threads = threads;
        postConfig();
        return this;
    }

    /**
     * Sets the CPU numerics mode (see the {@code numerics} option and {@link NumericsMode}).
     * @param mode NATIVE or PORTABLE.
     * @return This trainer.
     */
    public synchronized CiderTrainer setNumerics(NumericsMode mode) {
        this.numerics = mode;
        postConfig();
        return this;
    }

    /**
     * Sets whether progress is printed.
     * @param show True to print progress to standard error.
     * @return This trainer.
     */
    public synchronized CiderTrainer setShowProgress(boolean show) {
        this.showProgress = show;
        return this;
    }

    /**
     * Validates the configuration and positions the RNG after the trainings done so far; used by OLCUT and by every
     * setter. The RNG restarts from the seed and skips one split per earlier training, so a setter called between two
     * trainings does not make the next one reuse the first training's seed: the model's provenance (seed, invocation
     * count) still reproduces it.
     */
    @Override
    public synchronized void postConfig() {
        positive("batchSize", batchSize);
        if (microBatchSize < 0) {
            throw new PropertyException("", "microBatchSize", "microBatchSize must be 0 (whole batches) or positive, found " + microBatchSize);
        }
        positive("epochs", epochs);
        positive("patience", patience);
        positive("hiddenDim", hiddenDim);
        positive("layers", layers);
        positive("heads", heads);
        positive("tokenEmbeddingDim", tokenEmbeddingDim);
        positive("vocabularySize", vocabularySize);
        positive("biasWordCount", biasWordCount);
        positive("predictionBatchSize", predictionBatchSize);
        if (hiddenDim % heads != 0) {
            throw new PropertyException("", "heads", "hiddenDim " + hiddenDim + " is not divisible by heads " + heads);
        }
        if (!(learningRate > 0) || Float.isInfinite(learningRate)) {
            throw new PropertyException("", "learningRate", "learningRate must be positive, found " + learningRate);
        }
        dropout("attentionDropout", attentionDropout);
        dropout("embeddingDropout", embeddingDropout);
        dropout("outputDropout", outputDropout);
        weight("reconstructionWeight", reconstructionWeight);
        weight("attentionWeight", attentionWeight);
        weight("jointWeight", jointWeight);
        if (!(maxTau >= 0 && maxTau <= 10)) {
            throw new PropertyException("", "maxTau", "maxTau must be in [0, 10], found " + maxTau);
        }
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw new PropertyException("", "validationFraction", "validationFraction must be in (0, 1), found " + validationFraction);
        }
        if (threads < 0) {
            throw new PropertyException("", "threads", "threads must be non-negative, found " + threads);
        }
        positive("encoderHeads", encoderHeads);
        dropout("encoderDropout", encoderDropout);
        if (!(encoderLearningRate > 0) || Float.isInfinite(encoderLearningRate)) {
            throw new PropertyException("", "encoderLearningRate", "encoderLearningRate must be positive, found " + encoderLearningRate);
        }
        weight("encoderWeightDecay", encoderWeightDecay);
        if (textRepresentation == TextRepresentation.FINE_TUNED_BERT && fineTuneModelPath == null && fineTuneModel != MiniLmModel.FLOAT) {
            throw new PropertyException("", "fineTuneModel", "fine-tuning needs float32 weights: use FLOAT or fineTuneModelPath");
        }
        if (missingTokenEncoding == null) {
            throw new PropertyException("", "missingTokenEncoding", "missingTokenEncoding must be ZEROED or UNK_REENCODED");
        }
        if (compression == null) {
            throw new PropertyException("", "compression", "compression must be WSAM or MEAN_POOL");
        }
        if (fusion == null) {
            throw new PropertyException("", "fusion", "fusion must be MCT or VANILLA");
        }
        if (backbone == null) {
            throw new PropertyException("", "backbone", "backbone must be CIDER or LATE_FUSION");
        }
        if (trainingPattern == null) {
            throw new PropertyException("", "trainingPattern", "a training missing pattern is required");
        }
        if (resume && checkpointDir == null) {
            throw new PropertyException("", "resume", "resume needs a checkpointDir");
        }
        if (overwriteCheckpoint && checkpointDir == null) {
            throw new PropertyException("", "overwriteCheckpoint", "overwriteCheckpoint needs a checkpointDir");
        }
        if (overwriteCheckpoint && resume) {
            throw new PropertyException("", "overwriteCheckpoint", "overwriteCheckpoint (start over) and resume (continue) exclude each other");
        }
        if (numerics == null) {
            throw new PropertyException("", "numerics", "numerics must be NATIVE or PORTABLE");
        }
        if (!device.matches("(?i)cpu|gpu|gpu:\\d+|auto")) {
            throw new PropertyException("", "device", "device must be cpu, gpu, gpu:N or auto, found '" + device + "'");
        }
        rewindRng(trainInvocationCounter);
    }

    /**
     * Re-derives the RNG from the seed and advances it past {@code invocations} trainings, so that its state is always
     * the one the provenance describes (seed and invocation count), whatever setter ran in between.
     * @param invocations The number of trainings already done.
     */
    private void rewindRng(int invocations) {
        rng = new SplittableRandom(seed);
        for (trainInvocationCounter = 0; trainInvocationCounter < invocations; trainInvocationCounter++) {
            rng.split();
        }
    }

    private static void positive(String name, int v) {
        if (v <= 0) {
            throw new PropertyException("", name, name + " must be positive, found " + v);
        }
    }

    private static void dropout(String name, float v) {
        if (!(v >= 0 && v < 1)) {
            throw new PropertyException("", name, name + " must be in [0, 1), found " + v);
        }
    }

    private static void weight(String name, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new PropertyException("", name, name + " must be finite and non-negative, found " + v);
        }
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
        TrainingRun run = new TrainingRun(train, valid, layout, text, dev, localSeed, cfEncoder,
                RunFingerprint.of(trainerProvenance.getConfiguredParameters(), localSeed, training, validation));
        TrainingRun.Result result;
        try (RunLock lock = lockCheckpointDirectory()) {
            result = run.execute();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not release the lock of checkpoint directory " + checkpointDir + ": " + e.getMessage(), e);
        }

        ImmutableFeatureMap featureMap = training.getFeatureIDMap();
        ImmutableOutputInfo<Label> outputInfo = training.getOutputIDInfo();
        ModelProvenance provenance = new ModelProvenance(CiderModel.class.getName(), OffsetDateTime.now(), training.getProvenance(),
                trainerProvenance, runProv);
        CiderModel model = new CiderModel("cider-model", provenance, featureMap, outputInfo, result.spec, result.parameters, result.prototypes,
                result.biasWords, result.tau, task, layout, train.get(0).getSpecialTokens(), true, predictionBatchSize, device, encoderSpec);
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

    /**
     * Takes the lock of the checkpoint directory for the whole run (null without checkpoints) and refuses a run that
     * would silently replace an earlier run's checkpoint.
     */
    private RunLock lockCheckpointDirectory() {
        if (checkpointDir == null) {
            return null;
        }
        Path lockFile = checkpointDir.resolve(CHECKPOINT_LOCK_FILE);
        RunLock lock;
        try {
            lock = RunLock.tryAcquire(lockFile).orElseThrow(() -> new IllegalStateException("Checkpoint directory "
                    + checkpointDir.toAbsolutePath() + " is in use: another training run holds its lock (" + lockFile.toAbsolutePath()
                    + ") until it ends; wait for that run to finish or use another checkpoint directory"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot lock checkpoint directory " + checkpointDir.toAbsolutePath() + ": " + e.getMessage(), e);
        }
        Path checkpoint = checkpointDir.resolve(CHECKPOINT_FILE);
        if (!resume && !overwriteCheckpoint && Files.exists(checkpoint)) {
            try {
                lock.close();
            } catch (IOException e) {
                logger.warning("Could not release " + lockFile + ": " + e.getMessage());
            }
            throw new IllegalArgumentException("Checkpoint directory " + checkpointDir.toAbsolutePath() + " already holds a checkpoint ("
                    + CHECKPOINT_FILE + ") of an earlier run; continue it with resume (cider train --resume), replace it with"
                    + " overwriteCheckpoint (cider train --overwrite-checkpoint) or use another checkpoint directory");
        }
        return lock;
    }

    @Override
    public int getInvocationCount() {
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
        return "CiderTrainer(task=" + task + ", backbone=" + backbone + ", compression=" + compression + ", fusion=" + fusion
                + ", causalModule=" + causalModule + ", d=" + hiddenDim + ", layers=" + layers + ", heads=" + heads
                + ", batchSize=" + batchSize + ", epochs=" + epochs + ", lr=" + learningRate + ", patience=" + patience
                + ", alpha=" + reconstructionWeight + ", beta=" + attentionWeight + ", gamma=" + jointWeight
                + ", pattern=" + trainingPattern.name() + ", rateMode=" + rateMode + ", seed=" + seed + ", device=" + device + ")";
    }

    /**
     * One training run: prepared data, the network, the loop, checkpoints, model selection and tau.
     */
    private final class TrainingRun {
        final List<MultimodalExample> train;
        final List<MultimodalExample> valid;
        final DataLayout layout;
        final TextRepresentation text;
        final Device dev;
        final long localSeed;
        final TextEncoder cfEncoder;
        final RunFingerprint fingerprint;
        final ProgressReporter progress = showProgress ? ProgressReporter.standard() : ProgressReporter.loggingOnly();

        final class Result {
            NetworkSpec spec;
            byte[] parameters;
            ClassPrototypes prototypes;
            BiasWords biasWords;
            double tau;
        }

        TrainingRun(List<MultimodalExample> train, List<MultimodalExample> valid, DataLayout layout, TextRepresentation text,
                    Device dev, long localSeed, TextEncoder cfEncoder, RunFingerprint fingerprint) {
            this.cfEncoder = cfEncoder;
            this.train = train;
            this.valid = valid;
            this.layout = layout;
            this.text = text;
            this.dev = dev;
            this.localSeed = localSeed;
            this.fingerprint = fingerprint;
        }

        Result execute() {
            Result result = new Result();
            BertWeights bertWeights = text == TextRepresentation.FINE_TUNED_BERT ? loadBertWeights() : null;
            BertFrontEnd bert = bertWeights == null ? null : BertFrontEnd.of(bertWeights, encoderHeads, encoderDropout);
            if (text == TextRepresentation.TOKEN_IDS) {
                result.prototypes = ClassPrototypes.fromExamples(train, task, ex -> bagOfWords(ex, vocabularySize));
            } else if (bert != null) {
                result.prototypes = ClassPrototypes.fromExamples(frozenEncoderFeatures(bert), task);
            } else {
                result.prototypes = ClassPrototypes.fromExamples(train, task);
            }
            result.biasWords = new CounterfactualTextBuilder(task, biasThreshold, biasWordCount).build(train);
            int dl = text == TextRepresentation.TOKEN_IDS ? tokenEmbeddingDim : bert != null ? bert.hiddenSize() : layout.textFeatureDim();
            CiderNetworkConfig config = CiderNetworkConfig.builder().layout(layout).textFeatureDim(dl).hiddenDim(hiddenDim)
                    .layers(layers).heads(heads).attentionDropout(attentionDropout).embeddingDropout(embeddingDropout)
                    .outputDropout(outputDropout).blockwiseAttention(blockwiseAttention)
                    .compression(compression).fusion(fusion).build();
            result.spec = new NetworkSpec(backbone, config, task.numClasses(), text,
                    bert != null ? bert.vocabularySize() : vocabularySize, causalModule, bert);
            BatchAssembler assembler = new BatchAssembler(layout, text);
            int[] labels = new int[train.size()];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = task.indexOf(train.get(i).getOutput());
            }
            double[] validScores = valid.stream().mapToDouble(MultimodalExample::getScore).toArray();

            try (NDManager manager = NDManager.newBaseManager(dev)) {
                Engine.getInstance().setRandomSeed((int) (localSeed & 0x7fffffff));
                MaciNetwork network = result.spec.build();
                network.initialize(manager, DataType.FLOAT32, NetworkInputs.shapes(result.spec, layout, result.prototypes, 1));
                CheckpointableAdam optimizer;
                if (bertWeights != null) {
                    BertEncoderBlock block = network.bertFrontEnd().orElseThrow();
                    bertWeights.applyTo(block);
                    optimizer = new CheckpointableAdam(learningRate, EncoderParameterGroups.of(block,
                            EncoderParameterGroups.prefixOf(network, block), encoderLearningRate, encoderWeightDecay));
                } else {
                    optimizer = new CheckpointableAdam(learningRate);
                }
                NDList trainPrototypes = result.prototypes.toNDList(manager, PrototypeMode.TRAINING);
                NDList testPrototypes = result.prototypes.toNDList(manager, PrototypeMode.TEST);
                CiderInference inference = new CiderInference(network, assembler, testPrototypes, result.biasWords,
                        cfEncoder == null ? null : TextEncoderSpec.counterfactualOperator(cfEncoder, new TokenFeatureCache(),
                                missingTokenEncoding, train.get(0).getSpecialTokens()), predictionBatchSize);
                TwoStageStep step = new TwoStageStep(network, optimizer, assembler, trainingPattern, rateMode,
                        new LossWeights(incompleteView, reconstructionWeight, attentionWeight, jointWeight), carryOverGradients,
                        microBatchSize);

                EarlyStopping stopping = new EarlyStopping(patience);
                byte[] best = saveParameters(network);
                int startEpoch = 0;
                Path checkpoint = checkpointDir == null ? null : checkpointDir.resolve(CHECKPOINT_FILE);
                if (resume && checkpoint != null && Files.isRegularFile(checkpoint)) {
                    TrainingCheckpoint c = readCheckpoint(checkpoint);
                    loadParameters(network, manager, c.parameters());
                    loadOptimizer(optimizer, manager, c.optimizerState());
                    stopping = EarlyStopping.restore(patience, c.bestValue(), c.bestEpoch(), c.sinceBest());
                    best = c.bestParameters();
                    startEpoch = c.epochsDone();
                    progress.info("Resuming from " + checkpoint + " after epoch " + startEpoch);
                }
                progress.info(String.format(Locale.ROOT, "Training CIDer (%s): %d train / %d valid utterances, %s, %s text, %d parameters, device %s",
                        result.spec.ablations(), train.size(), valid.size(), layout.describe(), text, countParameters(network), dev));

                for (int epoch = startEpoch; epoch < epochs && !stopping.shouldStop(); epoch++) {
                    long t0 = System.nanoTime();
                    Engine.getInstance().setRandomSeed((int) ((localSeed + 31L * (epoch + 1)) & 0x7fffffff));
                    SplittableRandom epochRng = new SplittableRandom(localSeed + 1_000_003L * (epoch + 1));
                    int[] order = Permutations.of(train.size(), epochRng);
                    StepLosses sum = StepLosses.ZERO;
                    int batches = (train.size() + batchSize - 1) / batchSize;
                    for (int b = 0; b < batches; b++) {
                        int from = b * batchSize;
                        int to = Math.min(train.size(), from + batchSize);
                        List<MultimodalExample> batch = new ArrayList<>(to - from);
                        int[] y = new int[to - from];
                        for (int i = from; i < to; i++) {
                            batch.add(train.get(order[i]));
                            y[i - from] = labels[order[i]];
                        }
                        StepLosses losses;
                        try (NDManager sub = manager.newSubManager()) {
                            losses = step.run(sub, batch, y, trainPrototypes, epochRng.split());
                        }
                        if (!losses.isFinite()) {
                            throw new IllegalStateException("Training diverged at epoch " + (epoch + 1) + ", batch " + (b + 1) + ": " + losses
                                    + " (lower the learning rate, check the inputs for extreme values)");
                        }
                        sum = sum.plus(losses);
                        progress.batch(epoch + 1, b + 1, batches, sum.complete() / (b + 1));
                    }
                    StepLosses mean = sum.divide(batches);
                    double value = headline(inference.logProbabilities(valid), validScores);
                    boolean improved = stopping.record(epoch, value);
                    if (improved) {
                        best = saveParameters(network);
                    }
                    Duration took = Duration.ofNanos(System.nanoTime() - t0);
                    progress.epoch(String.format(Locale.ROOT,
                            "epoch %3d/%d | loss complete %.4f incomplete %.4f recon %.4f attn %.4f joint %.4f | valid %s %.4f%s",
                            epoch + 1, epochs, mean.complete(), mean.incomplete(), mean.reconstruction(), mean.attention(), mean.joint(),
                            headlineName(), value, improved ? " *" : ""), took, epochs - epoch - 1);
                    if (checkpoint != null) {
                        writeCheckpoint(checkpoint, new TrainingCheckpoint(fingerprint, epoch + 1, stopping.best(), stopping.bestEpoch(),
                                stopping.epochsWithoutImprovement(), saveParameters(network), best, optimizerState(optimizer)));
                    }
                }
                loadParameters(network, manager, best);
                result.parameters = best;
                progress.info(String.format(Locale.ROOT, "Best epoch %d: valid %s %.4f", stopping.bestEpoch() + 1, headlineName(), stopping.best()));
                result.tau = chooseTau(inference);
            }
            return result;
        }

        private BertWeights loadBertWeights() {
            try {
                return fineTuneModelPath != null ? BertWeights.loadFromOnnx(fineTuneModelPath) : BertWeights.loadFromOnnx(fineTuneModel);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the BERT weights to fine-tune from "
                        + (fineTuneModelPath != null ? fineTuneModelPath : fineTuneModel.resource()) + ": " + e.getMessage(), e);
            }
        }

        /**
         * The training examples with the token features of the pretrained (not yet fine-tuned) encoder, computed once
         * at the start: their class means are the fixed text prototypes of a FINE_TUNED_BERT network. Examples that
         * already carry features of the encoder's size (e.g. from an EncodedTextSource running the same MiniLM) keep
         * them.
         */
        private List<MultimodalExample> frozenEncoderFeatures(BertFrontEnd bert) {
            if (layout.textFeatureDim() == bert.hiddenSize()) {
                return train;
            }
            try (DjlBertTextEncoder frozen = new DjlBertTextEncoder(fineTuneModelPath == null ? fineTuneModel : null, fineTuneModelPath,
                    encoderHeads, 0f, DjlBertTextEncoder.DEFAULT_BATCH_SIZE)) {
                return TokenFeatures.attachFeatures(train, frozen, null);
            }
        }

        private double chooseTau(CiderInference inference) {
            if (maxTau == 0.0 || inference.biasWords().count() == 0) {
                return 0.0;
            }
            TauDebiaser.Selection s = new TauSelector(task, maxTau).select(inference.logProbabilities(valid),
                    inference.counterfactualLogProbabilities(valid), valid);
            progress.info(String.format(Locale.ROOT, "Counterfactual debiasing: tau %.1f (valid %s %.4f; %.4f without)", s.tau(), headlineName(),
                    s.score(), s.scores()[0]));
            return s.tau();
        }

        private double headline(double[][] scores, double[] trueScores) {
            return SentimentMetrics.evaluate(new ScoredPredictions(task, scores, trueScores)).headline();
        }

        private String headlineName() {
            return task == SentimentTask.BINARY ? "Acc2" : "Acc7";
        }

        private TrainingCheckpoint readCheckpoint(Path checkpoint) {
            try {
                TrainingCheckpoint c = TrainingCheckpoint.read(checkpoint);
                List<String> differences = fingerprint.differencesFrom(c.fingerprint());
                if (!differences.isEmpty()) {
                    throw new IllegalArgumentException("Checkpoint " + checkpoint + " was written by a run with other settings or data: "
                            + String.join("; ", differences) + ". Resume with the checkpoint's settings and data, start over with"
                            + " overwriteCheckpoint (cider train --overwrite-checkpoint) or use another checkpoint directory");
                }
                return c;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static void writeCheckpoint(Path path, TrainingCheckpoint c) {
        try {
            c.write(path);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write checkpoint " + path, e);
        }
    }

    private static void loadOptimizer(CheckpointableAdam optimizer, NDManager manager, byte[] state) {
        try {
            optimizer.load(new DataInputStream(new java.io.ByteArrayInputStream(state)), manager);
        } catch (IOException e) {
            throw new UncheckedIOException("Malformed optimizer state in the checkpoint", e);
        }
    }

    private static byte[] optimizerState(CheckpointableAdam optimizer) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            optimizer.save(out);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] saveParameters(MaciNetwork network) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            network.saveParameters(out);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void loadParameters(MaciNetwork network, NDManager manager, byte[] bytes) {
        try {
            network.loadParameters(manager, new DataInputStream(new java.io.ByteArrayInputStream(bytes)));
        } catch (IOException | ai.djl.MalformedModelException e) {
            throw new IllegalStateException("Could not restore network parameters", e);
        }
    }

    private static long countParameters(MaciNetwork network) {
        long n = 0;
        for (var p : network.getParameters().values()) {
            if (p.isInitialized()) {
                n += p.getArray().size();
            }
        }
        return n;
    }

    private static float[] bagOfWords(MultimodalExample ex, int vocabularySize) {
        float[] bag = new float[vocabularySize];
        int n = ex.getText().length();
        for (int t = 0; t < n; t++) {
            int id = ex.getText().tokenId(t);
            if (id < 0 || id >= vocabularySize) {
                throw new IllegalArgumentException("Utterance '" + ex.getId() + "' has token id " + id + " outside the vocabulary of " + vocabularySize);
            }
            bag[id] += 1f / n;
        }
        return bag;
    }

    /**
     * The checkpoint file name inside {@code checkpointDir}.
     * @return The file name.
     */
    public static String checkpointFileName() {
        return CHECKPOINT_FILE;
    }

    /**
     * The lock file inside {@code checkpointDir}: a training run holds an exclusive lock on it for its whole
     * duration, and a second run on the same directory is refused while it does.
     * @return The file name.
     */
    public static String checkpointLockFileName() {
        return CHECKPOINT_LOCK_FILE;
    }
}
