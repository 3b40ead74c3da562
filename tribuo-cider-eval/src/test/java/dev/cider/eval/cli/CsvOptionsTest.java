package dev.cider.eval.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Any text CSV from the command line: composite ids, renamed columns and split values, the text length and split
 * subsets through {@code --csv-*}, {@code --max-text-length} and {@code --train-subset} etc., and the messages of a
 * CSV whose columns are not configured, of a directory given as a file and of CSV options without {@code --csv}.
 */
class CsvOptionsTest {

    @TempDir
    Path dir;

    /** 40 train (20 positive, 20 negative), 10 valid and 10 test rows; every fifth text has 12 words. */
    private Path corpus() throws Exception {
        StringBuilder sb = new StringBuilder("video_id,clip_id,transcript,sentiment,fold\n");
        for (int i = 0; i < 60; i++) {
            String fold = i < 40 ? "train" : i < 50 ? "valid" : "test";
            String text = i % 5 == 0 ? "one two three four five six seven eight nine ten eleven twelve" : "a short clip";
            sb.append("vid").append(i / 3).append(',').append(i % 3).append(',').append(text).append(',')
                    .append(i % 2 == 0 ? "2" : "-2").append(',').append(fold).append('\n');
        }
        return Files.writeString(dir.resolve("segments.csv"), sb.toString(), StandardCharsets.UTF_8);
    }

    private static final String[] LAYOUT = {"--csv-id-columns", "video_id,clip_id", "--csv-id-separator", "_",
            "--csv-text-column", "transcript", "--csv-label-column", "sentiment", "--csv-split-column", "fold",
            "--csv-train-name", "train", "--csv-valid-name", "valid", "--csv-test-name", "test"};

    private static String[] args(String[] head, String... tail) {
        String[] all = new String[head.length + LAYOUT.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(LAYOUT, 0, all, head.length, LAYOUT.length);
        System.arraycopy(tail, 0, all, head.length + LAYOUT.length, tail.length);
        return all;
    }

    @Test
    void aCompositeIdCorpusWithItsOwnColumnNames() throws Exception {
        String csv = corpus().toString();
        CliRun r = CliRun.of(args(new String[]{"data-info", "--csv", csv}));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Splits: train 40 valid 10 test 10"), r.out());
        // 12 words fit into the default 50 positions
        assertTrue(r.out().contains("texts cut to 50 tokens ([CLS] + 48 WordPieces + [SEP]): 0 of 40 (0.0%)"), r.out());

        CliRun cut = CliRun.of(args(new String[]{"data-info", "--csv", csv}, "--max-text-length", "10"));
        assertEquals(0, cut.code(), cut.err());
        assertTrue(cut.out().contains("layout: text 10 (ids)"), cut.out());
        assertTrue(cut.out().contains("texts cut to 10 tokens ([CLS] + 8 WordPieces + [SEP]): 8 of 40 (20.0%)"), cut.out());
        assertTrue(cut.out().contains("texts cut to 10 tokens ([CLS] + 8 WordPieces + [SEP]): 2 of 10 (20.0%)"), cut.out());
    }

    @Test
    void subsetsOfEverySplit() throws Exception {
        String csv = corpus().toString();
        CliRun r = CliRun.of(args(new String[]{"data-info", "--csv", csv}, "--train-subset", "0.25", "--valid-subset", "4",
                "--subset-seed", "9"));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Splits: train 10 valid 4 test 10"), r.out());
        CliRun again = CliRun.of(args(new String[]{"data-info", "--csv", csv}, "--train-subset", "0.25", "--valid-subset", "4",
                "--subset-seed", "9"));
        assertEquals(r.out(), again.out());
        CliRun bad = CliRun.of(args(new String[]{"data-info", "--csv", csv}, "--test-subset", "1.5"));
        assertNotEquals(0, bad.code());
        assertTrue(bad.err().contains("--test-subset") && bad.err().contains("'1.5'"), bad.err());
        // synthetic corpora take subsets too, next to their own sizes
        CliRun synthetic = CliRun.of("data-info", "--synthetic", "mosi-aligned", "--train-size", "60", "--valid-size", "20",
                "--test-size", "20", "--train-subset", "15");
        assertEquals(0, synthetic.code(), synthetic.err());
        assertTrue(synthetic.out().contains("Splits: train 15 valid 20 test 20"), synthetic.out());
    }

    @Test
    void anUnconfiguredLayoutSaysHowToConfigureIt() throws Exception {
        CliRun r = CliRun.of("data-info", "--csv", corpus().toString());
        assertNotEquals(0, r.code());
        for (String part : new String[]{"missing column 'id'", "[video_id, clip_id, transcript, sentiment, fold]",
                "--csv-id-columns", "--csv-id-separator", "--csv-valid-name", "idColumns", "validName"}) {
            assertTrue(r.err().contains(part), "'" + part + "' in " + r.err());
        }
    }

    @Test
    void aDirectoryIsNamedAsOne() throws Exception {
        corpus();
        CliRun r = CliRun.of("data-info", "--csv", dir.toString());
        assertNotEquals(0, r.code());
        assertTrue(r.err().contains("is a directory") && r.err().contains("segments.csv"), r.err());
        CliRun p = CliRun.of("data-info", "--pickle", dir.toString());
        assertTrue(p.err().contains("--pickle") && p.err().contains("is a directory"), p.err());
    }

    @Test
    void csvOptionsNeedACsv() {
        CliRun r = CliRun.of("data-info", "--synthetic", "mosi-aligned", "--csv-text-column", "t");
        assertNotEquals(0, r.code());
        assertTrue(r.err().contains("only apply to --csv"), r.err());
        CliRun m = CliRun.of("data-info", "--synthetic", "mosi-aligned", "--max-text-length", "80");
        assertTrue(m.err().contains("only apply to --csv"), m.err());
    }
}
