package dev.cider.eval.ood;

import dev.cider.data.DataSplit;
import dev.cider.data.SentimentTask;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
 * then drawn at random (seeded) from the training side with its original size, stratified by class, so it stays IID
 * with training.
 * <p>
 * The label balance is constrained during the search, not checked afterwards only: every class of
 * {@link SentimentTask#BINARY} present in the corpus (negative, neutral, positive) stays present in every split, and
 * no class's fraction in the test or valid split differs from its fraction in train by more than
 * {@code maxLabelShift}. The standard partition is first repaired into that set if needed (seeded swaps of test
 * utterances of over-represented classes against training-side ones of under-represented classes), and annealing then
 * only accepts swaps that stay inside it. A corpus where that is impossible (a class with fewer than three utterances,
 * or a bound that no test split of the standard size can meet) is refused with an {@link IllegalArgumentException}.
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
     * @param standardLabelBalance The label balance of train, valid and test in the standard partition.
     * @param labelBalance The label balance of train, valid and test in the new partition.
     * @param maxLabelShift The bound the new partition meets.
     */
    public record Result(Map<String, DataSplit> assignment, double divergenceBefore, double divergenceAfter,
                         int vocabularySize, List<WordShift> largestShifts, List<SplitLabelBalance> standardLabelBalance,
                         List<SplitLabelBalance> labelBalance, double maxLabelShift) {
    }

    /** The default bound on a split's class-fraction difference against train. */
    public static final double DEFAULT_MAX_LABEL_SHIFT = 0.15;

    /** The classes whose balance is constrained. */
    static final SentimentTask TASK = SentimentTask.BINARY;

    private final int minCount;
    private final int iterations;
    private final long seed;
    private final double maxLabelShift;

    /**
     * Creates a generator with the default label-shift bound {@link #DEFAULT_MAX_LABEL_SHIFT}.
     * @param minCount Words seen at most this often in polar utterances are ignored (the recipe uses 50).
     * @param iterations Annealing steps.
     * @param seed The seed.
     */
    public OodSplitGenerator(int minCount, int iterations, long seed) {
        this(minCount, iterations, seed, DEFAULT_MAX_LABEL_SHIFT);
    }

    /**
     * Creates a generator.
     * @param minCount Words seen at most this often in polar utterances are ignored (the recipe uses 50).
     * @param iterations Annealing steps.
     * @param seed The seed.
     * @param maxLabelShift The largest allowed difference, for any class, between its fraction in the test or valid
     *                      split and its fraction in train, in (0, 1].
     */
    public OodSplitGenerator(int minCount, int iterations, long seed, double maxLabelShift) {
        if (minCount < 0 || iterations < 0) {
            throw new IllegalArgumentException("minCount and iterations must be non-negative, found " + minCount + ", " + iterations);
        }
        if (!(maxLabelShift > 0 && maxLabelShift <= 1)) {
            throw new IllegalArgumentException("maxLabelShift must be in (0, 1], found " + maxLabelShift);
        }
        this.minCount = minCount;
        this.iterations = iterations;
        this.seed = seed;
        this.maxLabelShift = maxLabelShift;
    }

    /**
     * Generates the OOD partition.
     * @param utterances The corpus with its standard split.
     * @return The result.
     * @throws IllegalArgumentException if the corpus has no test or no training utterance, no word is frequent enough, a
     *                                  class is too rare to appear in every split, or the label-shift bound cannot be met.
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
        int trainSize = test.length - testSize - validSize;
        if (trainSize <= 0) {
            throw new IllegalArgumentException("The corpus needs train utterances, found " + testSize + " test and " + validSize + " valid of " + test.length);
        }
        DataSplit[] standard = new DataSplit[test.length];
        for (int i = 0; i < test.length; i++) {
            standard[i] = utterances.get(i).split();
        }
        List<SplitLabelBalance> standardBalance = balance(corpus.classOf, standard);
        // The valid draw moves each class's train fraction by less than 1/trainSize from the training side's, so the
        // search keeps test within the bound minus that of the training side.
        double searchBound = maxLabelShift - 1.0 / trainSize;
        if (searchBound <= 0) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "maxLabelShift %.4f is below the rounding of a %d-utterance "
                    + "train split (1/%d): the bound is impossible to meet; raise maxLabelShift", maxLabelShift, trainSize, trainSize));
        }
        int[] totals = new int[TASK.numClasses()];
        for (int k : corpus.classOf) {
            totals[k]++;
        }
        TestClassBounds bounds = new TestClassBounds(TASK.classNames(), totals, testSize, test.length - testSize, searchBound, maxLabelShift);
        State state = new State(corpus, test);
        double before = state.divergence();
        repair(state, bounds);
        anneal(state, bounds);
        double after = state.divergence();

        boolean[] valid = drawValid(state.test, corpus.classOf, validSize);
        DataSplit[] assigned = new DataSplit[test.length];
        Map<String, DataSplit> assignment = new LinkedHashMap<>();
        for (int i = 0; i < test.length; i++) {
            assigned[i] = state.test[i] ? DataSplit.TEST : (valid[i] ? DataSplit.VALID : DataSplit.TRAIN);
            assignment.put(utterances.get(i).id(), assigned[i]);
        }
        List<SplitLabelBalance> balance = balance(corpus.classOf, assigned);
        checkBalance(balance, totals);
        return new Result(assignment, before, after, corpus.words.length, state.largestShifts(10), standardBalance, balance, maxLabelShift);
    }

    /** Refuses a partition with a class missing from a non-empty split or a split beyond the bound. */
    private void checkBalance(List<SplitLabelBalance> balance, int[] totals) {
        for (SplitLabelBalance b : balance) {
            if (b.size() == 0) {
                continue;
            }
            for (int k = 0; k < totals.length; k++) {
                if (totals[k] > 0 && b.counts().get(k) == 0) {
                    throw new IllegalArgumentException("The OOD partition has no '" + TASK.classNames().get(k) + "' utterance in its "
                            + b.split() + " split: refusing a degenerate split");
                }
            }
            if (b.shift() > maxLabelShift) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "The %s split's label balance differs from train's by %.4f, "
                        + "more than maxLabelShift %.4f (the split is too small for the bound): raise maxLabelShift", b.split(), b.shift(), maxLabelShift));
            }
        }
    }

    /** The label balance of train, valid and test of a partition. */
    private static List<SplitLabelBalance> balance(int[] classOf, DataSplit[] splits) {
        Map<DataSplit, int[]> counts = new LinkedHashMap<>();
        for (DataSplit s : List.of(DataSplit.TRAIN, DataSplit.VALID, DataSplit.TEST)) {
            counts.put(s, new int[TASK.numClasses()]);
        }
        for (int i = 0; i < classOf.length; i++) {
            counts.get(splits[i])[classOf[i]]++;
        }
        int[] train = counts.get(DataSplit.TRAIN);
        List<SplitLabelBalance> out = new ArrayList<>();
        for (Map.Entry<DataSplit, int[]> e : counts.entrySet()) {
            out.add(new SplitLabelBalance(e.getKey(), TASK.classNames(), Arrays.stream(e.getValue()).boxed().toList(),
                    SplitLabelBalance.shift(e.getValue(), train)));
        }
        return out;
    }

    /**
     * Draws the valid split from the training side (seeded), with each class's count its share of validSize by largest
     * remainder and at least one of every class the training side holds twice or more.
     */
    private boolean[] drawValid(boolean[] test, int[] classOf, int validSize) {
        int k = TASK.numClasses();
        int[] side = new int[k];
        int sideSize = 0;
        for (int i = 0; i < test.length; i++) {
            if (!test[i]) {
                side[classOf[i]]++;
                sideSize++;
            }
        }
        int[] quota = new int[k];
        double[] remainder = new double[k];
        int assigned = 0;
        for (int c = 0; c < k; c++) {
            double exact = (double) side[c] * validSize / sideSize;
            quota[c] = (int) Math.floor(exact);
            remainder[c] = exact - quota[c];
            assigned += quota[c];
        }
        while (assigned < validSize) {
            int best = 0;
            for (int c = 1; c < k; c++) {
                if (remainder[c] > remainder[best]) {
                    best = c;
                }
            }
            quota[best]++;
            remainder[best] = -1;
            assigned++;
        }
        for (int c = 0; c < k && validSize > 0; c++) {
            if (quota[c] == 0 && side[c] >= 2) {
                int largest = 0;
                for (int d = 1; d < k; d++) {
                    if (quota[d] > quota[largest]) {
                        largest = d;
                    }
                }
                if (quota[largest] > 1) {
                    quota[largest]--;
                    quota[c]++;
                }
            }
        }
        SplittableRandom rng = new SplittableRandom(seed ^ 0x5DEECE66DL);
        List<Integer> pool = new ArrayList<>();
        for (int i = 0; i < test.length; i++) {
            if (!test[i]) {
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
        for (int i : pool) {
            if (quota[classOf[i]] > 0) {
                valid[i] = true;
                quota[classOf[i]]--;
            }
        }
        return valid;
    }

    /**
     * Moves the test split's class counts into the allowed intervals by seeded swaps of a test utterance of a class
     * above its interval (or above its lower end) with a training-side one of a class below its interval (or below its
     * upper end). Each swap reduces the total distance to the intervals by one; the bounds guarantee both classes exist.
     */
    private void repair(State state, TestClassBounds bounds) {
        SplittableRandom rng = new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L);
        int k = TASK.numClasses();
        while (true) {
            int over = -1;
            int under = -1;
            for (int c = 0; c < k; c++) {
                if (state.testCounts[c] > bounds.upper[c] && over < 0) {
                    over = c;
                }
                if (state.testCounts[c] < bounds.lower[c] && under < 0) {
                    under = c;
                }
            }
            if (over < 0 && under < 0) {
                return;
            }
            for (int c = 0; c < k && over < 0; c++) {
                if (c != under && state.testCounts[c] > bounds.lower[c]) {
                    over = c;
                }
            }
            for (int c = 0; c < k && under < 0; c++) {
                if (c != over && state.testCounts[c] < bounds.upper[c]) {
                    under = c;
                }
            }
            state.swap(pick(state, rng, over, true), pick(state, rng, under, false));
        }
    }

    /** A random utterance of a class on one side. */
    private static int pick(State state, SplittableRandom rng, int classIndex, boolean inTest) {
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < state.test.length; i++) {
            if (state.test[i] == inTest && state.c.classOf[i] == classIndex) {
                candidates.add(i);
            }
        }
        return candidates.get(rng.nextInt(candidates.size()));
    }

    private void anneal(State state, TestClassBounds bounds) {
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
            int ci = state.c.classOf[i];
            int cj = state.c.classOf[j];
            if (ci != cj && !(bounds.allows(ci, state.testCounts[ci] - 1) && bounds.allows(cj, state.testCounts[cj] + 1))) {
                temperature *= cooling;
                continue;
            }
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
        final int[] classOf;     // TASK class index per utterance
        final double[] weight;   // f_w
        final double totalWeight;

        Corpus(List<Utterance> utterances, int minCount) {
            Map<String, Integer> counts = new HashMap<>();
            List<List<String>> tokenised = new ArrayList<>();
            polarity = new int[utterances.size()];
            classOf = new int[utterances.size()];
            for (int i = 0; i < utterances.size(); i++) {
                Utterance u = utterances.get(i);
                polarity[i] = (int) Math.signum(u.score());
                classOf[i] = TASK.classIndex(u.score());
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
        final int[] testCounts;  // test utterances per class

        State(Corpus c, boolean[] test) {
            this.c = c;
            this.test = test.clone();
            this.testCounts = new int[TASK.numClasses()];
            for (int s = 0; s < 2; s++) {
                pos[s] = new int[c.words.length];
                neg[s] = new int[c.words.length];
            }
            for (int i = 0; i < test.length; i++) {
                add(i, test[i] ? 1 : 0, 1);
                testCounts[c.classOf[i]] += test[i] ? 1 : 0;
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
            testCounts[c.classOf[i]]--;
            testCounts[c.classOf[j]]++;
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
