package dev.cider.data.source;

import dev.cider.util.TextFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

/**
 * A small RFC 4180 CSV reader: fields separated by a separator character, records by CRLF, LF or CR; a field
 * may be enclosed in double quotes, and then holds separators, line breaks and doubled quotes ({@code ""} for
 * one {@code "}). A quote inside an unquoted field is kept literally. Blank lines are skipped and a leading
 * UTF-8 byte order mark is ignored. Records keep the physical line on which they start, so errors can name it.
 * <p>
 * Not opencsv's reader (which the writers use), because it cannot keep two of this reader's errors: opencsv's
 * RFC 4180 parser silently accepts a character after a closing quote ({@code "say "hi" now"} becomes
 * {@code say "hi" now} instead of an error naming the line), and on an unterminated quote it reports the lost text but
 * not the fields read before it, with which {@link CsvTextFormat} names the utterance.
 */
public final class CsvRecords {

    /**
     * One record of a CSV file.
     * @param line The 1-based physical line on which the record starts.
     * @param fields The field values, unquoted.
     */
    public record Row(int line, List<String> fields) {
        /**
         * Copies the fields.
         */
        public Row {
            fields = Collections.unmodifiableList(new ArrayList<>(fields));
        }
    }

    /**
     * A CSV file that does not follow RFC 4180. Carries the record's starting line and the fields read before
     * the fault, so a caller can name the utterance.
     */
    public static final class FormatException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        private final int line;
        private final String reason;
        private final transient List<String> partialFields;

        FormatException(String name, int line, String reason, List<String> partialFields) {
            super(name + " line " + line + ": " + reason);
            this.line = line;
            this.reason = reason;
            this.partialFields = Collections.unmodifiableList(new ArrayList<>(partialFields));
        }

        /** @return The line on which the faulty record starts. */
        public int line() {
            return line;
        }

        /** @return What is wrong, without the location. */
        public String reason() {
            return reason;
        }

        /** @return The fields of the faulty record completed before the fault. */
        public List<String> partialFields() {
            return partialFields;
        }
    }

    private CsvRecords() {
    }

    /**
     * Reads every record of a UTF-8 file, the header included.
     * @param file The file.
     * @param separator The field separator, usually ','.
     * @return The records in file order.
     * @throws UncheckedIOException naming the file if it cannot be read, and the line and byte offset where it is not UTF-8.
     * @throws FormatException naming the file and line if the CSV is malformed.
     */
    public static List<Row> read(Path file, char separator) {
        List<Row> rows = new ArrayList<>();
        read(file, separator, rows::add);
        return rows;
    }

    /**
     * Reads a UTF-8 file record by record, the header included, handing each record to a sink as soon as it is
     * complete (so a caller that meets a {@link FormatException} has already seen the header).
     * @param file The file.
     * @param separator The field separator, usually ','.
     * @param sink Receives the records in file order.
     * @throws UncheckedIOException naming the file if it cannot be read, and the line and byte offset where it is not UTF-8.
     * @throws FormatException naming the file and line if the CSV is malformed.
     */
    public static void read(Path file, char separator, Consumer<Row> sink) {
        String content;
        try {
            content = TextFiles.readUtf8(file, "CSV file");
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
        parse(content, file.getFileName().toString(), separator, sink);
    }

    /**
     * Parses CSV text.
     * @param content The text.
     * @param name A name for error messages (usually the file name).
     * @param separator The field separator; must not be a quote or a line break.
     * @return The records in order.
     * @throws FormatException naming the line if the CSV is malformed.
     */
    public static List<Row> parse(String content, String name, char separator) {
        List<Row> rows = new ArrayList<>();
        parse(content, name, separator, rows::add);
        return rows;
    }

    /**
     * Parses CSV text record by record.
     * @param content The text.
     * @param name A name for error messages (usually the file name).
     * @param separator The field separator; must not be a quote or a line break.
     * @param sink Receives the records in order.
     * @throws FormatException naming the line if the CSV is malformed.
     */
    public static void parse(String content, String name, char separator, Consumer<Row> sink) {
        if (separator == '"' || separator == '\n' || separator == '\r') {
            throw new IllegalArgumentException("Invalid CSV separator " + (int) separator);
        }
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int n = content.length();
        int i = content.startsWith("\uFEFF") ? 1 : 0;
        int line = 1;
        int recordLine = 1;
        boolean recordStarted = false; // any character of the current record seen
        while (i < n) {
            char c = content.charAt(i);
            if (!recordStarted) {
                recordLine = line;
            }
            if (c == '"' && field.length() == 0) {
                // quoted field
                recordStarted = true;
                int quoteLine = line;
                i++;
                boolean closed = false;
                while (i < n) {
                    char q = content.charAt(i);
                    if (q == '"') {
                        if (i + 1 < n && content.charAt(i + 1) == '"') {
                            field.append('"');
                            i += 2;
                        } else {
                            i++;
                            closed = true;
                            break;
                        }
                    } else {
                        if (q == '\n' || (q == '\r' && !(i + 1 < n && content.charAt(i + 1) == '\n'))) {
                            line++;
                        }
                        field.append(q);
                        i++;
                    }
                }
                if (!closed) {
                    throw new FormatException(name, recordLine, "unterminated quoted field " + (fields.size() + 1)
                            + ": its opening quote on line " + quoteLine + " is never closed", fields);
                }
                if (i < n) {
                    char after = content.charAt(i);
                    if (after != separator && after != '\n' && after != '\r') {
                        throw new FormatException(name, recordLine, "unexpected character '" + after + "' after the closing quote of field "
                                + (fields.size() + 1) + " on line " + line + " (a quote inside a quoted field must be doubled)", fields);
                    }
                }
                continue;
            }
            if (c == separator) {
                recordStarted = true;
                fields.add(field.toString());
                field.setLength(0);
                i++;
            } else if (c == '\n' || c == '\r') {
                i += (c == '\r' && i + 1 < n && content.charAt(i + 1) == '\n') ? 2 : 1;
                if (recordStarted) {
                    fields.add(field.toString());
                    sink.accept(new Row(recordLine, fields));
                }
                fields.clear();
                field.setLength(0);
                recordStarted = false;
                line++;
            } else {
                recordStarted = true;
                field.append(c);
                i++;
            }
        }
        if (recordStarted) {
            fields.add(field.toString());
            sink.accept(new Row(recordLine, fields));
        }
    }
}
