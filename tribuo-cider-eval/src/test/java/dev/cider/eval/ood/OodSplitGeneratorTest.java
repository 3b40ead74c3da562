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
    }
}
