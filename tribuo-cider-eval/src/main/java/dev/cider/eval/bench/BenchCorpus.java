package dev.cider.eval.bench;

import dev.cider.data.DataLayout;
import dev.cider.data.DataSplit;
import dev.cider.data.FeatureSequence;
import dev.cider.data.MultimodalExample;
import dev.cider.data.SentimentTask;
import dev.cider.data.TextInput;
import dev.cider.data.source.SyntheticSource;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The utterances a benchmark runs on: the first {@code poolSize} training utterances of a synthetic corpus of the
 * preset's shape, each with token features of {@code textFeatures} dimensions (like frozen BERT features) so that
 * the network runs in token-feature mode. The feature values are random (their values do not change the cost of a
 * computation) and by default shared by utterances of the same text length, so the pool's memory is that of the
 * audio, vision, ids and pooled Tribuo features; with {@code ownTextFeatures} every utterance holds its own, as real
 * frozen features would.
 */
public final class BenchCorpus {

    private final List<MultimodalExample> pool;
    private final DataLayout layout;
    private final long heapBytes;

    private BenchCorpus(List<MultimodalExample> pool, long heapBytes) {
        this.pool = Collections.unmodifiableList(pool);
        this.layout = DataLayout.of(pool.get(0));
        this.heapBytes = heapBytes;
    }

    /**
     * Generates the pool.
     * @param settings The benchmark settings.
     * @return The corpus.
     */
    public static BenchCorpus generate(BenchSettings settings) {
        long before = usedHeapAfterGc();
        SyntheticSource source = SyntheticSource.builder(settings.preset()).split(DataSplit.TRAIN).task(SentimentTask.BINARY)
                .seed(settings.seed()).sizes(settings.poolSize(), 1, 1).build();
        SplittableRandom rng = new SplittableRandom(settings.seed() ^ 0x5DEECE66DL);
        Map<Integer, FeatureSequence> featuresByLength = new HashMap<>();
        List<MultimodalExample> pool = new ArrayList<>(settings.poolSize());
        for (int i = 0; i < settings.poolSize(); i++) {
            MultimodalExample ex = source.example(i);
            if (settings.textFeatures() > 0) {
                TextInput t = ex.getText();
                FeatureSequence f = settings.ownTextFeatures() ? randomFeatures(t.steps(), settings.textFeatures(), t.length(), rng)
                        : featuresByLength.computeIfAbsent(t.length(), n -> randomFeatures(t.steps(), settings.textFeatures(), n, rng));
                ex = ex.withText(t.withTokenFeatures(f));
            }
            pool.add(ex);
        }
        long after = usedHeapAfterGc();
        return new BenchCorpus(pool, Math.max(0, after - before));
    }

    private static FeatureSequence randomFeatures(int steps, int dim, int length, SplittableRandom rng) {
        float[] values = new float[length * dim];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (rng.nextDouble() * 2 - 1);
        }
        return FeatureSequence.wrapValid(values, steps, dim, length);
    }

    private static long usedHeapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** @return The distinct utterances. */
    public List<MultimodalExample> pool() {
        return pool;
    }

    /** @return Their layout. */
    public DataLayout layout() {
        return layout;
    }

    /** @return The live heap the pool occupies, measured after garbage collection (an estimate). */
    public long heapBytes() {
        return heapBytes;
    }

    /** @return The estimated live heap of one utterance. */
    public long bytesPerUtterance() {
        return heapBytes / pool.size();
    }

    /**
     * The utterances of a cyclic walk through the pool.
     * @param from The first position.
     * @param count The number of utterances.
     * @param order A permutation of the pool indices.
     * @return The utterances at positions {@code from .. from+count-1} of the walk.
     */
    public List<MultimodalExample> slice(long from, int count, int[] order) {
        List<MultimodalExample> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(pool.get(order[(int) ((from + i) % order.length)]));
        }
        return out;
    }
}
