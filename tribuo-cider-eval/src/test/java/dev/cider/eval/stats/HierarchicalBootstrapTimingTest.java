package dev.cider.eval.stats;

import dev.cider.metrics.SentimentMetric;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Times the summary of a full-size curve (CMU-MOSEI-sized test set: N = 4653, S = 5 training seeds, 1 mask seed, 11
 * rates, B = 2000). Only with {@code -Dcider.stats.timing=true}, as it measures the machine rather than the code.
 */
@EnabledIfSystemProperty(named = "cider.stats.timing", matches = "true")
class HierarchicalBootstrapTimingTest {

    @Test
    void fullSizeCurveTakesSeconds() {
        CurveOutcomes curve = Curves.random(Curves.elevenRates(), 5, 1, 4653, 2026);
        HierarchicalBootstrap bootstrap = new HierarchicalBootstrap();
        bootstrap.summarize(Curves.random(Curves.elevenRates(), 5, 1, 300, 1));
        long start = System.nanoTime();
        CurveSummary summary = bootstrap.summarize(curve);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "Summarized N=4653, S=5, 11 rates, B=2000 in %.2f s; AUILC Acc2 %s%n", seconds,
                summary.auilc(SentimentMetric.ACC2_NON0));
        assertEquals(2000, summary.replicates());
        assertTrue(seconds < 30, "took " + seconds + " s");
    }
}
