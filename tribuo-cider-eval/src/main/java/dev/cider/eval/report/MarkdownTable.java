package dev.cider.eval.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A GitHub-flavoured Markdown table. In a numeric table the first column is left-aligned (names) and the others
 * right-aligned (numbers); in a text table every column is left-aligned.
 */
final class MarkdownTable {

    private final List<String> headers;
    private final boolean numeric;
    private final List<List<String>> rows = new ArrayList<>();

    private MarkdownTable(List<String> headers, boolean numeric) {
        this.headers = List.copyOf(headers);
        this.numeric = numeric;
    }

    /** A table of names then numbers. */
    static MarkdownTable numeric(List<String> headers) {
        return new MarkdownTable(headers, true);
    }

    /** A table of text. */
    static MarkdownTable text(List<String> headers) {
        return new MarkdownTable(headers, false);
    }

    MarkdownTable row(List<String> cells) {
        if (cells.size() != headers.size()) {
            throw new IllegalArgumentException("A row of " + cells.size() + " cells in a table of " + headers.size() + " columns");
        }
        rows.add(List.copyOf(cells));
        return this;
    }

    String render() {
        StringBuilder sb = new StringBuilder();
        line(sb, headers);
        sb.append('|');
        for (int i = 0; i < headers.size(); i++) {
            sb.append(i == 0 || !numeric ? " --- |" : " ---: |");
        }
        sb.append('\n');
        for (List<String> r : rows) {
            line(sb, r);
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, List<String> cells) {
        sb.append('|');
        for (String c : cells) {
            sb.append(' ').append(c).append(" |");
        }
        sb.append('\n');
    }
}
