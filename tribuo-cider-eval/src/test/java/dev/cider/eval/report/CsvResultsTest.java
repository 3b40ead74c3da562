package dev.cider.eval.report;

import dev.cider.eval.report.ReportFixtures.HandPoint;
import dev.cider.eval.report.ReportFixtures.HandSweep;
import dev.cider.metrics.SentimentMetric;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CsvResultsTest {

    /** Parses the simple CSV this writer produces for plain names (no quoting in the fixture except where tested). */
    private static List<String[]> parse(String csv) {
        List<String[]> rows = new ArrayList<>();
        for (String line : csv.split("\n")) {
            rows.add(line.split(",", -1));
        }
        return rows;
    }

    @Test
    void oneLinePerPointAndMetricPlusAuilcLines() {
        ReportFixtures.Standard fx = new ReportFixtures.Standard();
        String csv = CsvResults.render(fx.report.view());
        List<String[]> rows = parse(csv);
        assertEquals("setting,system,pattern,point,rate,metric,mean,sd,ci95_low,ci95_high,models", csv.substring(0, csv.indexOf('\n')));
        int expected = 0;
        for (HandSweep s : fx.all()) {
            int metrics = SentimentMetric.forTask(s.task()).size();
            expected += s.points().size() * metrics + (s.pattern().equals("smm") ? 0 : metrics);
        }
        assertEquals(expected + 1, rows.size());

        Map<String, String> byKey = new HashMap<>();
        for (String[] r : rows.subList(1, rows.size())) {
            assertEquals(11, r.length);
            String previous = byKey.put(String.join("/", r[0], r[1], r[3], r[5]), r[4] + "=" + r[6]);
            assertEquals(null, previous, "duplicate line " + String.join(",", r));
            assertEquals("NaN", r[7], "one model per system: no spread");
            assertEquals("1", r[10]);
            double mean = Double.parseDouble(r[6]);
            if (!Double.isNaN(mean)) {
                assertTrue(Double.parseDouble(r[8]) <= mean && mean <= Double.parseDouble(r[9]), String.join(",", r));
            }
        }
        for (HandSweep s : fx.all()) {
            String setting = fx.settingOf(s);
            for (int i = 0; i < s.points().size(); i++) {
                HandPoint p = s.points().get(i);
                for (SentimentMetric m : SentimentMetric.forTask(s.task())) {
                    String line = byKey.get(String.join("/", setting, s.system(), p.label(), m.key()));
                    String rate = Double.isNaN(p.rate()) ? "" : Double.toString(p.rate());
                    // the value is the metric object's own, written exactly
                    double value = s.result().points().get(i).metrics().get(m);
                    assertEquals(rate + "=" + value, line, setting + " " + s.system() + " " + p.label() + " " + m);
                    if (m != SentimentMetric.ACC2_HAS0 && m != SentimentMetric.F1_HAS0) {
                        assertEquals(Expected.metric(m, p), value, 1e-12);
                    }
                }
            }
            if (!s.pattern().equals("smm")) {
                for (SentimentMetric m : List.of(SentimentMetric.ACC2_NON0, SentimentMetric.F1_NON0)) {
                    if (m.task() != s.task()) {
                        continue;
                    }
                    String line = byKey.get(String.join("/", setting, s.system(), "AUILC", m.key()));
                    assertEquals(Expected.auilc(m, s), Double.parseDouble(line.substring(1)), 1e-12);
                    assertTrue(line.startsWith("="), "AUILC lines have no rate");
                }
            } else {
                assertEquals(null, byKey.get(String.join("/", setting, s.system(), "AUILC", "acc2")));
            }
        }
    }

    @Test
    void pairsHaveOneLinePerComparisonWithTheDifferenceItsIntervalAndPValues() {
        ReportFixtures.Seeded fx = new ReportFixtures.Seeded();
        String csv = CsvResults.renderPairs(fx.report.comparisons());
        List<String[]> rows = parse(csv);
        assertEquals(String.join(",", CsvResults.PAIRS_HEADER), csv.substring(0, csv.indexOf('\n')));
        // two pairs, each on the AUILC and the complete input of the five binary metrics
        assertEquals(1 + 2 * 2 * 5, rows.size());
        String[] headline = rows.stream().filter(r -> r[1].equals("CIDer") && r[3].equals("AUILC") && r[4].equals("acc2"))
                .findFirst().orElseThrow();
        PairComparison c = fx.report.comparisons(SentimentMetric.ACC2_NON0, dev.cider.eval.stats.Quantity.AUILC).get(0);
        assertEquals(c.difference().observed(), Double.parseDouble(headline[5]));
        assertEquals(c.adjustedP(), Double.parseDouble(headline[10]));
        assertEquals("FIRST_HIGHER", headline[11]);
    }

    @Test
    void fieldsWithCommasOrQuotesAreQuoted() {
        assertEquals("plain", CsvResults.quote("plain"));
        assertEquals("\"OOD, RMFM\"", CsvResults.quote("OOD, RMFM"));
        assertEquals("\"say \"\"hi\"\"\"", CsvResults.quote("say \"hi\""));
    }
}
