package dev.cider.eval.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A fixed-width plain-text table: a header, a rule, then rows; the first {@code textColumns} columns are left-aligned
 * (names), the others right-aligned (numbers); trailing blanks are cut. The console summary and the reproduction
 * reports print with it.
 */
public final class TextTable {

    private final List<String> header;
    private final int textColumns;
    private final List<List<String>> rows = new ArrayList<>();

    /**
     * Creates a table.
     * @param textColumns How many leading columns hold names.
     * @param header The column titles.
     */
    public TextTable(int textColumns, String... header) {
        this.header = List.of(header);
        this.textColumns = textColumns;
    }

    /**
     * Adds a row.
     * @param cells One cell per column.
     * @return This table.
     */
    public TextTable row(String... cells) {
        if (cells.length != header.size()) {
            throw new IllegalArgumentException("A row of " + cells.length + " cells in a table of " + header.size() + " columns");
        }
        rows.add(List.of(cells));
        return this;
    }

    /**
     * Renders the table.
     * @param indent The text before every line.
     * @return The lines, each ending in '\n'.
     */
    public String render(String indent) {
        int[] widths = new int[header.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = header.get(i).length();
            for (List<String> r : rows) {
                widths[i] = Math.max(widths[i], r.get(i).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        line(sb, indent, header, widths);
        int total = 2 * (widths.length - 1);
        for (int w : widths) {
            total += w;
        }
        sb.append(indent).append("-".repeat(total)).append('\n');
        for (List<String> r : rows) {
            line(sb, indent, r, widths);
        }
        return sb.toString();
    }

    private void line(StringBuilder sb, String indent, List<String> cells, int[] widths) {
        StringBuilder l = new StringBuilder(indent);
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                l.append("  ");
            }
            String pad = " ".repeat(widths[i] - cells.get(i).length());
            l.append(i < textColumns ? cells.get(i) + pad : pad + cells.get(i));
        }
        sb.append(l.toString().stripTrailing()).append('\n');
    }
}
