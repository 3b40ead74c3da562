package dev.cider.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.cider.data.MultimodalExample;
import dev.cider.data.SentimentTask;
import dev.cider.maci.MaciNetwork;
import dev.cider.metrics.ScoredPredictions;
import dev.cider.metrics.SentimentMetrics;
import dev.cider.runtime.CiderInference;
import dev.cider.util.Permutations;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The epochs of one training run: per epoch a seeded shuffle, the two-stage step on every mini-batch, the validation
 * headline metric, early stopping and model selection (the best epoch's parameters), and a checkpoint after the epoch
 * when the run has a checkpoint directory. A resumed run restores the network, optimizer and early-stopping state
 * from the checkpoint and continues with the next epoch, drawing the same shuffles and masks as an uninterrupted run.
 */
final class EpochLoop {

    /**
     * What the loop selected.
     * @param bestParameters The parameters of the best epoch (the initial ones if no epoch improved).
     * @param stopping The early-stopping state at the end.
     */
    record Selection(byte[] bestParameters, EarlyStopping stopping) {
    }

    private final SentimentTask task;
    private final int epochs;
    private final int batchSize;
    private final int patience;
    private final long runSeed;
    private final ProgressReporter progress;

    /**
     * Creates the loop of one run.
     * @param task The task (its headline metric selects the epoch).
     * @param epochs The maximum number of epochs.
     * @param batchSize The mini-batch size.
     * @param patience Epochs without improvement before stopping.
     * @param runSeed The run's seed (shuffles, masks, dropout).
     * @param progress Where progress goes.
     */
    EpochLoop(SentimentTask task, int epochs, int batchSize, int patience, long runSeed, ProgressReporter progress) {
        this.task = task;
        this.epochs = epochs;
        this.batchSize = batchSize;
        this.patience = patience;
        this.runSeed = runSeed;
        this.progress = progress;
    }

    /**
     * Runs the epochs and leaves the network with its last epoch's parameters.
     * @param manager The run's manager.
     * @param network The initialised network.
     * @param optimizer Its optimizer.
     * @param step The two-stage step.
     * @param trainPrototypes The training-time class prototypes.
     * @param inference Inference for the validation metric.
     * @param train The training examples.
     * @param labels Their class indices.
     * @param valid The validation examples.
     * @param checkpoints The locked checkpoint directory, or null for none.
     * @param resume Whether to continue from the directory's checkpoint, if it holds one.
     * @param fingerprint The run's fingerprint (written into checkpoints, checked on resume).
     * @return The selection.
     */
    Selection run(NDManager manager, MaciNetwork network, CheckpointableAdam optimizer, TwoStageStep step, NDList trainPrototypes,
                  CiderInference inference, List<MultimodalExample> train, int[] labels, List<MultimodalExample> valid,
                  CheckpointDirectory checkpoints, boolean resume, RunFingerprint fingerprint) {
        double[] validScores = valid.stream().mapToDouble(MultimodalExample::getScore).toArray();
        EarlyStopping stopping = new EarlyStopping(patience);
        byte[] best = TrainingCheckpoint.parametersOf(network);
        int startEpoch = 0;
        if (resume && checkpoints != null) {
            TrainingCheckpoint c = checkpoints.readForResume(fingerprint).orElse(null);
            if (c != null) {
                TrainingCheckpoint.restoreParameters(network, manager, c.parameters());
                TrainingCheckpoint.restoreOptimizer(optimizer, manager, c.optimizerState());
                stopping = EarlyStopping.restore(patience, c.bestValue(), c.bestEpoch(), c.sinceBest());
                best = c.bestParameters();
                startEpoch = c.epochsDone();
                progress.info("Resuming from " + checkpoints.checkpointFile() + " after epoch " + startEpoch);
            }
        }
        for (int epoch = startEpoch; epoch < epochs && !stopping.shouldStop(); epoch++) {
            long t0 = System.nanoTime();
            StepLosses mean = trainEpoch(manager, step, trainPrototypes, train, labels, epoch);
            double value = SentimentMetrics.evaluate(new ScoredPredictions(task, inference.logProbabilities(valid), validScores)).headline();
            boolean improved = stopping.record(epoch, value);
            if (improved) {
                best = TrainingCheckpoint.parametersOf(network);
            }
            progress.epoch(String.format(Locale.ROOT,
                    "epoch %3d/%d | loss complete %.4f incomplete %.4f recon %.4f attn %.4f joint %.4f | valid %s %.4f%s",
                    epoch + 1, epochs, mean.complete(), mean.incomplete(), mean.reconstruction(), mean.attention(), mean.joint(),
                    headlineName(task), value, improved ? " *" : ""), Duration.ofNanos(System.nanoTime() - t0), epochs - epoch - 1);
            if (checkpoints != null) {
                checkpoints.write(new TrainingCheckpoint(fingerprint, epoch + 1, stopping.best(), stopping.bestEpoch(),
                        stopping.epochsWithoutImprovement(), TrainingCheckpoint.parametersOf(network), best,
                        TrainingCheckpoint.optimizerStateOf(optimizer)));
            }
        }
        return new Selection(best, stopping);
    }

    /** One pass over the shuffled training data; returns the mean losses per batch. */
    private StepLosses trainEpoch(NDManager manager, TwoStageStep step, NDList trainPrototypes, List<MultimodalExample> train,
                                  int[] labels, int epoch) {
        Engine.getInstance().setRandomSeed((int) ((runSeed + 31L * (epoch + 1)) & 0x7fffffff));
        SplittableRandom epochRng = new SplittableRandom(runSeed + 1_000_003L * (epoch + 1));
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
        return sum.divide(batches);
    }

    /**
     * The name of a task's headline metric.
     * @param task The task.
     * @return Acc2 or Acc7.
     */
    static String headlineName(SentimentTask task) {
        return task == SentimentTask.BINARY ? "Acc2" : "Acc7";
    }
}
