package dev.cider.data.source;

import dev.cider.data.DataSplit;
import dev.cider.data.SentimentTask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The split assignment reader's messages name the file and what is wrong with it.
 */
class SplitAssignmentsTest {

    @Test
    void aByteOrderMarkAndCrLfLinesAreRead(@TempDir Path dir) throws IOException {
        Path csv = Files.writeString(dir.resolve("bom.csv"), "\uFEFFid,mode\r\na,train\r\nb,dev\r\n", StandardCharsets.UTF_8);
        Map<String, DataSplit> expected = new LinkedHashMap<>();
        expected.put("a", DataSplit.TRAIN);
        expected.put("b", DataSplit.VALID);
        assertEquals(expected, SplitAssignments.read(csv));
    }

    @Test
    void anEmptyFileIsCalledEmpty(@TempDir Path dir) throws IOException {
        Path csv = Files.createFile(dir.resolve("empty.csv"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SplitAssignments.read(csv));
        assertTrue(e.getMessage().contains("empty.csv: the split assignment file is empty"), e.getMessage());
        assertFalse(e.getMessage().contains("null"), e.getMessage());
    }

    @Test
    void aDirectoryIsNamed(@TempDir Path dir) throws IOException {
        Path sub = Files.createDirectory(dir.resolve("assignments"));
        IOException e = assertThrows(IOException.class, () -> SplitAssignments.read(sub));
        assertEquals("Split assignment file " + sub + " is a directory, not a file", e.getMessage());
    }

    @Test
    void bytesThatAreNotUtf8AreLocated(@TempDir Path dir) throws IOException {
        byte[] latin1 = "id,mode\na,train\nCaf\u00e9,test\n".getBytes(StandardCharsets.ISO_8859_1);
        Path csv = Files.write(dir.resolve("latin1.csv"), latin1);
        IOException e = assertThrows(IOException.class, () -> SplitAssignments.read(csv));
        assertEquals("Split assignment file " + csv + " is not valid UTF-8: line 3, byte offset 19 (0xE9) does not decode;"
                + " save the file as UTF-8", e.getMessage());
    }

    @Test
    void theReassignedSourceReportsTheFileNotAnExceptionClass(@TempDir Path dir) throws IOException {
        Path corpus = Files.writeString(dir.resolve("corpus.csv"), "id,text,label,mode\na,a good film,1.0,train\n");
        Path bad = Files.write(dir.resolve("ood.csv"), new byte[] {'i', 'd', ',', 'm', 'o', 'd', 'e', '\n', 'a', ',', (byte) 0xFF, '\n'});
        ReassignedSource s = new ReassignedSource(new CsvTextSource(corpus, DataSplit.TRAIN, SentimentTask.BINARY), bad, DataSplit.TRAIN);
        UncheckedIOException e = assertThrows(UncheckedIOException.class, s::examples);
        assertTrue(e.getMessage().startsWith("Split assignment file " + bad + " is not valid UTF-8: line 2, byte offset 10"), e.getMessage());
    }
}
