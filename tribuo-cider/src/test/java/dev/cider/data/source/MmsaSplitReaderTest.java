package dev.cider.data.source;

import dev.cider.data.DataSplit;
import dev.cider.data.MultimodalExample;
import dev.cider.data.SentimentTask;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The per-utterance rules of the MMSA reader on small hand-built splits (Python lists instead of arrays, as
 * some pickles store lengths): split aliases, length fallbacks and clipping, and the errors for bad masks,
 * scores, lengths and token features.
 */
class MmsaSplitReaderTest {

    private static final Path FILE = Path.of("/data/hand-built.pkl");

    /** Two utterances, T_l = 4, T_a = 3 x 2, T_v = 4 x 1 (as many steps as the text). */
    private static Map<String, Object> split() {
        Map<String, Object> m = new HashMap<>();
        m.put("text_bert", List.of(
                List.of(List.of(101.0, 2000.0, 102.0, 0.0), List.of(1.0, 1.0, 1.0, 0.0), List.of(0.0, 0.0, 0.0, 0.0)),
                List.of(List.of(101L, 2001L, 2002L, 102L), List.of(1L, 1L, 1L, 1L), List.of(0L, 0L, 0L, 0L))));
        m.put("audio", List.of(
                List.of(List.of(1.0, 2.0), List.of(Double.NEGATIVE_INFINITY, 3.0), List.of(0.0, 0.0)),
                List.of(List.of(4.0, Double.NaN), List.of(5.0, 6.0), List.of(7.0, 8.0))));
        m.put("vision", List.of(
                List.of(List.of(1.0), List.of(2.0), List.of(3.0), List.of(0.0)),
                List.of(List.of(Double.POSITIVE_INFINITY), List.of(2.0), List.of(3.0), List.of(4.0))));
        m.put("regression_labels", List.of(-0.5, 2.5));
        m.put("id", List.of("a$_$1", "b$_$2"));
        m.put("raw_text", List.of("fine", "not bad"));
        return m;
    }

    private static List<MultimodalExample> read(Map<String, Object> split, String key, DataSplit which) {
        Map<String, Object> root = new HashMap<>();
        root.put(key, split);
        return MmsaSplitReader.read(FILE, root, which, SentimentTask.SEVEN, true, 0);
    }

    @Test
    void readsListsWithLengthFallbacks() {
        List<MultimodalExample> ex = read(split(), "dev", DataSplit.VALID);
        assertEquals(2, ex.size());
        assertEquals(3, ex.get(0).getText().length());
        assertEquals(4, ex.get(1).getText().length());
        // no lengths: audio has 3 steps, not T_l = 4, so its full length; vision has T_l steps, so the text length
        assertEquals(3, ex.get(0).getAudio().length());
        assertEquals(3, ex.get(0).getVision().length());
        assertEquals(4, ex.get(1).getVision().length());
        assertEquals(0f, ex.get(0).getAudio().get(1, 0));
        assertEquals(0f, ex.get(1).getAudio().get(0, 1));
        assertEquals(0f, ex.get(1).getVision().get(0, 0));
        assertEquals(5f, ex.get(1).getAudio().get(1, 0));
        assertEquals("0", ex.get(0).getOutput().getLabel());  // rint(-0.5) = -0, half to even
        assertEquals("2", ex.get(1).getOutput().getLabel());  // rint(2.5) = 2, half to even
    }

    @Test
    void storedLengthsAreClippedAndNegativeOnesRefused() {
        Map<String, Object> s = split();
        s.put("audio_lengths", List.of(2, 9));
        s.put("vision_lengths", new ArrayList<>(List.of(1.0, 4.0)));
        List<MultimodalExample> ex = read(s, "valid", DataSplit.VALID);
        assertEquals(2, ex.get(0).getAudio().length());
        assertEquals(3, ex.get(1).getAudio().length());
        assertEquals(1, ex.get(0).getVision().length());
        s.put("audio_lengths", List.of(2, -1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read(s, "valid", DataSplit.VALID));
        assertTrue(e.getMessage().contains("b$_$2") && e.getMessage().contains("negative audio_lengths"), e.getMessage());
        s.put("audio_lengths", List.of(2, 1.5));
        e = assertThrows(IllegalArgumentException.class, () -> read(s, "valid", DataSplit.VALID));
        assertTrue(e.getMessage().contains("key 'audio_lengths'") && e.getMessage().contains("not an integer"), e.getMessage());
    }

    @Test
    void badUtterancesAreNamed() {
        Map<String, Object> s = split();
        s.put("text_bert", List.of(
                List.of(List.of(101, 2000, 102, 0), List.of(1, 0, 1, 0), List.of(0, 0, 0, 0)),
                List.of(List.of(101, 2001, 2002, 102), List.of(1, 1, 1, 1), List.of(0, 0, 0, 0))));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read(s, "train", DataSplit.TRAIN));
        assertTrue(e.getMessage().contains("a$_$1") && e.getMessage().contains("not a prefix of ones")
                && e.getMessage().contains(FILE.toString()) && e.getMessage().contains("split 'train'"), e.getMessage());

        Map<String, Object> s2 = split();
        s2.put("regression_labels", List.of(-0.5, 3.5));
        e = assertThrows(IllegalArgumentException.class, () -> read(s2, "test", DataSplit.TEST));
        assertTrue(e.getMessage().contains("b$_$2") && e.getMessage().contains("3.5"), e.getMessage());

        Map<String, Object> s3 = split();
        List<Object> row = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            row.add(List.of(t == 1 ? Double.NaN : 0.5, 0.25));
        }
        s3.put("text", List.of(row, row));
        e = assertThrows(IllegalArgumentException.class, () -> read(s3, "test", DataSplit.TEST));
        assertTrue(e.getMessage().contains("a$_$1") && e.getMessage().contains("Non-finite"), e.getMessage());

        Map<String, Object> s4 = split();
        s4.put("text", List.of(List.of(List.of(1.0)), List.of(List.of(1.0))));
        e = assertThrows(IllegalArgumentException.class, () -> read(s4, "test", DataSplit.TEST));
        assertTrue(e.getMessage().contains("'text' has 1 token positions, 'text_bert' has 4"), e.getMessage());
    }

    @Test
    void aModalityThatIsNonFiniteThroughoutIsAWarningNamingTheUtterance() {
        Map<String, Object> s = split();
        double nan = Double.NaN;
        // b's vision is NaN in every frame: read as zeros, it becomes an absent modality; a's vision is fine
        s.put("vision", List.of(
                List.of(List.of(1.0), List.of(2.0), List.of(3.0), List.of(0.0)),
                List.of(List.of(nan), List.of(nan), List.of(Double.NEGATIVE_INFINITY), List.of(nan))));
        List<LogRecord> records = new ArrayList<>();
        Logger logger = Logger.getLogger(MmsaSplitReader.class.getName());
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord r) {
                records.add(r);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(handler);
        try {
            List<MultimodalExample> ex = read(s, "test", DataSplit.TEST);
            assertEquals(0f, ex.get(1).getVision().get(2, 0));
        } finally {
            logger.removeHandler(handler);
        }
        List<String> warnings = records.stream().filter(r -> r.getLevel() == Level.WARNING).map(LogRecord::getMessage).toList();
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("1 utterance has no finite vision value") && warnings.get(0).endsWith(": b$_$2"),
                warnings.get(0));
        assertTrue(warnings.get(0).contains(FILE.toString()), warnings.get(0));
    }

    @Test
    void missingSplitListsTheKeys() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read(split(), "training", DataSplit.TRAIN));
        assertTrue(e.getMessage().contains("no 'train' split") && e.getMessage().contains("[training]"), e.getMessage());
    }
}
