package dev.cider.eval.report;

import dev.cider.metrics.SentimentMetric;
import dev.cider.util.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes {@code results.csv} in tidy long format, one value per line:
 * {@code setting,system,pattern,point,rate,metric,value}. A point line has the point's label ("0.30", or the kept
 * modalities "LA" with an empty rate); an AUILC line has the point {@value #AUILC_POINT} and an empty rate.
 * Metrics are named by their keys ({@code acc2}, {@code f1}, {@code acc2-has0}, {@code f1-has0}, {@code acc3},
 * {@code acc7}); values are fractions in [0, 1] printed exactly ({@code NaN} where undefined).
 */
public final class CsvResults {

    /** The header line's columns. */
    public static final List<String> HEADER = List.of("setting", "system", "pattern", "point", "rate", "metric", "value");
    /** The point label of AUILC lines. */
    public static final String AUILC_POINT = "AUILC";

    private CsvResults() {
    }

    /**
     * Renders the CSV text.
     * @param view The numbers.
     * @return The text, with a header line and Unix line ends.
     */
    public static String render(ComparisonView view) {
        StringBuilder sb = new StringBuilder();
        line(sb, HEADER);
        for (SweepCurve c : view.curves()) {
            for (CurvePoint p : c.points()) {
                String rate = p.isSubset() ? "" : Double.toString(p.rate());
                for (SentimentMetric m : c.metrics()) {
                    line(sb, List.of(c.setting(), c.system(), c.pattern(), p.label(), rate, m.key(), Double.toString(p.value(m))));
                }
            }
            if (c.hasAuilc()) {
                for (SentimentMetric m : c.metrics()) {
                    line(sb, List.of(c.setting(), c.system(), c.pattern(), AUILC_POINT, "", m.key(), Double.toString(c.auilc(m))));
                }
            }
        }
        return sb.toString();
    }

    /**
     * Renders and writes the CSV atomically.
     * @param file The target file (its parent directories are created).
     * @param view The numbers.
     * @throws IOException on failure; a previous file is then unchanged.
     */
    public static void write(Path file, ComparisonView view) throws IOException {
        AtomicFiles.write(file, render(view).getBytes(StandardCharsets.UTF_8));
    }

    private static void line(StringBuilder sb, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(quote(fields.get(i)));
        }
        sb.append('\n');
    }

    /** RFC 4180 quoting: a field with a comma, quote or line break is quoted, its quotes doubled. */
    static String quote(String field) {
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\n') < 0 && field.indexOf('\r') < 0) {
            return field;
        }
        return '"' + field.replace("\"", "\"\"") + '"';
    }
}
