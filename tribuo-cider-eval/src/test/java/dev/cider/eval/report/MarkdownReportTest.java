package dev.cider.eval.report;

import dev.cider.data.SentimentTask;
import dev.cider.eval.report.ReportFixtures.HandPoint;
import dev.cider.eval.sweep.SweepPoint;
import dev.cider.eval.sweep.SweepResult;
import dev.cider.metrics.SentimentMetric;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.cider.eval.report.Expected.pct;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MarkdownReportTest {

    private static ReportFixtures.Standard fx;
    private static String md;

    @BeforeAll
    static void render() {
        fx = new ReportFixtures.Standard();
        List<ReportPlot> plots = List.of(new ReportPlot("IID", SentimentMetric.ACC2_NON0, "plots/iid-acc2.png", "Acc2 vs missing rate: IID"));
        md = MarkdownReport.render(fx.report, plots);
    }

    /** The text of a "## setting (" section up to the next "## " heading. */
    static String section(String md, String setting) {
        int start = md.indexOf("\n## " + setting + " (");
        assertTrue(start >= 0, "no section for " + setting + " in\n" + md);
        int end = md.indexOf("\n## ", start + 1);
        return end < 0 ? md.substring(start) : md.substring(start, end);
    }

    /** The cells of the first table row starting with a first cell, after a marker; bold markers removed. */
    static List<String> row(String text, String marker, String first) {
        int from = text.indexOf(marker);
        assertTrue(from >= 0, "no '" + marker + "' in\n" + text);
        for (String line : text.substring(from).split("\n")) {
            if (line.startsWith("| " + first + " |")) {
                String inner = line.substring(2, line.length() - 2);
                List<String> cells = new ArrayList<>();
                for (String c : inner.split(" \\| ", -1)) {
                    cells.add(c.replace("**", "").trim());
                }
                return cells;
            }
        }
        throw new AssertionError("no row '" + first + "' after '" + marker + "' in\n" + text);
    }

    static String headerLine(String text, String marker) {
        int from = text.indexOf(marker);
        for (String line : text.substring(from).split("\n")) {
            if (line.startsWith("| ")) {
                return line;
            }
        }
        throw new AssertionError("no table after " + marker);
    }

    /** The value cells of a row: every other cell from index 2 (the interval cells sit between them). */
    private static List<String> values(List<String> row) {
        List<String> out = new ArrayList<>();
        for (int i = 2; i < row.size(); i += 2) {
            out.add(row.get(i));
        }
        return out;
    }

    /** Checks an interval cell "[lo, hi]" holds a value printed as a percentage. */
    private static void assertBrackets(String interval, String value) {
        assertTrue(interval.matches("\\[\\d+\\.\\d, \\d+\\.\\d\\]"), interval);
        String[] ends = interval.substring(1, interval.length() - 1).split(", ");
        double v = Double.parseDouble(value);
        assertTrue(Double.parseDouble(ends[0]) <= v + 0.05 && v - 0.05 <= Double.parseDouble(ends[1]), value + " outside " + interval);
    }

    @Test
    void headlineTablesHaveTheAuilcAndCompleteValuesOfEachSystemWithIntervals() {
        String iid = section(md, "IID");
        assertEquals("| System | Models | Acc2 | 95% interval | F1 | 95% interval | Acc7 | 95% interval | Acc3 | 95% interval |",
                headerLine(iid, "AUILC over missing rates"));
        List<String> cider = row(iid, "AUILC over", "CIDer");
        assertEquals(List.of(pct(Expected.auilc(SentimentMetric.ACC2_NON0, fx.iidCider)), pct(Expected.auilc(SentimentMetric.F1_NON0, fx.iidCider)),
                pct(Expected.auilc(SentimentMetric.ACC7, fx.iidCider7)), pct(Expected.auilc(SentimentMetric.ACC3, fx.iidCider))), values(cider),
                "one model per system: the mean is its value, with no spread");
        assertEquals("1", cider.get(1));
        for (int i = 2; i < cider.size(); i += 2) {
            assertBrackets(cider.get(i + 1), cider.get(i));
        }
        List<String> complete = row(iid, "Complete input", "CIDer");
        assertEquals(List.of(pct(Expected.acc2(fx.truth, fx.iidCider.points().get(0).predicted())),
                pct(Expected.f1(fx.truth, fx.iidCider.points().get(0).predicted())),
                pct(Expected.acc7(fx.truth, fx.iidCider7.points().get(0).predicted())),
                pct(Expected.acc3(fx.truth, fx.iidCider.points().get(0).predicted()))), values(complete));
        List<String> lr = row(iid, "AUILC over", "LR");
        assertEquals(pct(Expected.auilc(SentimentMetric.ACC2_NON0, fx.iidLr)), lr.get(2));
        assertEquals("—", lr.get(6), "LR has no seven-task model, so no Acc7");
        assertEquals("—", lr.get(7));
        // the OOD setting has binary models only: no Acc7 columns
        String ood = section(md, "OOD");
        assertEquals("| System | Models | Acc2 | 95% interval | F1 | 95% interval | Acc3 | 95% interval |",
                headerLine(ood, "AUILC over missing rates"));
        assertEquals(pct(Expected.auilc(SentimentMetric.F1_NON0, fx.oodLr)), row(ood, "AUILC over", "LR").get(4));
    }

    @Test
    void noValueIsMarkedBestAndTheReportSaysHowSureItIs() {
        String iid = section(md, "IID");
        assertFalse(iid.contains("**"), "a best value is claimed only through a paired test:\n" + iid);
        assertTrue(md.contains("## How sure these numbers are"), md);
        assertTrue(md.contains("trained once, with the seed its trainer is configured with"), md);
        assertTrue(md.contains("percentile interval of a two-level bootstrap with 2000 replicates"), md);
        // CIDer vs LR is the default first-vs-others pair only when declared; the standard fixture declares none
        assertFalse(md.contains("### Paired differences"), md);
    }

    @Test
    void multiSeedReportGivesSpreadIntervalsAndPairedClaims() {
        ReportFixtures.Seeded seeded = new ReportFixtures.Seeded();
        String text = MarkdownReport.render(seeded.report, List.of());
        String iid = section(text, "IID");
        List<String> cider = row(iid, "AUILC over", "CIDer");
        assertEquals("3", cider.get(1));
        double[] perSeed = seeded.cider.stream().mapToDouble(s -> Expected.auilc(SentimentMetric.ACC2_NON0, s)).toArray();
        double mean = Arrays.stream(perSeed).average().orElseThrow();
        double sd = Math.sqrt(Arrays.stream(perSeed).map(v -> (v - mean) * (v - mean)).sum() / 2);
        assertEquals(pct(mean) + " ± " + pct(sd), cider.get(2), "mean ± SD over the three seeds, computed by hand");
        assertBrackets(cider.get(3), pct(mean));
        assertTrue(text.contains("trained 3 times, with training seeds 1, 2, 3"), text);
        assertTrue(text.contains("Holm"), text);
        List<String> pair = row(iid, "### Paired differences", "CIDer vs LR");
        assertEquals("AUILC Acc2", pair.get(1));
        assertTrue(pair.get(2).startsWith("+"), pair.toString());
        assertEquals("CIDer higher", pair.get(6));
        List<String> twins = row(iid, "### Paired differences", "LR vs LR twin");
        assertEquals("+0.0 ± 0.0", twins.get(2));
        assertEquals("[0.0, 0.0]", twins.get(3));
        assertEquals("1.000", twins.get(4));
        assertEquals("no detectable difference at this sample size", twins.get(6));
        assertTrue(text.contains("## What the comparisons support"), text);
        assertTrue(text.contains("IID, AUILC Acc2: **CIDer higher** than LR"), text);
        assertTrue(text.contains("IID, AUILC Acc2: LR vs LR twin, no detectable difference at this sample size"), text);
        List<String> rate = row(iid, "### Acc2 (%) per missing rate", "0.0");
        assertTrue(rate.get(1).matches("\\d+\\.\\d ± \\d+\\.\\d \\[\\d+\\.\\d, \\d+\\.\\d\\]"), rate.toString());
    }

    @Test
    void perRateTablesListTheHeadlineMetricOfEverySystemAtEveryRate() {
        String iid = section(md, "IID");
        for (int i = 0; i < ReportFixtures.RATES.length; i++) {
            String rate = ReportFormat.rate(ReportFixtures.RATES[i]);
            List<String> acc2 = row(iid, "### Acc2 (%) per missing rate", rate);
            assertEquals(List.of(rate, pct(Expected.acc2(fx.truth, fx.iidCider.points().get(i).predicted())),
                    pct(Expected.acc2(fx.truth, fx.iidLr.points().get(i).predicted()))), means(acc2));
            List<String> acc7 = row(iid, "### Acc7 (%) per missing rate", rate);
            assertEquals(List.of(rate, pct(Expected.acc7(fx.truth, fx.iidCider7.points().get(i).predicted()))), means(acc7));
        }
        assertEquals(List.of("AUILC", pct(Expected.auilc(SentimentMetric.ACC2_NON0, fx.iidCider)),
                pct(Expected.auilc(SentimentMetric.ACC2_NON0, fx.iidLr))), means(row(iid, "### Acc2 (%) per missing rate", "AUILC")));
        assertEquals("| Missing rate | CIDer | LR |", headerLine(iid, "### Acc2 (%) per missing rate"));
        assertTrue(iid.contains("| 0.4 |") && iid.contains("| 1.0 |"), "rates print with one decimal");
    }

    /** The cells with their intervals cut off ("72.1 [70.0, 74.2]" becomes "72.1"). */
    private static List<String> means(List<String> cells) {
        return cells.stream().map(c -> c.contains(" [") ? c.substring(0, c.indexOf(" [")) : c).toList();
    }

    @Test
    void smmTablesHaveOneRowPerSubsetAndNoAuilc() {
        String smm = section(md, "SMM");
        assertFalse(smm.contains("AUILC"), smm);
        for (int i = 0; i < ReportFixtures.SUBSETS.size(); i++) {
            String subset = ReportFixtures.SUBSETS.get(i);
            HandPoint c = fx.smmCider.points().get(i);
            HandPoint l = fx.smmLr.points().get(i);
            assertEquals(List.of(subset, pct(Expected.acc2(c.truth(), c.predicted())), pct(Expected.acc2(l.truth(), l.predicted()))),
                    means(row(smm, "### Acc2 (%) per kept-modality subset", subset)));
            assertEquals(List.of(subset, pct(Expected.f1(c.truth(), c.predicted())), pct(Expected.f1(l.truth(), l.predicted()))),
                    means(row(smm, "### F1 (%) per kept-modality subset", subset)));
        }
    }

    @Test
    void whatWasRunNamesModelsDataNotesMetadataAndLinksPlotsAndFiles() {
        assertTrue(md.startsWith("# CIDer vs baselines (test)\n\nHand-made sweeps for the report tests."), md);
        String treeModel = simple(ReportFixtures.treeProvenance().getClassName());
        String linearModel = simple(ReportFixtures.linearProvenance().getClassName());
        assertTrue(md.contains("`" + treeModel + "`") && md.contains("`" + linearModel + "`"), md);
        assertTrue(md.contains("`LogisticRegressionTrainer`") || md.contains("`LinearSGDTrainer`"), md);
        assertTrue(md.contains("`" + simple(ReportFixtures.testData("iid-test").getClassName()) + "`"), md);
        assertTrue(md.contains("trained with configs/cider.xml") && md.contains("loaded from lr.model"), md);
        assertTrue(md.contains("| note | a \\| b |"), "metadata pipes are escaped:\n" + md);
        assertTrue(md.contains("| commandLine | cider compare --config c.xml |"), md);
        assertTrue(md.contains("](results.csv)") && md.contains("](results.json)"), md);
        assertTrue(md.contains("| CIDer | binary | 1 (configured seed) |"), md);
        assertTrue(section(md, "IID").contains("![Acc2 vs missing rate: IID](plots/iid-acc2.png)"), md);
        assertFalse(section(md, "OOD").contains("!["), "plots are linked from their own setting only");
        assertTrue(md.contains("| IID | rmfm | rates 0.0, 0.2, ..., 1.0 (6) |"), md);
    }

    @Test
    void undefinedValuesPrintAsNotAvailableAndSinglePointsHaveNoAuilc() {
        double[] neutral = {0.0, 0.0, 0.0};
        HandPoint p = new HandPoint("0.00", 0.0, SentimentTask.BINARY, neutral, new int[] {1, 1, 0});
        SweepResult r = new SweepResult("X", "rmfm", 1, List.of(p.sweepPoint()),
                ReportFixtures.linearProvenance(), ReportFixtures.testData("neutral"));
        ComparisonReport report = ComparisonReport.builder("neutral").add("complete", r).build();
        String text = MarkdownReport.render(report, List.of());
        String s = section(text, "complete");
        assertFalse(s.contains("AUILC"), s);
        List<String> x = row(s, "Complete input", "X");
        assertEquals(List.of("n/a", "n/a", pct(2 / 3.0)), values(x));
        assertEquals("[n/a, n/a]", x.get(3));
    }

    private static String simple(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }
}
