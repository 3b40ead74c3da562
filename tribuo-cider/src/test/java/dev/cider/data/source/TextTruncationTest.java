package dev.cider.data.source;

import dev.cider.data.DataSplit;
import dev.cider.data.MultimodalExample;
import dev.cider.data.SentimentTask;
import dev.cider.data.SpecialTokens;
import dev.cider.data.SplitStatistics;
import dev.cider.data.TextInput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Texts longer than the configured text length are cut, and the cut is recorded per utterance and counted per split.
 */
class TextTruncationTest {

    @Test
    void cutTextsAreMarkedAndCounted(@TempDir Path dir) throws Exception {
        // single letters are one WordPiece each: 6 fit into 8 positions with [CLS] and [SEP], 7 and 10 do not
        Path csv = Files.writeString(dir.resolve("t.csv"), "id,text,label,mode\n"
                + "u1,a b c d e f,1,train\nu2,a b c d e f g,1,train\nu3,a b c d e f g h i j,-1,train\nu4,a b,0,train\n");
        List<MultimodalExample> train = CsvTextSource.builder(csv).maxTextLength(8).build().examples();
        assertEquals(List.of(0, 1, 4, 0), train.stream().map(ex -> ex.getText().truncatedPieces()).toList());
        assertEquals(8, train.get(0).getText().steps());
        SplitStatistics stats = SplitStatistics.of(train, SentimentTask.BINARY);
        assertEquals(2, stats.truncatedTexts());
        assertEquals(8, stats.layout().textSteps());

        // a longer limit keeps every text whole
        List<MultimodalExample> wide = CsvTextSource.builder(csv).maxTextLength(12).split(DataSplit.TRAIN).build().examples();
        assertEquals(0, SplitStatistics.of(wide, SentimentTask.BINARY).truncatedTexts());
        assertEquals(12, wide.get(2).getText().length());
    }

    @Test
    void copiesOfATextKeepItsTruncation() {
        TextInput cut = new TextInput(new int[]{101, 7, 8, 102}, 4, null, 3);
        boolean[] keep = new boolean[4];
        Arrays.fill(keep, true);
        keep[1] = false;
        assertTrue(cut.withDroppedTokens(keep, SpecialTokens.BERT_UNCASED).isTruncated());
        assertEquals(3, cut.withMaskedTokensExcept(id -> false, SpecialTokens.BERT_UNCASED).truncatedPieces());
        assertFalse(new TextInput(new int[]{101, 102}, 2, null).isTruncated());
    }
}
