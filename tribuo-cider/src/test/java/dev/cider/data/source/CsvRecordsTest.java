package dev.cider.data.source;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RFC 4180 parsing: quoting, escaped quotes, embedded separators and line breaks, line numbers and errors.
 */
class CsvRecordsTest {

    @Test
    void aFileThatIsNotUtf8IsNamedWithTheLineAndOffset(@TempDir Path dir) throws IOException {
        byte[] latin1 = "id,text,label,mode\na,na\u00efve,1.0,train\n".getBytes(StandardCharsets.ISO_8859_1);
        Path csv = Files.write(dir.resolve("latin1.csv"), latin1);
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> CsvRecords.read(csv, ','));
        assertEquals("CSV file " + csv + " is not valid UTF-8: line 2, byte offset 23 (0xEF) does not decode; save the file as UTF-8",
                e.getMessage());
        UncheckedIOException directory = assertThrows(UncheckedIOException.class, () -> CsvRecords.read(dir, ','));
        assertEquals("CSV file " + dir + " is a directory, not a file", directory.getMessage());
    }

    @Test
    void parsesQuotedFieldsWithSeparatorsQuotesAndLineBreaks() {
        String csv = "\uFEFFid,text\r\n"
                + "a,\"well, it was \"\"great\"\"\"\r\n"
                + "b,\"two\nlines\"\n"
                + "\n"
                + "c,plain \"quote\" inside\n"
                + "d,\"\"\n"
                + "e,last";
        List<CsvRecords.Row> rows = CsvRecords.parse(csv, "t.csv", ',');
        assertEquals(6, rows.size());
        assertEquals(List.of("id", "text"), rows.get(0).fields());
        assertEquals(List.of("a", "well, it was \"great\""), rows.get(1).fields());
        assertEquals(List.of("b", "two\nlines"), rows.get(2).fields());
        assertEquals(List.of("c", "plain \"quote\" inside"), rows.get(3).fields());
        assertEquals(List.of("d", ""), rows.get(4).fields());
        assertEquals(List.of("e", "last"), rows.get(5).fields());
        // physical start lines: the blank line 5 is skipped, the two-line record counts twice
        assertEquals(List.of(1, 2, 3, 6, 7, 8), rows.stream().map(CsvRecords.Row::line).toList());
    }

    @Test
    void otherSeparatorsAndEmptyFields() {
        List<CsvRecords.Row> rows = CsvRecords.parse("a;b;c\n;\"x;y\";\n", "t.csv", ';');
        assertEquals(List.of("", "x;y", ""), rows.get(1).fields());
        assertThrows(IllegalArgumentException.class, () -> CsvRecords.parse("a", "t.csv", '"'));
    }

    @Test
    void unterminatedQuoteNamesTheRecordLineAndKeepsEarlierFields() {
        String csv = "id,text,label\nu1,fine,1\nu2,\"never closed,2\nu3,more,0\n";
        List<CsvRecords.Row> seen = new ArrayList<>();
        CsvRecords.FormatException e = assertThrows(CsvRecords.FormatException.class,
                () -> CsvRecords.parse(csv, "t.csv", ',', seen::add));
        assertEquals(3, e.line());
        assertEquals(List.of("u2"), e.partialFields());
        assertEquals(2, seen.size(), "the header and the complete record were delivered before the fault");
        assertTrue(e.getMessage().contains("t.csv line 3: unterminated quoted field 2"), e.getMessage());
    }

    @Test
    void characterAfterClosingQuoteIsAnError() {
        CsvRecords.FormatException e = assertThrows(CsvRecords.FormatException.class,
                () -> CsvRecords.parse("id,text\nu1,\"say \"hi\" now\"\n", "t.csv", ','));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("after the closing quote of field 2"), e.getMessage());
    }

    @Test
    void quotedFieldWithLineBreaksAndDoubledQuotesKeepsLaterLineNumbers() {
        String csv = "id;text;label\r\n"
                + "u1;\"she said \"\"no\"\";\r\nthen \"\"yes\"\"\r\n\r\nbye\";1\r\n"
                + "u2;\"\"\"\";0\r\n";
        List<CsvRecords.Row> rows = CsvRecords.parse(csv, "t.csv", ';');
        assertEquals(List.of("u1", "she said \"no\";\r\nthen \"yes\"\r\n\r\nbye", "1"), rows.get(1).fields());
        assertEquals(List.of("u2", "\"", "0"), rows.get(2).fields());
        assertEquals(List.of(1, 2, 6), rows.stream().map(CsvRecords.Row::line).toList(),
                "the blank line inside the quotes belongs to the field, the record after it starts on line 6");
    }

    @Test
    void undoubledQuoteOnALaterLineOfARecordNamesThatLineAndTheCompletedFields() {
        String csv = "id,note,text\nu1,\"a, b\",\"first line\nsecond \"quoted\" line\"\nu2,ok,fine\n";
        List<CsvRecords.Row> seen = new ArrayList<>();
        CsvRecords.FormatException e = assertThrows(CsvRecords.FormatException.class,
                () -> CsvRecords.parse(csv, "t.csv", ',', seen::add));
        assertEquals(2, e.line(), "the record starts on line 2");
        assertEquals(List.of("u1", "a, b"), e.partialFields());
        assertEquals(1, seen.size());
        assertEquals("t.csv line 2: unexpected character 'q' after the closing quote of field 3 on line 3"
                + " (a quote inside a quoted field must be doubled)", e.getMessage());
    }

    @Test
    void unterminatedQuoteAfterAQuotedFieldNamesTheOpeningLine() {
        String csv = "id,note,text\n\nu1,\"x,\ny\",\"open\nstill open, and more\n";
        CsvRecords.FormatException e = assertThrows(CsvRecords.FormatException.class, () -> CsvRecords.parse(csv, "t.csv", ','));
        assertEquals(3, e.line(), "the blank line 2 holds no record");
        assertEquals(List.of("u1", "x,\ny"), e.partialFields());
        assertEquals("t.csv line 3: unterminated quoted field 3: its opening quote on line 4 is never closed", e.getMessage());
    }
}
