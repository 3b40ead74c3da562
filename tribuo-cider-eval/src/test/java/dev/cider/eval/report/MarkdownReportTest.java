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

    @Test
    void headlineTableHasTheAuilcAndCompleteValuesOfEachSystem() {
        String iid = section(md, "IID");
        assertEquals("| System | Acc2 AUILC | F1 AUILC | Acc7 AUILC | Acc3 AUILC | Acc2 complete | F1 complete | Acc7 complete | Acc3 complete |",
                headerLine(iid, "AUILC over missing rates"));
        List<String> cider = row(iid, "AUILC over", "CIDer");
        assertEquals(List.of("CIDer",
                pct(Expected.auilc(SentimentMetric.ACC2_NON0, fx.iidCider)), pct(Expected.auilc(SentimentMetric.F1_NON0, fx.iidCider)),
                pct(Expected.auilc(SentimentMetric.ACC7, fx.iidCider7)), pct(Expected.auilc(SentimentMetric.ACC3, fx.iidCider)),
                pct(Expected.acc2(fx.truth, fx.iidCider.points().get(0).predicted())),
                pct(Expected.f1(fx.truth, fx.iidCider.points().get(0).predicted())),
                pct(Expected.acc7(fx.truth, fx.iidCider7.points().get(0).predicted())),
                pct(Expected.acc3(fx.truth, fx.iidCider.points().get(0).predicted()))), cider);
        List<String> lr = row(iid, "AUILC over", "LR");
        assertEquals(pct(Expected.auilc(SentimentMetric.ACC2_NON0, fx.iidLr)), lr.get(1));
        assertEquals("—", lr.get(3), "LR has no seven-task model, so no Acc7");
        assertEquals("—", lr.get(7));
        // the OOD setting has binary models only: no Acc7 columns
        String ood = section(md, "OOD");
        assertEquals("| System | Acc2 AUILC | F1 AUILC | Acc3 AUILC | Acc2 complete | F1 complete | Acc3 complete |",
                headerLine(ood, "AUILC over missing rates"));
        assertEquals(pct(Expected.auilc(SentimentMetric.F1_NON0, fx.oodLr)), row(ood, "AUILC over", "LR").get(2));
    }

    @Test
    void theBestValueOfAColumnIsBold() {
        String iid = section(md, "IID");
        double cider = Expected.auilc(SentimentMetric.ACC2_NON0, fx.iidCider);
        double lr = Expected.auilc(SentimentMetric.ACC2_NON0, fx.iidLr);
        String winner = cider > lr ? "CIDer" : "LR";
        String loser = cider > lr ? "LR" : "CIDer";
        String winnerLine = Arrays.stream(iid.split("\n")).filter(l -> l.startsWith("| " + winner + " |")).findFirst().orElseThrow();
        String loserLine = Arrays.stream(iid.split("\n")).filter(l -> l.startsWith("| " + loser + " |")).findFirst().orElseThrow();
        assertTrue(winnerLine.split(" \\| ")[1].startsWith("**"), winnerLine);
        assertFalse(loserLine.split(" \\| ")[1].startsWith("**"), loserLine);
    }

    @Test
    void perRateTablesListTheHeadlineMetricOfEverySystemAtEveryRate() {
        String iid = section(md, "IID");
        for (int i = 0; i < ReportFixtures.RATES.length; i++) {
            String rate = ReportFormat.rate(ReportFixtures.RATES[i]);
            List<String> acc2 = row(iid, "### Acc2 (%) per missing rate", rate);
            assertEquals(List.of(rate, pct(Expected.acc2(fx.truth, fx.iidCider.points().get(i).predicted())),
                    pct(Expected.acc2(fx.truth, fx.iidLr.points().get(i).predicted()))), acc2);
            List<String> acc7 = row(iid, "### Acc7 (%) per missing rate", rate);
            assertEquals(List.of(rate, pct(Expected.acc7(fx.truth, fx.iidCider7.points().get(i).predicted()))), acc7);
        }
        assertEquals(List.of("AUILC", pct(Expected.auilc(SentimentMetric.ACC2_NON0, fx.iidCider)),
                pct(Expected.auilc(SentimentMetric.ACC2_NON0, fx.iidLr))), row(iid, "### Acc2 (%) per missing rate", "AUILC"));
        assertEquals("| Missing rate | CIDer | LR |", headerLine(iid, "### Acc2 (%) per missing rate"));
        assertTrue(iid.contains("| 0.4 |") && iid.contains("| 1.0 |"), "rates print with one decimal");
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
                    row(smm, "### Acc2 (%) per kept-modality subset", subset));
            assertEquals(List.of(subset, pct(Expected.f1(c.truth(), c.predicted())), pct(Expected.f1(l.truth(), l.predicted()))),
                    row(smm, "### F1 (%) per kept-modality subset", subset));
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
        assertTrue(section(md, "IID").contains("![Acc2 vs missing rate: IID](plots/iid-acc2.png)"), md);
        assertFalse(section(md, "OOD").contains("!["), "plots are linked from their own setting only");
        assertTrue(md.contains("| IID | rmfm | rates 0.0, 0.2, ..., 1.0 (6) |"), md);
    }

    @Test
    void undefinedValuesPrintAsNotAvailableAndSinglePointsHaveNoAuilc() {
        double[] neutral = {0.0, 0.0, 0.0};
        HandPoint p = new HandPoint("0.00", 0.0, SentimentTask.BINARY, neutral, new int[] {1, 1, 0});
        SweepResult r = new SweepResult("X", "rmfm", 1, List.of(new SweepPoint("0.00", 0.0, p.metrics(), null)),
                ReportFixtures.linearProvenance(), ReportFixtures.testData("neutral"));
        ComparisonReport report = ComparisonReport.builder("neutral").add("complete", r).build();
        String text = MarkdownReport.render(report, List.of());
        String s = section(text, "complete");
        assertFalse(s.contains("AUILC"), s);
        assertEquals(List.of("X", "n/a", "n/a", pct(2 / 3.0)), row(s, "Complete-input", "X"));
    }

    private static String simple(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }
}
