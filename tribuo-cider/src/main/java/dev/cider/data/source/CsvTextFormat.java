package dev.cider.data.source;

import dev.cider.data.DataSplit;
import dev.cider.data.SentimentTask;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How a text CSV is laid out (which columns hold the id, text, label and split, and how splits are named), and
 * the reading of such a file into validated utterances. Every error names the file, the line and, when it is
 * known, the utterance id.
 *
 * @param idColumns   The columns whose values, joined with {@code idSeparator}, form the utterance id.
 * @param idSeparator The separator of the id parts.
 * @param textColumn  The transcript column.
 * @param labelColumn The sentiment score column (a number in [-3, 3]).
 * @param splitColumn The split column.
 * @param trainName   The split value of training rows (case-insensitive).
 * @param validName   The split value of validation rows (case-insensitive).
 * @param testName    The split value of test rows (case-insensitive).
 * @param separator   The field separator.
 */
record CsvTextFormat(List<String> idColumns, String idSeparator, String textColumn, String labelColumn, String splitColumn,
                     String trainName, String validName, String testName, char separator) {

    /**
     * One validated row.
     * @param line The line on which the row starts.
     * @param id The utterance id.
     * @param text The transcript, stripped of surrounding white space.
     * @param score The sentiment score.
     * @param split The split.
     */
    record Utterance(int line, String id, String text, double score, DataSplit split) {
        /**
         * The number of white-space separated words of the text (at least 1).
         * @return The word count.
         */
        int wordCount() {
            return Math.max(1, text.split("\\s+").length);
        }
    }

    CsvTextFormat {
        idColumns = List.copyOf(idColumns);
    }

    /**
     * Reads and validates every row of a file (all splits, so a fault anywhere is reported whichever split is read).
     * @param file The CSV file.
     * @return The utterances in file order.
     * @throws IllegalArgumentException naming the file, line and utterance on bad content.
     */
    List<Utterance> read(Path file) {
        String name = file.getFileName().toString();
        List<CsvRecords.Row> rows = new ArrayList<>();
        try {
            CsvRecords.read(file, separator, rows::add);
        } catch (CsvRecords.FormatException e) {
            String id = rows.isEmpty() ? null : partialId(rows.get(0).fields(), e.partialFields());
            throw new IllegalArgumentException(name + " line " + e.line() + (id == null ? "" : " (utterance '" + id + "')")
                    + ": malformed CSV, " + e.reason(), e);
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("CSV file " + file + " is empty: expected a header with columns " + expectedColumns());
        }
        Map<String, Integer> columns = columnIndex(name, rows.get(0).fields());
        int[] idIdx = idColumns.stream().mapToInt(columns::get).toArray();
        int textIdx = columns.get(textColumn);
        int labelIdx = columns.get(labelColumn);
        int splitIdx = columns.get(splitColumn);
        int width = rows.get(0).fields().size();

        List<Utterance> out = new ArrayList<>(rows.size() - 1);
        Map<String, Integer> firstLine = new HashMap<>();
        for (CsvRecords.Row row : rows.subList(1, rows.size())) {
            List<String> f = row.fields();
            String where = name + " line " + row.line();
            if (f.size() != width) {
                String id = partialId(rows.get(0).fields(), f);
                throw new IllegalArgumentException(where + (id == null ? "" : " (utterance '" + id + "')") + ": " + f.size()
                        + " fields, but the header has " + width + " (an unquoted field with a separator?)");
            }
            String id = joinId(f, idIdx);
            if (id == null) {
                throw new IllegalArgumentException(where + ": empty utterance id (columns " + idColumns + ")");
            }
            where += " (utterance '" + id + "')";
            Integer seen = firstLine.putIfAbsent(id, row.line());
            if (seen != null) {
                throw new IllegalArgumentException(where + ": duplicate utterance id, first seen on line " + seen);
            }
            String text = f.get(textIdx).strip();
            if (text.isEmpty()) {
                throw new IllegalArgumentException(where + ": empty text in column '" + textColumn + "'");
            }
            double score = parseScore(where, f.get(labelIdx));
            DataSplit split = parseSplit(where, f.get(splitIdx));
            out.add(new Utterance(row.line(), id, text, score, split));
        }
        return out;
    }

    /**
     * The utterances of one split.
     * @param all All utterances.
     * @param split The split.
     * @return Those of the split, in order.
     */
    static List<Utterance> ofSplit(List<Utterance> all, DataSplit split) {
        List<Utterance> out = new ArrayList<>();
        for (Utterance u : all) {
            if (u.split() == split) {
                out.add(u);
            }
        }
        return out;
    }

    /**
     * The CSV split value of a split.
     * @param split The split.
     * @return Its configured name.
     */
    String nameOf(DataSplit split) {
        switch (split) {
            case TRAIN: return trainName;
            case VALID: return validName;
            case TEST: return testName;
            default: throw new IllegalStateException("Unknown split " + split);
        }
    }

    private List<String> expectedColumns() {
        List<String> expected = new ArrayList<>(idColumns);
        expected.add(textColumn);
        expected.add(labelColumn);
        expected.add(splitColumn);
        return expected;
    }

    private Map<String, Integer> columnIndex(String name, List<String> header) {
        Map<String, Integer> all = new LinkedHashMap<>();
        List<String> trimmed = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            String h = header.get(i).strip();
            trimmed.add(h);
            if (all.putIfAbsent(h, i) != null && expectedColumns().contains(h)) {
                throw new IllegalArgumentException(name + ": column '" + h + "' appears twice in the header " + trimmed);
            }
        }
        Map<String, Integer> out = new HashMap<>();
        for (String c : expectedColumns()) {
            Integer idx = all.get(c);
            if (idx == null) {
                throw new IllegalArgumentException(name + ": missing column '" + c + "' (the " + roleOf(c) + "); the header has the columns "
                        + trimmed + ". Name the columns with the CsvTextSource properties idColumns (a list; the values are"
                        + " joined with idSeparator), textColumn, labelColumn and splitColumn, and the split values with trainName,"
                        + " validName and testName; on the command line --csv-id-columns A,B, --csv-id-separator SEP,"
                        + " --csv-text-column, --csv-label-column, --csv-split-column, --csv-train-name, --csv-valid-name and"
                        + " --csv-test-name. Now: idColumns " + idColumns + ", idSeparator '" + idSeparator + "', textColumn '"
                        + textColumn + "', labelColumn '" + labelColumn + "', splitColumn '" + splitColumn + "'");
            }
            out.put(c, idx);
        }
        return out;
    }

    /** What a configured column holds, with the property and option that name it. */
    private String roleOf(String column) {
        if (idColumns.contains(column)) {
            return "utterance id: idColumns, --csv-id-columns";
        } else if (column.equals(textColumn)) {
            return "transcript: textColumn, --csv-text-column";
        } else if (column.equals(labelColumn)) {
            return "sentiment score: labelColumn, --csv-label-column";
        }
        return "split: splitColumn, --csv-split-column";
    }

    private String joinId(List<String> fields, int[] idIdx) {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < idIdx.length; k++) {
            String part = fields.get(idIdx[k]).strip();
            if (part.isEmpty()) {
                return null;
            }
            if (k > 0) {
                sb.append(idSeparator);
            }
            sb.append(part);
        }
        return sb.toString();
    }

    /** The id of a possibly incomplete row, or null if its id columns were not all read. */
    private String partialId(List<String> header, List<String> fields) {
        int[] idx = new int[idColumns.size()];
        for (int k = 0; k < idx.length; k++) {
            idx[k] = header.stream().map(String::strip).toList().indexOf(idColumns.get(k));
            if (idx[k] < 0 || idx[k] >= fields.size()) {
                return null;
            }
        }
        return joinId(fields, idx);
    }

    private double parseScore(String where, String value) {
        double score;
        try {
            score = new BigDecimal(value.strip()).doubleValue();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ": label '" + value + "' in column '" + labelColumn + "' is not a number", e);
        }
        if (score < SentimentTask.MIN_SCORE || score > SentimentTask.MAX_SCORE) {
            throw new IllegalArgumentException(where + ": label " + value.strip() + " in column '" + labelColumn + "' is outside [-3, 3]");
        }
        return score;
    }

    private DataSplit parseSplit(String where, String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        for (DataSplit s : DataSplit.values()) {
            if (nameOf(s).strip().toLowerCase(Locale.ROOT).equals(v)) {
                return s;
            }
        }
        throw new IllegalArgumentException(where + ": unknown split '" + value + "' in column '" + splitColumn + "'; accepted values are '"
                + trainName + "' (train), '" + validName + "' (valid) and '" + testName + "' (test), set by trainName, validName and testName (--csv-train-name, --csv-valid-name, --csv-test-name)");
    }
}
