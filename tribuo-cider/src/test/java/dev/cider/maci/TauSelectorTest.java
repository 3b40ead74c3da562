package dev.cider.maci;

import dev.cider.data.MultimodalExample;
import dev.cider.data.SentimentTask;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TauSelectorTest {

    private static MultimodalExample utterance(String id, double score) {
        return MaciExamples.withText(id, score, MaciExamples.tokens(6, 0, 101, 2204, 102));
    }

    private static double[] log(double... p) {
        double[] out = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            out[i] = Math.log(p[i]);
        }
        return out;
    }

    @Test
    void gridRunsInTenthsUpToMaxTau() {
        assertArrayEquals(new double[] {0.0, 0.1, 0.2, 0.3}, TauSelector.grid(0.3), 0.0);
        assertEquals(31, TauSelector.grid(TauSelector.DEFAULT_MAX_TAU).length);
        assertArrayEquals(new double[] {0.0}, TauSelector.grid(0.0), 0.0);
        assertThrows(IllegalArgumentException.class, () -> TauSelector.grid(-0.1));
        assertThrows(IllegalArgumentException.class, () -> TauSelector.grid(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> TauSelector.grid(10.5));
    }

    /*
     * Binary task, classes (negative, neutral, positive). Two utterances lean the wrong way because their bias words
     * do: the counterfactual (bias words only) predicts the same wrong class strongly. Hand computation for u1 (truth
     * positive): y = log P - tau log Pcf; negative: log .5 - tau log .8, positive: log .4 - tau log .1. Positive wins
     * when log .4 - log .5 > tau (log .1 - log .8), i.e. tau > 0.2231 / 2.0794 = 0.107: the smallest grid tau that fixes
     * it is 0.2 (u2 is its mirror image). u3 and u4 are right at tau 0; their counterfactual has equal negative and
     * positive log-probabilities and a larger neutral one, so no tau changes their prediction. Acc2 is 0.5 at tau 0
     * and 0.1 and 1.0 from tau 0.2 on: the selector picks 0.2, the smallest best tau.
     */
    @Test
    void picksTheSmallestTauThatMaximisesTheHeadlineMetric() {
        List<MultimodalExample> valid = List.of(utterance("u1", 2.0), utterance("u2", -2.0), utterance("u3", 1.0), utterance("u4", -1.0));
        double[][] logP = {log(0.5, 0.1, 0.4), log(0.4, 0.1, 0.5), log(0.2, 0.1, 0.7), log(0.7, 0.1, 0.2)};
        double[][] logPcf = {log(0.8, 0.1, 0.1), log(0.1, 0.1, 0.8), log(0.3, 0.4, 0.3), log(0.3, 0.4, 0.3)};
        TauDebiaser.Selection s = new TauSelector(SentimentTask.BINARY, 1.0).select(logP, logPcf, valid);
        assertEquals(0.2, s.tau(), 0.0);
        assertEquals(1.0, s.score(), 1e-12);
        assertEquals(0.5, s.scores()[0], 1e-12);
        assertEquals(0.5, s.scores()[1], 1e-12);
        assertEquals(11, s.grid().length);
    }

    @Test
    void keepsTauZeroWhenDebiasingDoesNotHelp() {
        List<MultimodalExample> valid = List.of(utterance("u1", 2.0), utterance("u2", -2.0));
        double[][] logP = {log(0.2, 0.1, 0.7), log(0.7, 0.1, 0.2)};
        double[][] logPcf = {log(0.1, 0.1, 0.8), log(0.8, 0.1, 0.1)};
        TauDebiaser.Selection s = new TauSelector(SentimentTask.BINARY, 3.0).select(logP, logPcf, valid);
        assertEquals(0.0, s.tau(), 0.0);
        assertEquals(1.0, s.score(), 1e-12);
    }

    @Test
    void refusesNoUtterancesAndMismatchedSizes() {
        TauSelector selector = new TauSelector(SentimentTask.BINARY, 1.0);
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> selector.select(new double[0][], new double[0][], List.of()));
        assertEquals("Choosing tau needs labelled utterances, found none", none.getMessage());
        List<MultimodalExample> one = List.of(utterance("u1", 1.0));
        assertThrows(IllegalArgumentException.class, () -> selector.select(new double[2][3], new double[2][3], one));
    }
}
