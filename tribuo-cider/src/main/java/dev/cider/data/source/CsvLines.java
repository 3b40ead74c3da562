package dev.cider.data.source;

import java.util.Arrays;

/**
 * The physical lines of a text, for naming the line of a character offset. A line ends with CRLF, LF or a lone CR,
 * as a record does in RFC 4180 CSV.
 */
final class CsvLines {

    private final String text;
    private final int[] starts;

    /**
     * Indexes the line starts of a text.
     * @param text The text.
     */
    CsvLines(String text) {
        this.text = text;
        int[] found = new int[16];
        int count = 1; // line 1 starts at offset 0
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || (c == '\r' && (i + 1 == text.length() || text.charAt(i + 1) != '\n'))) {
                if (count == found.length) {
                    found = Arrays.copyOf(found, count * 2);
                }
                found[count++] = i + 1;
            }
        }
        this.starts = Arrays.copyOf(found, count);
    }

    /**
     * The line holding a character.
     * @param offset The character's offset in the text.
     * @return Its 1-based line.
     */
    int lineOf(int offset) {
        int i = Arrays.binarySearch(starts, offset);
        return i >= 0 ? i + 1 : -i - 1;
    }

    /**
     * Where a line starts.
     * @param line The 1-based line.
     * @return The offset of its first character, or the text's length after its last line.
     */
    int startOf(long line) {
        return line - 1 < starts.length ? starts[(int) (line - 1)] : text.length();
    }

    /**
     * The first character at or after an offset that is not a line break (blank lines hold no record).
     * @param offset The offset.
     * @return The offset of that character, or the text's length.
     */
    int skipLineBreaks(int offset) {
        int i = offset;
        while (i < text.length() && (text.charAt(i) == '\n' || text.charAt(i) == '\r')) {
            i++;
        }
        return i;
    }
}
