package dev.cider.eval.ood;

import dev.cider.data.DataSplit;
import dev.cider.data.source.SplitAssignments;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OodSplitGeneratorTest {

    /** 300 utterances; "movie" is neutral in meaning and appears in both polarities with equal probability. */
    private static List<OodSplitGenerator.Utterance> toyCorpus() {
        SplittableRandom rng = new SplittableRandom(3);
        List<OodSplitGenerator.Utterance> out = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            double score = i % 10 == 0 ? 0.0 : (rng.nextBoolean() ? 1.5 : -1.5);
            String text = (score > 0 ? "great" : "awful") + " the movie" + (rng.nextBoolean() ? " plot" : " actor");
            DataSplit split = i < 180 ? DataSplit.TRAIN : (i < 220 ? DataSplit.VALID : DataSplit.TEST);
            out.add(new OodSplitGenerator.Utterance("u" + i, text, score, split));
        }
        return out;
    }

    /**
     * A corpus whose standard split has {@code sidePositive} positive and {@code sideNegative} negative training-side
     * utterances (a tenth of them valid) and the given test counts; texts share the words "film" and "scene".
     */
    static List<OodSplitGenerator.Utterance> polarCorpus(int sidePositive, int sideNegative, int sideNeutral,
                                                         int testPositive, int testNegative, int testNeutral) {
        List<OodSplitGenerator.Utterance> out = new ArrayList<>();
        int[][] counts = {{sidePositive, sideNegative, sideNeutral}, {testPositive, testNegative, testNeutral}};
        double[] scores = {2.0, -2.0, 0.0};
        for (int side = 0; side < 2; side++) {
            for (int c = 0; c < 3; c++) {
                for (int n = 0; n < counts[side][c]; n++) {
                    int id = out.size();
                    DataSplit split = side == 1 ? DataSplit.TEST : (id % 10 == 0 ? DataSplit.VALID : DataSplit.TRAIN);
                    out.add(new OodSplitGenerator.Utterance("u" + id, (n % 2 == 0 ? "film" : "scene") + " talk", scores[c], split));
                }
            }
        }
        return out;
    }

    /** Class counts (negative, neutral, positive) per split of an assignment, from the utterances' scores. */
    private static Map<DataSplit, int[]> classCounts(List<OodSplitGenerator.Utterance> corpus, Map<String, DataSplit> assignment) {
        Map<DataSplit, int[]> m = new EnumMap<>(DataSplit.class);
        for (OodSplitGenerator.Utterance u : corpus) {
            int c = u.score() < 0 ? 0 : (u.score() > 0 ? 2 : 1);
            m.computeIfAbsent(assignment.get(u.id()), s -> new int[3])[c]++;
        }
        return m;
    }

    /** Asserts every class of the corpus is in every split and each split's class fractions are within bound of train's. */
    private static void assertBalanced(List<OodSplitGenerator.Utterance> corpus, Map<String, DataSplit> assignment, double bound) {
        Map<DataSplit, int[]> counts = classCounts(corpus, assignment);
        int[] train = counts.get(DataSplit.TRAIN);
        double trainSize = Arrays.stream(train).sum();
        for (DataSplit s : DataSplit.values()) {
            int[] c = counts.get(s);
            double size = Arrays.stream(c).sum();
            for (int k = 0; k < 3; k++) {
                assertTrue(c[k] > 0, "class " + k + " missing from " + s + ": " + Arrays.toString(c));
                double shift = Math.abs(c[k] / size - train[k] / trainSize);
                assertTrue(shift <= bound, s + " class " + k + " shift " + shift + " > " + bound + ": " + Arrays.toString(c) + " vs " + Arrays.toString(train));
            }
        }
    }

    private static Map<DataSplit, Integer> sizes(Map<String, DataSplit> a) {
        Map<DataSplit, Integer> m = new EnumMap<>(DataSplit.class);
        a.values().forEach(s -> m.merge(s, 1, Integer::sum));
        return m;
    }

    @Test
    void increasesDivergenceAndKeepsSplitSizes() {
        List<OodSplitGenerator.Utterance> corpus = toyCorpus();
        OodSplitGenerator.Result r = new OodSplitGenerator(5, 20000, 11).generate(corpus);
        assertTrue(r.divergenceAfter() > r.divergenceBefore() + 0.05,
                "before " + r.divergenceBefore() + " after " + r.divergenceAfter());
        assertEquals(Map.of(DataSplit.TRAIN, 180, DataSplit.VALID, 40, DataSplit.TEST, 80), sizes(r.assignment()));
        assertEquals(corpus.size(), r.assignment().size());
        assertTrue(r.vocabularySize() >= 4);
        assertBalanced(corpus, r.assignment(), OodSplitGenerator.DEFAULT_MAX_LABEL_SHIFT);
        // the reported balance is that of the assignment
        Map<DataSplit, int[]> counts = classCounts(corpus, r.assignment());
        for (SplitLabelBalance b : r.labelBalance()) {
            assertEquals(Arrays.stream(counts.get(b.split())).boxed().toList(), b.counts(), b.split().toString());
        }
        // the same seed gives the same partition
        assertEquals(r.assignment(), new OodSplitGenerator(5, 20000, 11).generate(corpus).assignment());
    }

    @Test
    void refusesADegenerateCorpus() {
        List<OodSplitGenerator.Utterance> corpus = toyCorpus();
        assertThrows(IllegalArgumentException.class, () -> new OodSplitGenerator(100000, 10, 1).generate(corpus));
        List<OodSplitGenerator.Utterance> noTest = new ArrayList<>();
        for (OodSplitGenerator.Utterance u : corpus) {
            noTest.add(new OodSplitGenerator.Utterance(u.id(), u.text(), u.score(), DataSplit.TRAIN));
        }
        assertThrows(IllegalArgumentException.class, () -> new OodSplitGenerator(5, 10, 1).generate(noTest));
    }

    @Test
    void repairsAStandardSplitWhoseTestLacksClasses() {
        // the standard test split is all negative: the search must move positives and neutrals into it
        List<OodSplitGenerator.Utterance> corpus = polarCorpus(120, 20, 10, 0, 50, 0);
        OodSplitGenerator.Result r = new OodSplitGenerator(0, 2000, 4, 0.1).generate(corpus);
        assertBalanced(corpus, r.assignment(), 0.1);
        assertEquals(Map.of(DataSplit.TRAIN, 135, DataSplit.VALID, 15, DataSplit.TEST, 50), sizes(r.assignment()));
        SplitLabelBalance standardTest = r.standardLabelBalance().get(2);
        assertEquals(DataSplit.TEST, standardTest.split());
        assertEquals(List.of(50, 0, 0), standardTest.counts());
    }

    @Test
    void refusesAnImpossibleLabelBound() {
        // 500 positive and 500 negative on the training side, a test split of 5: the test's positive fraction is a
        // multiple of 0.2, at least 0.1 away from the training side's 0.5, so a bound of 0.05 cannot be met.
        List<OodSplitGenerator.Utterance> corpus = polarCorpus(500, 500, 0, 3, 2, 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new OodSplitGenerator(0, 1000, 1, 0.05).generate(corpus));
        assertTrue(e.getMessage().contains("maxLabelShift") && e.getMessage().contains("impossible"), e.getMessage());
        // a bound of 0.15 is met
        OodSplitGenerator.Result r = new OodSplitGenerator(0, 1000, 1, 0.15).generate(corpus);
        assertTrue(r.labelBalance().stream().allMatch(b -> b.shift() <= 0.15), r.labelBalance().toString());
    }

    @Test
    void refusesAClassTooRareForEverySplit() {
        // two neutral utterances cannot cover train, valid and test
        List<OodSplitGenerator.Utterance> corpus = polarCorpus(100, 100, 2, 30, 30, 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new OodSplitGenerator(0, 1000, 1).generate(corpus));
        assertTrue(e.getMessage().contains("'neutral'") && e.getMessage().contains("degenerate"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new OodSplitGenerator(0, 10, 1, 0.0));
        assertThrows(IllegalArgumentException.class, () -> new OodSplitGenerator(0, 10, 1, Double.NaN));
    }

    @Test
    void assignmentsRoundTripAndBadFilesAreNamed(@TempDir Path dir) throws IOException {
        OodSplitGenerator.Result r = new OodSplitGenerator(5, 1000, 2).generate(toyCorpus());
        Path csv = dir.resolve("ood.csv");
        SplitAssignments.write(csv, r.assignment());
        assertEquals(r.assignment(), SplitAssignments.read(csv));
        Files.writeString(dir.resolve("bad.csv"), "id,mode\nu1,train\nu2,holdout\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SplitAssignments.read(dir.resolve("bad.csv")));
        assertTrue(e.getMessage().contains("line 3") && e.getMessage().contains("u2"), e.getMessage());
        assertThrows(IOException.class, () -> SplitAssignments.read(dir.resolve("missing.csv")));
    }

    @Test
    void movesTheRealMosiStatistics() throws IOException {
        Path csv = Path.of(System.getProperty("cider.shared.dir", "../shared"), "data", "cmu-mosi", "label.csv");
        Assumptions.assumeTrue(Files.isRegularFile(csv), "CMU-MOSI label.csv not found at " + csv + ": skipping");
        List<OodSplitGenerator.Utterance> corpus = new ArrayList<>();
        for (String line : Files.readAllLines(csv).subList(1, Files.readAllLines(csv).size())) {
            int first = line.indexOf(',');
            int last = line.lastIndexOf(',');
            int second = line.lastIndexOf(',', last - 1);
            corpus.add(new OodSplitGenerator.Utterance(line.substring(0, first), line.substring(first + 1, second),
                    Double.parseDouble(line.substring(second + 1, last)), DataSplit.parse(line.substring(last + 1))));
        }
        OodSplitGenerator.Result r = new OodSplitGenerator(50, 100000, 7).generate(corpus);
        assertTrue(r.divergenceAfter() > 2 * r.divergenceBefore(), "before " + r.divergenceBefore() + " after " + r.divergenceAfter());
        assertEquals(Map.of(DataSplit.TRAIN, 1281, DataSplit.VALID, 229, DataSplit.TEST, 685), sizes(r.assignment()));
        // every class (negative, neutral, positive) in every split, each split's balance within the default bound
        assertBalanced(corpus, r.assignment(), OodSplitGenerator.DEFAULT_MAX_LABEL_SHIFT);
    }
}
