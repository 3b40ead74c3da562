package dev.cider.data.source;

import com.oracle.labs.mlrg.olcut.config.PropertyException;
import dev.cider.data.BertTokenizer;
import dev.cider.data.DataSplit;
import dev.cider.data.MultimodalExample;
import dev.cider.data.SentimentTask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reading text CSVs: quoting, composite ids, renamed columns, custom split names, and a clear error for each
 * kind of bad input.
 */
class CsvTextSourceTest {

    @TempDir
    Path dir;

    private Path write(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content);
    }

    private static List<String> ids(List<MultimodalExample> examples) {
        return examples.stream().map(MultimodalExample::getId).toList();
    }

    @Test
    void readsMosiLayoutWithQuotedCommasAndEscapedQuotes() throws Exception {
        Path csv = write("label.csv", "id,text,label,mode\n"
                + "v1_1,\"well, it was \"\"GREAT\"\"\",2.4,train\n"
                + "v1_2,i did not like it,-1.5,train\n"
                + "v2_1,so so,0,dev\n"
                + "v2_2,\"meh, fine\",0.4,test\n");
        CsvTextSource train = new CsvTextSource(csv, DataSplit.TRAIN, SentimentTask.SEVEN);
        List<MultimodalExample> ex = train.examples();
        assertEquals(List.of("v1_1", "v1_2"), ids(ex));
        MultimodalExample first = ex.get(0);
        assertEquals("well, it was \"GREAT\"", first.getRawText());
        assertEquals(2.4, first.getScore());
        assertEquals("2", first.getOutput().getLabel());
        assertEquals("-2", ex.get(1).getOutput().getLabel()); // rint(-1.5) = -2, half to even
        try (BertTokenizer tok = BertTokenizer.bundled()) {
            assertEquals(tok.encode("well, it was \"GREAT\""), first.getText());
            assertEquals(tok.specialTokens(), first.getSpecialTokens());
        }
        assertEquals(List.of("v2_1"), ids(train.forSplit(DataSplit.VALID).examples()));
        assertEquals(List.of("v2_2"), ids(train.forSplit(DataSplit.TEST).examples()));
        assertEquals(DataSplit.TEST, train.forSplit(DataSplit.TEST).getSplit());
        assertEquals("neutral", new CsvTextSource(csv, DataSplit.VALID, SentimentTask.BINARY).examples().get(0).getOutput().getLabel());
    }

    @Test
    void compositeIdsRenamedColumnsCustomSplitsAndSeparator() throws Exception {
        Path csv = write("custom.csv", "video;clip;utterance;score;fold;extra\n"
                + "vA;1;\"first; clip\";-3;TR;x\n"
                + "vA;2;second clip;3;tr;y\n"
                + "vB;1;third clip;1;held-out;z\n"
                + "vB;2;fourth clip;-0.2;early;z\n");
        CsvTextSource.Builder b = CsvTextSource.builder(csv).idColumns("#", "video", "clip")
                .columns("utterance", "score", "fold").splitNames("tr", "early", "held-out").separator(';').maxTextLength(8);
        List<MultimodalExample> train = b.build().examples();
        assertEquals(List.of("vA#1", "vA#2"), ids(train));
        assertEquals("first; clip", train.get(0).getRawText());
        assertEquals(8, train.get(0).getText().steps());
        assertEquals("negative", train.get(0).getOutput().getLabel());
        assertEquals(List.of("vB#2"), ids(b.split(DataSplit.VALID).build().examples()));
        assertEquals(List.of("vB#1"), ids(b.split(DataSplit.TEST).build().examples()));
    }

    /** Builds a MOSI-layout source over the content and returns the message of the error reading its train split. */
    private String errorOf(String content) throws Exception {
        Path csv = write("bad.csv", content);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CsvTextSource(csv, DataSplit.TRAIN, SentimentTask.BINARY).examples());
        return e.getMessage();
    }

    private static void assertMentions(String message, String... parts) {
        for (String p : parts) {
            assertTrue(message.contains(p), "expected '" + p + "' in: " + message);
        }
    }

    @Test
    void emptyText() throws Exception {
        assertMentions(errorOf("id,text,label,mode\na_1,fine,1,train\na_2,\"  \",1,train\n"),
                "bad.csv line 3", "utterance 'a_2'", "empty text");
    }

    @Test
    void textWithoutWordPieces() throws Exception {
        assertMentions(errorOf("id,text,label,mode\na_1,fine,1,train\na_2,\u0000\u0001,1,train\n"),
                "bad.csv line 3", "utterance 'a_2'", "no WordPiece tokens");
    }

    @Test
    void labelNotANumber() throws Exception {
        assertMentions(errorOf("id,text,label,mode\na_1,fine,1,train\na_2,ok,positive,train\n"),
                "bad.csv line 3", "utterance 'a_2'", "label 'positive'", "not a number");
        assertMentions(errorOf("id,text,label,mode\na_1,fine,NaN,train\n"), "line 2", "'NaN'", "not a number");
    }

    @Test
    void labelOutOfRange() throws Exception {
        assertMentions(errorOf("id,text,label,mode\na_1,fine,1,train\na_2,ok,3.5,train\n"),
                "bad.csv line 3", "utterance 'a_2'", "label 3.5", "outside [-3, 3]");
    }

    @Test
    void missingColumnNamesTheHeaderAndHowToNameTheColumns() throws Exception {
        assertMentions(errorOf("id,transcript,label,mode\na_1,fine,1,train\n"),
                "bad.csv", "missing column 'text' (the transcript: textColumn, --csv-text-column)",
                "the header has the columns [id, transcript, label, mode]");
        // a corpus whose ids are two columns: the message says how to configure them
        assertMentions(errorOf("video_id,clip_id,text,label,mode\nv1,1,fine,1,train\n"),
                "missing column 'id' (the utterance id: idColumns, --csv-id-columns)",
                "the header has the columns [video_id, clip_id, text, label, mode]", "idSeparator", "--csv-id-separator",
                "validName", "--csv-valid-name", "Now: idColumns [id]");
    }

    @Test
    void unknownSplitNamesRowAndAcceptedValues() throws Exception {
        // the bad row is in no split we read, but the whole file is validated
        assertMentions(errorOf("id,text,label,mode\na_1,fine,1,train\na_2,ok,1,holdout\n"),
                "bad.csv line 3", "utterance 'a_2'", "unknown split 'holdout'", "'train'", "'dev'", "'test'");
    }

    @Test
    void unterminatedQuote() throws Exception {
        assertMentions(errorOf("id,text,label,mode\na_1,fine,1,train\na_2,\"never closed,1,train\na_3,ok,1,train\n"),
                "bad.csv line 3 (utterance 'a_2'): malformed CSV, unterminated quoted field 2");
    }

    @Test
    void wrongFieldCount() throws Exception {
        assertMentions(errorOf("id,text,label,mode\na_1,fine,1,train\na_2,one, two,1,train\n"),
                "bad.csv line 3", "utterance 'a_2'", "5 fields, but the header has 4");
    }

    @Test
    void duplicateAndEmptyIds() throws Exception {
        assertMentions(errorOf("id,text,label,mode\na_1,fine,1,train\na_1,again,1,test\n"),
                "bad.csv line 3", "utterance 'a_1'", "duplicate utterance id, first seen on line 2");
        assertMentions(errorOf("id,text,label,mode\n,fine,1,train\n"), "bad.csv line 2", "empty utterance id");
    }

    @Test
    void emptySplitAndEmptyFile() throws Exception {
        Path csv = write("dev-only.csv", "id,text,label,mode\na_1,fine,1,dev\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CsvTextSource(csv, DataSplit.TEST, SentimentTask.BINARY).examples());
        assertMentions(e.getMessage(), "no rows of the test split", "value 'test' in column 'mode'");
        assertMentions(errorOf(""), "is empty", "expected a header");
    }

    @Test
    void invalidSettingsAreRefused() throws Exception {
        Path csv = write("x.csv", "id,text,label,mode\n");
        assertThrows(PropertyException.class, () -> CsvTextSource.builder(csv).splitNames("a", "a", "b").build());
        assertThrows(PropertyException.class, () -> CsvTextSource.builder(csv).maxTextLength(2).build());
        assertThrows(PropertyException.class, () -> CsvTextSource.builder(csv).idColumns("_").build());
        assertThrows(PropertyException.class, () -> CsvTextSource.builder(csv).synthetic(0, 5, 10, 2, 1L).build());
        assertThrows(PropertyException.class, () -> CsvTextSource.builder(csv).signal(-1, 1, 1).build());
    }
}
