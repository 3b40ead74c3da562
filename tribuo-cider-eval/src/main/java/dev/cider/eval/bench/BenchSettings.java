package dev.cider.eval.bench;

import dev.cider.data.source.SyntheticPreset;

/**
 * What a benchmark run measures and how.
 *
 * @param preset           The corpus shape.
 * @param textFeatures     The token feature size attached to every utterance (768 as frozen BERT features; 0 feeds
 *                         token ids to a trainable embedding instead).
 * @param ownTextFeatures  Whether every utterance holds its own token features, as real frozen features would (else
 *                         utterances of the same text length share theirs, which costs no memory).
 * @param batchSize        The training and inference batch size.
 * @param microBatchSize   Utterances per training micro-batch (gradients added up over the batch), or 0 for whole
 *                         batches.
 * @param layers           MCT layers.
 * @param heads            Attention heads.
 * @param trainSize        Utterances per training epoch.
 * @param validSize        Utterances of the validation pass that follows each epoch.
 * @param poolSize         Distinct utterances held in memory (epochs cycle through them), at most {@code trainSize}.
 * @param epochsMeasured   Epochs timed per run; a fraction times that share of an epoch's batches and scales up.
 * @param warmupEpochs     Whole training epochs run before timing (as the reference's harness does), before the
 *                         warm-up batches.
 * @param warmupBatches    Training batches run before timing, after the warm-up epochs.
 * @param repeats          Timed runs; the median is reported.
 * @param latencySamples   Single-utterance predictions timed per run.
 * @param latencyWarmup    Single-utterance predictions run before timing them (the JIT compiles the prediction path
 *                         over the first few dozen).
 * @param encoderTexts     Sentences encoded by MiniLM per run (0 skips the encoder).
 * @param seed             Seed of the corpus, the features and the network.
 */
public record BenchSettings(SyntheticPreset preset, int textFeatures, boolean ownTextFeatures, int batchSize, int microBatchSize, int layers, int heads, int trainSize,
                            int validSize, int poolSize, double epochsMeasured, int warmupEpochs, int warmupBatches, int repeats,
                            int latencySamples, int latencyWarmup, int encoderTexts, long seed) {

    /**
     * Validates the settings.
     */
    public BenchSettings {
        positive("batch", batchSize);
        positive("layers", layers);
        positive("heads", heads);
        positive("train-size", trainSize);
        positive("pool", poolSize);
        positive("repeats", repeats);
        positive("latency-samples", latencySamples);
        if (textFeatures < 0 || encoderTexts < 0 || warmupBatches < 0 || validSize < 0 || microBatchSize < 0 || latencyWarmup < 0 || warmupEpochs < 0) {
            throw new IllegalArgumentException("text-features, encoder-texts, warmup, valid-size, micro-batch, warmup-epochs and latency-warmup must not be negative");
        }
        if (32 % heads != 0) {
            throw new IllegalArgumentException("heads must divide the hidden size 32, found " + heads);
        }
        if (!(epochsMeasured > 0) || Double.isInfinite(epochsMeasured)) {
            throw new IllegalArgumentException("epochs-measured must be positive, found " + epochsMeasured);
        }
        if (poolSize > trainSize) {
            throw new IllegalArgumentException("pool (" + poolSize + ") cannot exceed train-size (" + trainSize + ")");
        }
    }

    private static void positive(String name, int v) {
        if (v <= 0) {
            throw new IllegalArgumentException(name + " must be positive, found " + v);
        }
    }

    /** @return Training batches per epoch (the last one may be partial). */
    public int batchesPerEpoch() {
        return (trainSize + batchSize - 1) / batchSize;
    }

    /** @return Training batches timed per run: the measured share of the epochs, at least one. */
    public int measuredBatches() {
        return Math.max(1, (int) Math.ceil(epochsMeasured * batchesPerEpoch()));
    }
}
