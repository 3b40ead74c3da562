package dev.cider.eval.ood;

import dev.cider.data.DataSplit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Re-partitions a corpus so that the test split's word/sentiment statistics differ from training while the split
 * sizes stay those of the standard split (cider-spec section 7).
 * <p>
 * Words are normalised by {@link SentimentWords}; the vocabulary is the words seen more than {@code minCount} times
 * in polar (non-neutral) utterances. For a set of utterances S and a word w, the positive rate is
 * {@code r_S(w) = (pos_S(w) + 1) / (pos_S(w) + neg_S(w) + 2)} over the word's occurrences in positive and negative
 * utterances. The divergence between the training side (train and valid) and the test split is
 * {@code D = sum_w f_w |r_train(w) - r_test(w)| / sum_w f_w}, with {@code f_w} the word's polar count in the whole
 * corpus. Simulated annealing (seeded) swaps test utterances with training-side ones to maximise D. The valid split is
 * then drawn at random (seeded) from the training side with its original size, so it stays IID with training.
 */
public final class OodSplitGenerator {

    /**
     * One utterance of the corpus.
     * @param id The utterance id.
     * @param text The transcript.
     * @param score The sentiment score.
     * @param split Its split in the standard partition.
     */
    public record Utterance(String id, String text, double score, DataSplit split) {
    }

    /**
     * One word's shift between the training side and the test split.
     * @param word The word.
     * @param count Its polar count in the corpus.
     * @param trainRate Its positive rate on the training side.
     * @param testRate Its positive rate on the test split.
     */
    public record WordShift(String word, int count, double trainRate, double testRate) {
    }

    /**
     * The generated partition and how far the statistics moved.
     * @param assignment Utterance id to its new split, in input order.
     * @param divergenceBefore D of the standard partition.
     * @param divergenceAfter D of the new partition.
     * @param vocabularySize The number of words in the objective.
     * @param largestShifts The words that moved most, largest first.
     */
    public record Result(Map<String, DataSplit> assignment, double divergenceBefore, double divergenceAfter,
                         int vocabularySize, List<WordShift> largestShifts) {
    }

    private final int minCount;
    private final int iterations;
    private final long seed;

    /**
     * Creates a generator.
     * @param minCount Words seen at most this often in polar utterances are ignored (the recipe uses 50).
     * @param iterations Annealing steps.
     * @param seed The seed.
     */
    public OodSplitGenerator(int minCount, int iterations, long seed) {
        if (minCount < 0 || iterations < 0) {
            throw new IllegalArgumentException("minCount and iterations must be non-negative, found " + minCount + ", " + iterations);
        }
        this.minCount = minCount;
        this.iterations = iterations;
        this.seed = seed;
    }

    /**
     * Generates the OOD partition.
     * @param utterances The corpus with its standard split.
     * @return The result.
     * @throws IllegalArgumentException if the corpus has no test or no training utterance, or no word is frequent enough.
     */
    public Result generate(List<Utterance> utterances) {
        Corpus corpus = new Corpus(utterances, minCount);
        boolean[] test = new boolean[utterances.size()];
        int testSize = 0;
        int validSize = 0;
        for (int i = 0; i < test.length; i++) {
            test[i] = utterances.get(i).split() == DataSplit.TEST;
            testSize += test[i] ? 1 : 0;
            validSize += utterances.get(i).split() == DataSplit.VALID ? 1 : 0;
        }
        if (testSize == 0 || testSize == test.length) {
            throw new IllegalArgumentException("The corpus needs both test and training utterances, found " + testSize + " test of " + test.length);
        }
        State state = new State(corpus, test);
        double before = state.divergence();
        anneal(state);
        double after = state.divergence();

        SplittableRandom rng = new SplittableRandom(seed ^ 0x5DEECE66DL);
        List<Integer> pool = new ArrayList<>();
        for (int i = 0; i < test.length; i++) {
            if (!state.test[i]) {
                pool.add(i);
            }
        }
        for (int i = pool.size() - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            Integer t = pool.get(i);
            pool.set(i, pool.get(j));
            pool.set(j, t);
        }
        boolean[] valid = new boolean[test.length];
        for (int k = 0; k < validSize && k < pool.size(); k++) {
            valid[pool.get(k)] = true;
        }
        Map<String, DataSplit> assignment = new LinkedHashMap<>();
        for (int i = 0; i < test.length; i++) {
            assignment.put(utterances.get(i).id(), state.test[i] ? DataSplit.TEST : (valid[i] ? DataSplit.VALID : DataSplit.TRAIN));
        }
        return new Result(assignment, before, after, corpus.words.length, state.largestShifts(10));
    }

    private void anneal(State state) {
        SplittableRandom rng = new SplittableRandom(seed);
        int n = state.test.length;
        int[] testIdx = new int[n];
        int[] poolIdx = new int[n];
        int nt = 0;
        int np = 0;
        for (int i = 0; i < n; i++) {
            if (state.test[i]) {
                testIdx[nt++] = i;
            } else {
                poolIdx[np++] = i;
            }
        }
        double temperature = 1e-3;
        double cooling = iterations == 0 ? 1 : Math.pow(1e-3, 1.0 / iterations);
        for (int it = 0; it < iterations; it++) {
            int a = rng.nextInt(nt);
            int b = rng.nextInt(np);
            int i = testIdx[a];
            int j = poolIdx[b];
            double delta = state.swapDelta(i, j);
            if (delta >= 0 || rng.nextDouble() < Math.exp(delta / temperature)) {
                state.swap(i, j);
                testIdx[a] = j;
                poolIdx[b] = i;
            }
            temperature *= cooling;
        }
    }

    /** Word ids and polar signs of each utterance. */
    private static final class Corpus {
        final String[] words;
        final int[][] wordIds;   // per utterance, vocabulary ids of its occurrences
        final int[] polarity;    // +1, -1 or 0 per utterance
        final double[] weight;   // f_w
        final double totalWeight;

        Corpus(List<Utterance> utterances, int minCount) {
            Map<String, Integer> counts = new HashMap<>();
            List<List<String>> tokenised = new ArrayList<>();
            polarity = new int[utterances.size()];
            for (int i = 0; i < utterances.size(); i++) {
                Utterance u = utterances.get(i);
                polarity[i] = (int) Math.signum(u.score());
                List<String> ws = SentimentWords.words(u.text());
                tokenised.add(ws);
                if (polarity[i] != 0) {
                    for (String w : ws) {
                        counts.merge(w, 1, Integer::sum);
                    }
                }
            }
            words = counts.entrySet().stream().filter(e -> e.getValue() > minCount).map(Map.Entry::getKey).sorted().toArray(String[]::new);
            if (words.length == 0) {
                throw new IllegalArgumentException("No word occurs more than " + minCount + " times in polar utterances: lower minCount");
            }
            Map<String, Integer> index = new HashMap<>();
            for (int k = 0; k < words.length; k++) {
                index.put(words[k], k);
            }
            weight = new double[words.length];
            double total = 0;
            for (int k = 0; k < words.length; k++) {
                weight[k] = counts.get(words[k]);
                total += weight[k];
            }
            totalWeight = total;
            wordIds = new int[utterances.size()][];
            for (int i = 0; i < utterances.size(); i++) {
                wordIds[i] = tokenised.get(i).stream().filter(index::containsKey).mapToInt(index::get).toArray();
            }
        }
    }

    /** Counts per side and the running objective. */
    private static final class State {
        final Corpus c;
        final boolean[] test;
        final int[][] pos = new int[2][]; // [0] training side, [1] test
        final int[][] neg = new int[2][];

        State(Corpus c, boolean[] test) {
            this.c = c;
            this.test = test.clone();
            for (int s = 0; s < 2; s++) {
                pos[s] = new int[c.words.length];
                neg[s] = new int[c.words.length];
            }
            for (int i = 0; i < test.length; i++) {
                add(i, test[i] ? 1 : 0, 1);
            }
        }

        void add(int utterance, int side, int sign) {
            int p = c.polarity[utterance];
            if (p == 0) {
                return;
            }
            int[] target = p > 0 ? pos[side] : neg[side];
            for (int w : c.wordIds[utterance]) {
                target[w] += sign;
            }
        }

        double term(int w) {
            double r0 = (pos[0][w] + 1.0) / (pos[0][w] + neg[0][w] + 2.0);
            double r1 = (pos[1][w] + 1.0) / (pos[1][w] + neg[1][w] + 2.0);
            return c.weight[w] * Math.abs(r0 - r1);
        }

        double divergence() {
            double d = 0;
            for (int w = 0; w < c.words.length; w++) {
                d += term(w);
            }
            return d / c.totalWeight;
        }

        /** i is in test, j on the training side. */
        double swapDelta(int i, int j) {
            if (c.polarity[i] == 0 && c.polarity[j] == 0) {
                return 0;
            }
            int[] touched = touched(i, j);
            double old = 0;
            for (int w : touched) {
                old += term(w);
            }
            swap(i, j);
            double now = 0;
            for (int w : touched) {
                now += term(w);
            }
            swap(j, i);
            return (now - old) / c.totalWeight;
        }

        /** Moves i from test to training and j from training to test. */
        void swap(int i, int j) {
            add(i, 1, -1);
            add(j, 0, -1);
            add(i, 0, 1);
            add(j, 1, 1);
            test[i] = false;
            test[j] = true;
        }

        int[] touched(int i, int j) {
            int[] all = new int[c.wordIds[i].length + c.wordIds[j].length];
            System.arraycopy(c.wordIds[i], 0, all, 0, c.wordIds[i].length);
            System.arraycopy(c.wordIds[j], 0, all, c.wordIds[i].length, c.wordIds[j].length);
            return Arrays.stream(all).distinct().toArray();
        }

        List<WordShift> largestShifts(int k) {
            Integer[] order = new Integer[c.words.length];
            for (int w = 0; w < order.length; w++) {
                order[w] = w;
            }
            Arrays.sort(order, Comparator.comparingDouble((Integer w) -> -term(w)).thenComparing(w -> c.words[w]));
            List<WordShift> out = new ArrayList<>();
            for (int r = 0; r < Math.min(k, order.length); r++) {
                int w = order[r];
                out.add(new WordShift(c.words[w], (int) c.weight[w], (pos[0][w] + 1.0) / (pos[0][w] + neg[0][w] + 2.0),
                        (pos[1][w] + 1.0) / (pos[1][w] + neg[1][w] + 2.0)));
            }
            return out;
        }
    }
}
