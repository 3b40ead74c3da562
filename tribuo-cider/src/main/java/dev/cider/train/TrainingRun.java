package dev.cider.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.cider.data.DataLayout;
import dev.cider.data.MultimodalExample;
import dev.cider.data.SentimentTask;
import dev.cider.maci.BiasWords;
import dev.cider.maci.ClassPrototypes;
import dev.cider.maci.CounterfactualTextBuilder;
import dev.cider.maci.MaciNetwork;
import dev.cider.maci.PrototypeMode;
import dev.cider.maci.TauDebiaser;
import dev.cider.maci.TauSelector;
import dev.cider.runtime.BatchAssembler;
import dev.cider.runtime.BertFrontEnd;
import dev.cider.runtime.CiderInference;
import dev.cider.runtime.NetworkInputs;
import dev.cider.runtime.NetworkSpec;
import dev.cider.runtime.TextRepresentation;
import dev.cider.nn.bert.BertEncoderBlock;
import dev.cider.nn.bert.BertWeights;
import dev.cider.text.DjlBertTextEncoder;
import dev.cider.text.TextEncoder;
import dev.cider.text.TextEncoderSpec;
import dev.cider.text.TokenFeatureCache;
import dev.cider.text.TokenFeatures;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;

/**
 * One training run of a {@link CiderTrainer} on prepared data: the class prototypes and bias words of the training
 * split, the network its {@link CiderArchitecture} describes, the optimizer and two-stage step, the
 * {@link EpochLoop} (with checkpoints when the trainer has a directory for them), the best epoch's parameters and
 * tau chosen on the validation split.
 */
final class TrainingRun {

    /**
     * What a run produced.
     * @param spec The network's spec.
     * @param parameters The best epoch's parameters.
     * @param prototypes The class prototypes.
     * @param biasWords The bias words of the counterfactual text.
     * @param tau The chosen debiasing strength.
     */
    record Result(NetworkSpec spec, byte[] parameters, ClassPrototypes prototypes, BiasWords biasWords, double tau) {
    }

    private final CiderTrainer trainer;
    private final SentimentTask task;
    private final List<MultimodalExample> train;
    private final List<MultimodalExample> valid;
    private final DataLayout layout;
    private final TextRepresentation text;
    private final Device device;
    private final long runSeed;
    private final TextEncoder counterfactualEncoder;
    private final RunFingerprint fingerprint;
    private final ProgressReporter progress;

    /**
     * Prepares a run.
     * @param trainer The trainer whose settings the run uses.
     * @param train The training examples.
     * @param valid The validation examples.
     * @param layout Their layout.
     * @param text How the network receives the text.
     * @param device The compute device.
     * @param runSeed The run's seed.
     * @param counterfactualEncoder The encoder of counterfactual texts' token features, or null.
     * @param fingerprint The run's fingerprint.
     */
    TrainingRun(CiderTrainer trainer, List<MultimodalExample> train, List<MultimodalExample> valid, DataLayout layout,
                TextRepresentation text, Device device, long runSeed, TextEncoder counterfactualEncoder, RunFingerprint fingerprint) {
        this.trainer = trainer;
        this.task = trainer.getTask();
        this.train = train;
        this.valid = valid;
        this.layout = layout;
        this.text = text;
        this.device = device;
        this.runSeed = runSeed;
        this.counterfactualEncoder = counterfactualEncoder;
        this.fingerprint = fingerprint;
        this.progress = trainer.showsProgress() ? ProgressReporter.standard() : ProgressReporter.loggingOnly();
    }

    /**
     * Trains, selects the best epoch and chooses tau.
     * @param checkpoints The locked checkpoint directory, or null for none.
     * @return The result.
     */
    Result execute(CheckpointDirectory checkpoints) {
        CiderArchitecture architecture = trainer.getArchitecture();
        BertWeights bertWeights = text == TextRepresentation.FINE_TUNED_BERT ? loadBertWeights() : null;
        BertFrontEnd bert = bertWeights == null ? null
                : BertFrontEnd.of(bertWeights, trainer.encoderHeads(), trainer.encoderDropout());
        ClassPrototypes prototypes;
        if (text == TextRepresentation.TOKEN_IDS) {
            prototypes = ClassPrototypes.fromExamples(train, task, ex -> bagOfWords(ex, architecture.vocabularySize()));
        } else if (bert != null) {
            prototypes = ClassPrototypes.fromExamples(frozenEncoderFeatures(bert), task);
        } else {
            prototypes = ClassPrototypes.fromExamples(train, task);
        }
        BiasWords biasWords = new CounterfactualTextBuilder(task, trainer.biasThreshold(), trainer.biasWordCount()).build(train);
        NetworkSpec spec = architecture.networkSpec(layout, task.numClasses(), text, bert);
        BatchAssembler assembler = new BatchAssembler(layout, text);
        int[] labels = new int[train.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = task.indexOf(train.get(i).getOutput());
        }

        try (NDManager manager = NDManager.newBaseManager(device)) {
            Engine.getInstance().setRandomSeed((int) (runSeed & 0x7fffffff));
            MaciNetwork network = spec.build();
            network.initialize(manager, DataType.FLOAT32, NetworkInputs.shapes(spec, layout, prototypes, 1));
            CheckpointableAdam optimizer;
            if (bertWeights != null) {
                BertEncoderBlock block = network.bertFrontEnd().orElseThrow();
                bertWeights.applyTo(block);
                optimizer = new CheckpointableAdam(trainer.learningRate(), EncoderParameterGroups.of(block,
                        EncoderParameterGroups.prefixOf(network, block), trainer.encoderLearningRate(), trainer.encoderWeightDecay()));
            } else {
                optimizer = new CheckpointableAdam(trainer.learningRate());
            }
            NDList trainPrototypes = prototypes.toNDList(manager, PrototypeMode.TRAINING);
            NDList testPrototypes = prototypes.toNDList(manager, PrototypeMode.TEST);
            CiderInference inference = new CiderInference(network, assembler, testPrototypes, biasWords,
                    counterfactualEncoder == null ? null : TextEncoderSpec.counterfactualOperator(counterfactualEncoder,
                            new TokenFeatureCache(), trainer.missingTokenEncoding(), train.get(0).getSpecialTokens()),
                    trainer.predictionBatchSize());
            TwoStageStep step = new TwoStageStep(network, optimizer, assembler, trainer.trainingPattern(), trainer.rateMode(),
                    trainer.lossWeights(), trainer.carriesOverGradients(), trainer.microBatchSize());
            progress.info(String.format(Locale.ROOT, "Training CIDer (%s): %d train / %d valid utterances, %s, %s text, %d parameters, device %s",
                    spec.ablations(), train.size(), valid.size(), layout.describe(), text, countParameters(network), device));

            EpochLoop loop = new EpochLoop(task, trainer.epochs(), trainer.batchSize(), trainer.patience(), runSeed, progress);
            EpochLoop.Selection selection = loop.run(manager, network, optimizer, step, trainPrototypes, inference, train, labels, valid,
                    checkpoints, trainer.resumes(), fingerprint);
            TrainingCheckpoint.restoreParameters(network, manager, selection.bestParameters());
            progress.info(String.format(Locale.ROOT, "Best epoch %d: valid %s %.4f", selection.stopping().bestEpoch() + 1,
                    EpochLoop.headlineName(task), selection.stopping().best()));
            double tau = chooseTau(inference);
            return new Result(spec, selection.bestParameters(), prototypes, biasWords, tau);
        }
    }

    private BertWeights loadBertWeights() {
        try {
            return trainer.fineTuneModelPath() != null ? BertWeights.loadFromOnnx(trainer.fineTuneModelPath())
                    : BertWeights.loadFromOnnx(trainer.fineTuneModel());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the BERT weights to fine-tune from "
                    + (trainer.fineTuneModelPath() != null ? trainer.fineTuneModelPath() : trainer.fineTuneModel().resource())
                    + ": " + e.getMessage(), e);
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
        try (DjlBertTextEncoder frozen = new DjlBertTextEncoder(trainer.fineTuneModelPath() == null ? trainer.fineTuneModel() : null,
                trainer.fineTuneModelPath(), trainer.encoderHeads(), 0f, DjlBertTextEncoder.DEFAULT_BATCH_SIZE)) {
            return TokenFeatures.attachFeatures(train, frozen, null);
        }
    }

    private double chooseTau(CiderInference inference) {
        double maxTau = trainer.getMaxTau();
        if (maxTau == 0.0 || inference.biasWords().count() == 0) {
            return 0.0;
        }
        TauDebiaser.Selection s = new TauSelector(task, maxTau).select(inference.logProbabilities(valid),
                inference.counterfactualLogProbabilities(valid), valid);
        progress.info(String.format(Locale.ROOT, "Counterfactual debiasing: tau %.1f (valid %s %.4f; %.4f without)", s.tau(),
                EpochLoop.headlineName(task), s.score(), s.scores()[0]));
        return s.tau();
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
}
