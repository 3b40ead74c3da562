package dev.cider.eval.report;

import dev.cider.eval.stats.Estimate;
import dev.cider.eval.stats.PairedDifference;
import dev.cider.metrics.SentimentMetric;
import dev.cider.util.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes {@code results.csv} in tidy long format, one estimate per line:
 * {@code setting,system,pattern,point,rate,metric,mean,sd,ci95_low,ci95_high,models}. A point line has the point's
 * label ("0.30", or the kept modalities "LA" with an empty rate); an AUILC line has the point {@value #AUILC_POINT}
 * and an empty rate. {@code mean} is the mean over training seeds, {@code sd} the standard deviation of the per-seed
 * values (NaN for one model), {@code ci95_low}/{@code ci95_high} the 95% bootstrap interval (over training seeds and
 * test utterances) and {@code models} the number of models (training seeds) behind the values. Metrics are named by
 * their keys ({@code acc2}, {@code f1}, {@code acc2-has0}, {@code f1-has0}, {@code acc3}, {@code acc7}); values are
 * fractions in [0, 1] printed exactly ({@code NaN} where undefined).
 * <p>
 * {@code pairs.csv} holds the paired comparisons:
 * {@code setting,first,second,quantity,metric,difference,sd,ci95_low,ci95_high,p,p_holm,conclusion}.
 */
public final class CsvResults {

    /** The header line's columns of results.csv. */
    public static final List<String> HEADER = List.of("setting", "system", "pattern", "point", "rate", "metric", "mean", "sd",
            "ci95_low", "ci95_high", "models");
    /** The header line's columns of pairs.csv. */
    public static final List<String> PAIRS_HEADER = List.of("setting", "first", "second", "quantity", "metric", "difference", "sd",
            "ci95_low", "ci95_high", "p", "p_holm", "conclusion");
    /** The point label of AUILC lines. */
    public static final String AUILC_POINT = "AUILC";

    private CsvResults() {
    }

    /**
     * Renders the results CSV text.
     * @param view The numbers.
     * @return The text, with a header line and Unix line ends.
     */
    public static String render(ComparisonView view) {
        CsvText sb = new CsvText();
        sb.row(HEADER);
        for (SweepCurve c : view.curves()) {
            String models = Integer.toString(c.modelCount());
            for (CurvePoint p : c.points()) {
                String rate = p.isSubset() ? "" : Double.toString(p.rate());
                for (SentimentMetric m : c.metrics()) {
                    sb.row(estimateLine(List.of(c.setting(), c.system(), c.pattern(), p.label(), rate, m.key()), p.estimate(m), models));
                }
            }
            if (c.hasAuilc()) {
                for (SentimentMetric m : c.metrics()) {
                    sb.row(estimateLine(List.of(c.setting(), c.system(), c.pattern(), AUILC_POINT, "", m.key()), c.auilcEstimate(m), models));
                }
            }
        }
        return sb.text();
    }

    private static List<String> estimateLine(List<String> keys, Estimate e, String models) {
        List<String> fields = new ArrayList<>(keys);
        fields.add(Double.toString(e.mean()));
        fields.add(Double.toString(e.sd()));
        fields.add(Double.toString(e.lower()));
        fields.add(Double.toString(e.upper()));
        fields.add(models);
        return fields;
    }

    /**
     * Renders the paired comparisons as CSV text.
     * @param comparisons The comparisons.
     * @return The text, with a header line.
     */
    public static String renderPairs(List<PairComparison> comparisons) {
        CsvText sb = new CsvText();
        sb.row(PAIRS_HEADER);
        for (PairComparison c : comparisons) {
            PairedDifference d = c.difference();
            Estimate e = d.difference();
            sb.row(List.of(c.setting(), c.pair().first(), c.pair().second(), d.quantity().name(), d.metric().key(),
                    Double.toString(e.mean()), Double.toString(e.sd()), Double.toString(e.lower()), Double.toString(e.upper()),
                    Double.toString(d.pValue()), Double.toString(c.adjustedP()), c.verdict().name()));
        }
        return sb.text();
    }

    /**
     * Renders and writes the results CSV atomically.
     * @param file The target file (its parent directories are created).
     * @param view The numbers.
     * @throws IOException on failure; a previous file is then unchanged.
     */
    public static void write(Path file, ComparisonView view) throws IOException {
        AtomicFiles.write(file, render(view).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Renders and writes the pairs CSV atomically.
     * @param file The target file.
     * @param comparisons The comparisons.
     * @throws IOException on failure; a previous file is then unchanged.
     */
    public static void writePairs(Path file, List<PairComparison> comparisons) throws IOException {
        AtomicFiles.write(file, renderPairs(comparisons).getBytes(StandardCharsets.UTF_8));
    }

    /** RFC 4180 quoting: a field with a comma, quote or line break is quoted, its quotes doubled. */
    static String quote(String field) {
        return CsvText.field(field);
    }
}
