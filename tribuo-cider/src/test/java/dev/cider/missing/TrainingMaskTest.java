package dev.cider.missing;

import dev.cider.data.Modality;
import dev.cider.data.MultimodalExample;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingMaskTest {

    private static final List<MultimodalExample> DATA = MaskTestData.unaligned(200, 71L);
    private static final int DRAWS = 2000;

    /** Mean and standard deviation of the per-example dropped fraction of RMFM training masks. */
    private static double[] fractionStats(MissingPattern pattern, TrainingRateMode mode, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double sum = 0;
        double sq = 0;
        for (int i = 0; i < DRAWS; i++) {
            KeepMask mask = pattern.trainingMask(DATA.get(i % DATA.size()), mode, rng);
            double f = mask.totalDropped() / (double) mask.totalDroppable();
            sum += f;
            sq += f * f;
        }
        double mean = sum / DRAWS;
        return new double[]{mean, Math.sqrt(sq / DRAWS - mean * mean)};
    }

    @Test
    void perExampleRatesVaryStronglyAroundOneHalf() {
        double[] stats = fractionStats(new Rmfm(), TrainingRateMode.PER_EXAMPLE, 1L);
        assertEquals(0.5, stats[0], 0.03, "mean dropped fraction");
        // r ~ U(0,1) has standard deviation 0.289; the binomial noise adds a little.
        assertTrue(stats[1] > 0.25, "per-example dropped fractions should spread like U(0,1), std " + stats[1]);
    }

    @Test
    void perPositionRatesConcentrateAroundOneHalf() {
        double[] stats = fractionStats(new Rmfm(), TrainingRateMode.PER_POSITION, 2L);
        assertEquals(0.5, stats[0], 0.02, "mean dropped fraction");
        // Each of the >= 39 positions is dropped with probability 0.5: std at most 0.08.
        assertTrue(stats[1] < 0.1, "per-position masks drop about half of every example, std " + stats[1]);
    }

    @Test
    void perPositionRmmDropsHalfOfTheModalities() {
        SplittableRandom rng = new SplittableRandom(3L);
        int gone = 0;
        for (int i = 0; i < DRAWS; i++) {
            KeepMask mask = new Rmm().trainingMask(DATA.get(i % DATA.size()), TrainingRateMode.PER_POSITION, rng);
            for (Modality m : Modality.values()) {
                gone += mask.isEntirelyDropped(m) ? 1 : 0;
            }
        }
        assertEquals(0.5, gone / (3.0 * DRAWS), 0.03);
    }

    @Test
    void traditionalRmfmSharesTheRatePerExampleButNotPerPosition() {
        TraditionalRmfm pattern = new TraditionalRmfm();
        SplittableRandom rng = new SplittableRandom(4L);
        double perExampleGap = 0;
        double perPositionGap = 0;
        for (int i = 0; i < DRAWS; i++) {
            MultimodalExample ex = DATA.get(i % DATA.size());
            KeepMask a = pattern.trainingMask(ex, TrainingRateMode.PER_EXAMPLE, rng);
            perExampleGap += Math.abs(a.droppedFraction(Modality.AUDIO) - a.droppedFraction(Modality.VISION));
            KeepMask b = pattern.trainingMask(ex, TrainingRateMode.PER_POSITION, rng);
            perPositionGap += Math.abs(b.droppedFraction(Modality.AUDIO) - b.droppedFraction(Modality.VISION));
        }
        // One rate: only rounding separates the two fractions. Two independent U(0,1) rates: E|r1 - r2| = 1/3.
        assertTrue(perExampleGap / DRAWS < 0.05, "per-example gap " + perExampleGap / DRAWS);
        assertEquals(1.0 / 3.0, perPositionGap / DRAWS, 0.04, "per-position gap");
    }

    @Test
    void trainingMasksAreFreshButReproducible() {
        Rmfm rmfm = new Rmfm();
        MultimodalExample ex = DATA.get(0);
        SplittableRandom rng = new SplittableRandom(5L);
        KeepMask first = rmfm.trainingMask(ex, TrainingRateMode.PER_POSITION, rng);
        KeepMask second = rmfm.trainingMask(ex, TrainingRateMode.PER_POSITION, rng);
        assertTrue(!first.equals(second), "a fresh mask each time the example is seen");
        SplittableRandom again = new SplittableRandom(5L);
        assertEquals(first, rmfm.trainingMask(ex, TrainingRateMode.PER_POSITION, again));
        assertEquals(second, rmfm.trainingMask(ex, TrainingRateMode.PER_POSITION, again));
    }

    @Test
    void modesParse() {
        assertEquals(TrainingRateMode.PER_EXAMPLE, TrainingRateMode.parse("per-example"));
        assertEquals(TrainingRateMode.PER_POSITION, TrainingRateMode.parse(" Per_Position "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainingRateMode.parse("always"));
        assertTrue(e.getMessage().contains("always"));
    }
}
