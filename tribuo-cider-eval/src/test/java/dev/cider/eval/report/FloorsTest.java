package dev.cider.eval.report;

import dev.cider.data.SentimentTask;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;
import org.junit.jupiter.api.Test;

import java.awt.BasicStroke;
import java.util.List;

import static dev.cider.eval.report.ReportFixtures.linearProvenance;
import static dev.cider.eval.report.ReportFixtures.rateSweep;
import static dev.cider.eval.report.ReportFixtures.testData;
import static dev.cider.eval.report.ReportFixtures.treeProvenance;
import static dev.cider.eval.report.ReportFixtures.truths;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reference lines of a report: every system is compared with each floor, the report says which systems are above
 * every floor and names each one that is not, results.json keeps them, and plots draw the floors dashed.
 */
class FloorsTest {

    private static final List<String> FLOORS = List.of("majority class", "lengths only");

    /** CIDer far above both floors; "Weak" predicts as well as the majority class, below the lengths floor. */
    private static ComparisonReport report() {
        double[] truth = truths(400, 5);
        ComparisonReport.Builder b = ComparisonReport.builder("Floors (test)").seeds(List.of(1L, 2L), List.of(0L))
                .pairs(List.of(new SystemPair("CIDer", "Weak"))).referenceSystems(FLOORS).bootstrap(400, 3);
        for (long s : List.of(1L, 2L)) {
            b.add("IID", rateSweep("CIDer", s, SentimentTask.BINARY, 0.9, 0.2, 0, truth, treeProvenance(), testData("iid")).result());
            b.add("IID", rateSweep("Weak", s, SentimentTask.BINARY, 0.5, 0.0, 0, truth, linearProvenance(), testData("iid")).result());
        }
        b.add("IID", rateSweep("majority class", null, SentimentTask.BINARY, 0.5, 0.0, 7, truth, linearProvenance(), testData("iid")).result());
        b.add("IID", rateSweep("lengths only", null, SentimentTask.BINARY, 0.62, 0.0, 8, truth, linearProvenance(), testData("iid")).result());
        return b.build();
    }

    @Test
    void everySystemIsComparedWithEveryFloorInAFamilyOfItsOwn() {
        ComparisonReport r = report();
        assertEquals(FLOORS, r.referenceSystems());
        assertEquals(2 * 2, r.floors().size(), "two systems x two floors on the headline metric's AUILC");
        for (PairComparison c : r.floors()) {
            assertEquals(4, c.familySize());
            assertTrue(FLOORS.contains(c.pair().second()));
            if (c.pair().first().equals("CIDer")) {
                assertEquals(PairComparison.Verdict.FIRST_HIGHER, c.verdict(), c.toString());
            } else {
                assertTrue(c.verdict() != PairComparison.Verdict.FIRST_HIGHER, c.toString());
            }
        }
        // The declared comparisons keep their own Holm family: one pair, ten quantities x metrics, families of one.
        assertTrue(r.comparisons().stream().allMatch(c -> c.familySize() == 1));
    }

    @Test
    void theReportNamesTheFloorsAndEverySystemNotAboveThem() {
        String md = MarkdownReport.render(report(), List.of());
        assertTrue(md.contains("## The floors every system must beat"), md);
        assertTrue(md.contains("Above every floor: CIDer."), md);
        assertTrue(md.contains("**Weak is not detectably above lengths only"), md);
        assertTrue(md.contains("**Weak is not detectably above majority class"), md);
        String without = MarkdownReport.render(ComparisonReport.builder("no floors").add("IID",
                rateSweep("CIDer", SentimentTask.BINARY, 0.9, 0.2, 0, truths(50, 1), treeProvenance(), testData("iid")).result()).build(), List.of());
        assertFalse(without.contains("The floors every system must beat"), without);
    }

    @Test
    void resultsJsonKeepsTheFloors() {
        ComparisonReport r = report();
        ReportedComparison stored = JsonResultsReader.parse(JsonResults.render(r), "test");
        assertEquals(FLOORS, stored.referenceSystems());
        assertEquals(r.floors().size(), stored.floors().size());
        assertEquals("CIDer", stored.floors().get(0).pair().first());
        ReportedComparison older = JsonResultsReader.parse(JsonResults.render(r).replace("\"referenceSystems\"", "\"ignoredField\""), "old");
        assertTrue(older.referenceSystems().isEmpty() && older.floors().isEmpty(), "results written before the floors read as none");
    }

    @Test
    void plotsDrawTheFloorsDashed() {
        ComparisonReport r = report();
        JFreeChart chart = ReportPlots.rateChart(r.view(), "IID", dev.cider.metrics.SentimentMetric.ACC2_NON0, FLOORS);
        XYPlot plot = chart.getXYPlot();
        for (int i = 0; i < plot.getDataset().getSeriesCount(); i++) {
            String key = plot.getDataset().getSeriesKey(i).toString();
            BasicStroke stroke = (BasicStroke) plot.getRenderer().getSeriesStroke(i);
            if (key.startsWith("majority class") || key.startsWith("lengths only")) {
                assertNotNull(stroke.getDashArray(), key);
            } else {
                assertNull(stroke.getDashArray(), key);
            }
        }
    }
}
