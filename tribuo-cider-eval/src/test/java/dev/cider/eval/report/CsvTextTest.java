package dev.cider.eval.report;

import dev.cider.data.source.CsvRecords;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CsvTextTest {

    @Test
    void quotesOnlyWhatNeedsItAndReadsBackWithTheProjectsReader() {
        List<String> awkward = List.of("plain", "a, b", "say \"hi\"", "two\nlines", "cr\ronly", "");
        String text = new CsvText().row(List.of("h1", "h2", "h3", "h4", "h5", "h6")).row(awkward).text();
        assertEquals("h1,h2,h3,h4,h5,h6\nplain,\"a, b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\ronly\",\n", text);
        List<CsvRecords.Row> rows = CsvRecords.parse(text, "t.csv", ',');
        assertEquals(2, rows.size());
        assertEquals(awkward, rows.get(1).fields());
    }
}
