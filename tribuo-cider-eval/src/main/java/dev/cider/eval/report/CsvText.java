package dev.cider.eval.report;

import com.opencsv.CSVWriterBuilder;
import com.opencsv.ICSVWriter;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * CSV text built row by row with opencsv: comma separated, Unix line ends, and RFC 4180 quoting (a field with a
 * comma, quote or line break is enclosed in quotes, its quotes doubled; other fields are written as they are).
 */
public final class CsvText {

    private final StringWriter text = new StringWriter();
    private final ICSVWriter writer = new CSVWriterBuilder(text).withSeparator(',').withQuoteChar('"').withEscapeChar('"')
            .withLineEnd("\n").build();

    /**
     * Appends one row.
     * @param fields The field values, unquoted.
     * @return This.
     */
    public CsvText row(List<String> fields) {
        writer.writeNext(fields.toArray(new String[0]), false);
        return this;
    }

    /**
     * The text so far.
     * @return Every row, each ending with a line feed.
     */
    public String text() {
        try {
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("Writing CSV to memory failed", e);
        }
        return text.toString();
    }

    /**
     * One field as it appears in CSV text.
     * @param field The value.
     * @return The value, quoted if it needs to be.
     */
    public static String field(String field) {
        String line = new CsvText().row(List.of(field)).text();
        return line.substring(0, line.length() - 1);
    }
}
