package dev.cider.eval.report;

import dev.cider.metrics.SentimentMetric;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static dev.cider.eval.report.Expected.pct;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConsoleSummaryTest {

    @Test
    void oneAlignedRowPerSettingAndSystemWithItsAuilcs() {
        ReportFixtures.Standard fx = new ReportFixtures.Standard();
        String text = ConsoleSummary.render(fx.report.view());
        String[] lines = text.split("\n");
        assertEquals(2 + 6, lines.length, text); // header, rule, IID x2, OOD x2, SMM x2
        for (String l : lines) {
            assertEquals(lines[0].length(), l.length(), "fixed width:\n" + text);
        }
        List<String> header = Arrays.asList(lines[0].trim().split("\\s{2,}"));
        assertEquals(List.of("setting", "system", "pattern", "summary", "Acc2", "F1", "Acc7", "Acc3"), header);

        List<String> iidCider = means(Arrays.asList(lines[2].trim().split("\\s{2,}")));
        assertEquals(List.of("IID", "CIDer", "rmfm", "AUILC",
                pct(Expected.auilc(SentimentMetric.ACC2_NON0, fx.iidCider)), pct(Expected.auilc(SentimentMetric.F1_NON0, fx.iidCider)),
                pct(Expected.auilc(SentimentMetric.ACC7, fx.iidCider7)), pct(Expected.auilc(SentimentMetric.ACC3, fx.iidCider))), iidCider);
        assertTrue(lines[2].contains(" ["), "every AUILC has its interval: " + lines[2]);
        List<String> oodLr = means(Arrays.asList(lines[5].trim().split("\\s{2,}")));
        assertEquals(List.of("OOD", "LR", "rmfm", "AUILC", pct(Expected.auilc(SentimentMetric.ACC2_NON0, fx.oodLr)),
                pct(Expected.auilc(SentimentMetric.F1_NON0, fx.oodLr)), "-", pct(Expected.auilc(SentimentMetric.ACC3, fx.oodLr))), oodLr);
        double mean = 0;
        for (ReportFixtures.HandPoint p : fx.smmLr.points()) {
            mean += Expected.acc2(p.truth(), p.predicted()) / fx.smmLr.points().size();
        }
        List<String> smmLr = Arrays.asList(lines[7].trim().split("\\s{2,}"));
        assertEquals(List.of("SMM", "LR", "smm", "mean of 6 subsets"), smmLr.subList(0, 4));
        assertEquals(pct(mean), smmLr.get(4));
        assertTrue(lines[1].matches("-+"), lines[1]);
    }

    /** Cells with their intervals cut off. */
    private static List<String> means(List<String> cells) {
        return cells.stream().map(c -> c.contains(" [") ? c.substring(0, c.indexOf(" [")) : c).toList();
    }

    @Test
    void theReportFormAddsThePairedComparisonsWithTheirConclusions() {
        ReportFixtures.Seeded fx = new ReportFixtures.Seeded();
        String text = ConsoleSummary.render(fx.report);
        assertTrue(text.contains("Paired comparisons"), text);
        assertTrue(text.contains("IID, AUILC Acc2: CIDer higher than LR"), text);
        assertTrue(text.contains("LR vs LR twin, no detectable difference at this sample size"), text);
        assertTrue(text.contains(" ± "), "three seeds give a spread:\n" + text);
    }
}
