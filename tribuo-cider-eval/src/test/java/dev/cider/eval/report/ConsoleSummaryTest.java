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

        List<String> iidCider = Arrays.asList(lines[2].trim().split("\\s{2,}"));
        assertEquals(List.of("IID", "CIDer", "rmfm", "AUILC",
                pct(Expected.auilc(SentimentMetric.ACC2_NON0, fx.iidCider)), pct(Expected.auilc(SentimentMetric.F1_NON0, fx.iidCider)),
                pct(Expected.auilc(SentimentMetric.ACC7, fx.iidCider7)), pct(Expected.auilc(SentimentMetric.ACC3, fx.iidCider))), iidCider);
        List<String> oodLr = Arrays.asList(lines[5].trim().split("\\s{2,}"));
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
}
