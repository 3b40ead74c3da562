package dev.cider.data.source;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Explains a record that Commons CSV refused: which field is at fault, on which line, and the fields of the record
 * completed before it. Commons CSV reports only its own line count, so this re-parses prefixes of the faulty record
 * with the same format: a prefix ending just after a separator that parses as one record holds the fields completed
 * before the fault.
 */
final class CsvFault {

    /** How far into a faulty record completed fields are looked for. */
    static final int SCAN_LIMIT = 16_384;

    private static final String UNTERMINATED = "EOF reached before encapsulated token finished";
    private static final String STRAY_CHARACTER = "Invalid character between encapsulated token and delimiter";

    private final String text;
    private final CSVFormat format;
    private final char separator;
    private final CsvLines lines;

    /**
     * A fault finder for one text.
     * @param text The CSV text.
     * @param format The format Commons CSV parsed it with.
     * @param separator The format's field separator.
     * @param lines The text's lines.
     */
    CsvFault(String text, CSVFormat format, char separator, CsvLines lines) {
        this.text = text;
        this.format = format;
        this.separator = separator;
        this.lines = lines;
    }

    /**
     * Describes why a record was refused.
     * @param name The text's name for the message.
     * @param start The offset of the faulty record's first character.
     * @param refusal The Commons CSV error.
     * @return The error naming the record's line, the faulty field and where it goes wrong.
     */
    CsvRecords.FormatException describe(String name, int start, IOException refusal) {
        List<String> completed = List.of();
        int faultyField = start;
        int limit = Math.min(text.length(), start + SCAN_LIMIT);
        for (int cut = start; cut < limit; cut++) {
            if (text.charAt(cut) != separator) {
                continue;
            }
            Prefix prefix = parse(start, cut + 1);
            if (prefix.records != null && prefix.records.size() == 1) {
                List<String> fields = prefix.records.get(0).toList();
                completed = fields.subList(0, fields.size() - 1);
                faultyField = cut + 1;
            } else if (!prefix.unterminated()) {
                break; // the fault lies before this separator
            }
        }
        int recordLine = lines.lineOf(start);
        String number = "field " + (completed.size() + 1);
        boolean quoted = faultyField < text.length() && text.charAt(faultyField) == format.getQuoteCharacter();
        String message = String.valueOf(refusal.getMessage());
        String reason;
        if (quoted && message.contains(UNTERMINATED)) {
            reason = "unterminated quoted " + number + ": its opening quote on line " + lines.lineOf(faultyField) + " is never closed";
        } else if (quoted && message.contains(STRAY_CHARACTER)) {
            int stray = strayCharacter(start, faultyField);
            reason = "unexpected character '" + text.charAt(stray) + "' after the closing quote of " + number + " on line "
                    + lines.lineOf(stray) + " (a quote inside a quoted field must be doubled)";
        } else {
            reason = "not RFC 4180 CSV (" + message + ")";
        }
        return new CsvRecords.FormatException(name, recordLine, reason, completed);
    }

    /**
     * The offset of the character that follows a closing quote without being a separator or line break: the
     * shortest prefix of the record that Commons CSV refuses for it ends with that character.
     */
    private int strayCharacter(int start, int quotedField) {
        int lo = quotedField + 1; // refused prefixes are longer than lo
        int hi = text.length();   // the whole record is refused
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            Prefix prefix = parse(start, mid);
            if (prefix.records == null && !prefix.unterminated()) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return hi - 1;
    }

    private Prefix parse(int from, int to) {
        try (CSVParser parser = CSVParser.parse(text.substring(from, to), format)) {
            return new Prefix(parser.getRecords(), null);
        } catch (IOException | UncheckedIOException e) {
            return new Prefix(null, e.getMessage());
        }
    }

    /** A parsed prefix: its records, or the message of its refusal. */
    private record Prefix(List<CSVRecord> records, String refusal) {
        boolean unterminated() {
            return refusal != null && refusal.contains(UNTERMINATED);
        }
    }
}
