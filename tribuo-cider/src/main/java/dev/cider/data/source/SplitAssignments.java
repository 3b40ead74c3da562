package dev.cider.data.source;

import dev.cider.data.DataSplit;
import dev.cider.util.AtomicFiles;
import dev.cider.util.TextFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads and writes split assignments: a CSV with a header {@code id,mode} and one row per utterance whose mode is
 * train, valid (or dev) or test, in UTF-8. Ids must not contain commas or quotes.
 */
public final class SplitAssignments {

    private SplitAssignments() {
    }

    /**
     * Writes assignments atomically.
     * @param path The CSV file.
     * @param assignment Id to split, written in iteration order.
     * @throws IOException on failure.
     */
    public static void write(Path path, Map<String, DataSplit> assignment) throws IOException {
        StringBuilder sb = new StringBuilder("id,mode\n");
        for (Map.Entry<String, DataSplit> e : assignment.entrySet()) {
            if (e.getKey().contains(",") || e.getKey().contains("\"") || e.getKey().contains("\n")) {
                throw new IllegalArgumentException("Utterance id '" + e.getKey() + "' cannot be written to an assignment CSV");
            }
            sb.append(e.getKey()).append(',').append(e.getValue().canonicalName()).append('\n');
        }
        AtomicFiles.write(path, sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads assignments.
     * @param path The CSV file.
     * @return Id to split in file order.
     * @throws IOException naming the file if it is missing, a directory, unreadable or not UTF-8 (with the line and byte
     *                     offset); a leading byte order mark is ignored.
     * @throws IllegalArgumentException naming the line of a malformed row, an unknown split or a duplicate id.
     */
    public static Map<String, DataSplit> read(Path path) throws IOException {
        Map<String, DataSplit> out = new LinkedHashMap<>();
        String[] lines = TextFiles.readUtf8(path, "split assignment file").split("\r\n|\r|\n", -1);
        String header = lines[0];
        if (lines.length == 1 && header.isEmpty()) {
            throw new IllegalArgumentException(path + ": the split assignment file is empty; expected the header 'id,mode'"
                    + " and one row per utterance");
        }
        if (!header.trim().equalsIgnoreCase("id,mode")) {
            throw new IllegalArgumentException(path + ": expected the header 'id,mode', found '" + header + "'");
        }
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            int lineNo = i + 1;
            if (line.isBlank()) {
                continue;
            }
            String[] parts = line.split(",", -1);
            if (parts.length != 2 || parts[0].isBlank()) {
                throw new IllegalArgumentException(path + ", line " + lineNo + ": expected 'id,mode', found '" + line + "'");
            }
            DataSplit split;
            try {
                split = DataSplit.parse(parts[1]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(path + ", line " + lineNo + " (id " + parts[0] + "): " + e.getMessage(), e);
            }
            if (out.put(parts[0].trim(), split) != null) {
                throw new IllegalArgumentException(path + ", line " + lineNo + ": duplicate id '" + parts[0] + "'");
            }
        }
        return out;
    }
}
