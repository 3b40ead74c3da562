package dev.cider.data.source;

import dev.cider.util.TextFiles;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads RFC 4180 CSV files with Apache Commons CSV ({@link CSVFormat#RFC4180} with a chosen separator and blank lines
 * skipped; fields are neither trimmed nor unquoted beyond RFC 4180, and the header is returned as the first record).
 * On top of Commons CSV it adds:
 * <ul>
 *     <li>strict UTF-8: a file that does not decode is refused naming the line and byte offset of the first bad byte
 *     ({@link TextFiles#readUtf8}), and a leading byte order mark is dropped;</li>
 *     <li>records that know the physical line on which they start;</li>
 *     <li>errors naming the file and line: a missing file or a directory, and a malformed record (a quote inside a
 *     quoted field that is not doubled, or a quote never closed) with the faulty field, the line where it goes wrong,
 *     and the fields of the record completed before it, with which {@link CsvTextFormat} names the utterance.</li>
 * </ul>
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

        /**
         * The fields of the faulty record completed before the fault (those within its first
         * 16,384 characters).
         * @return The completed fields.
         */
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
        String text = !content.isEmpty() && content.charAt(0) == TextFiles.BYTE_ORDER_MARK ? content.substring(1) : content;
        CSVFormat format = formatOf(separator);
        CsvLines lines = new CsvLines(text);
        try (CSVParser parser = CSVParser.parse(text, format)) {
            Iterator<CSVRecord> records = parser.iterator();
            long linesRead = 0; // the line breaks Commons CSV has consumed, through the end of the last record
            while (true) {
                int start = lines.skipLineBreaks(lines.startOf(linesRead + 1));
                CSVRecord record;
                try {
                    if (!records.hasNext()) {
                        return;
                    }
                    record = records.next();
                } catch (UncheckedIOException e) {
                    throw new CsvFault(text, format, separator, lines).describe(name, start, e.getCause());
                }
                sink.accept(new Row(lines.lineOf(start), record.toList()));
                linesRead = parser.getCurrentLineNumber();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read CSV text " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * The Commons CSV format of this reader: RFC 4180 with the given separator, blank lines skipped, no trimming, no
     * header handling (the header is the first record), and no leniency for text after a closing quote or an
     * unclosed quote at the end.
     * @param separator The field separator.
     * @return The format.
     */
    private static CSVFormat formatOf(char separator) {
        return CSVFormat.RFC4180.builder()
                .setDelimiter(separator)
                .setIgnoreEmptyLines(true)
                .setIgnoreSurroundingSpaces(false)
                .setTrim(false)
                .setTrailingData(false)
                .setLenientEof(false)
                .get();
    }
}
