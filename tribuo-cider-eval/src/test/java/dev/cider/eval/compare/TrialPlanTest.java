package dev.cider.eval.compare;

import com.oracle.labs.mlrg.olcut.config.PropertyException;
import dev.cider.data.source.SyntheticPreset;
import dev.cider.data.source.SyntheticSource;
import dev.cider.eval.baseline.Baselines;
import dev.cider.eval.report.SystemPair;
import dev.cider.missing.Rmfm;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrialPlanTest {

    private static final SyntheticSource DATA = SyntheticSource.builder(SyntheticPreset.MOSI_ALIGNED).sizes(8, 4, 4).build();

    private static ComparisonExperiment experiment(List<SystemSpec> systems) {
        return new ComparisonExperiment("plan", DATA, null, systems, List.of(new Rmfm()), new double[] {0.0, 1.0}, 0);
    }

    @Test
    void oneTrialPerTrainedSystemAndSeedWithVariantsRidingAlongAndLoadedModelsOnce(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path model = Files.writeString(dir.resolve("m.tribuo"), "not read by the plan");
        ComparisonExperiment e = experiment(List.of(
                new SystemSpec("CIDer", Baselines.trainer(Baselines.LINEAR_SVM)),
                SystemSpec.variant("CIDer w/o cf", "CIDer", false),
                new SystemSpec("LR", Baselines.trainer(Baselines.LOGISTIC_REGRESSION)),
                SystemSpec.loaded("Saved", model)))
                .withSeeds(List.of(4L, 5L), List.of(0L, 1L));
        List<Trial> trials = TrialPlan.expand(e);
        assertEquals(List.of("CIDer, seed 4", "LR, seed 4", "Saved", "majority class", "lengths only", "CIDer, seed 5", "LR, seed 5"),
                trials.stream().map(Trial::label).toList());
        assertEquals(List.of("CIDer w/o cf"), trials.get(0).variants());
        assertNull(trials.get(2).trainingSeed());
        for (int i = 0; i < trials.size(); i++) {
            assertEquals(i, trials.get(i).index());
        }
        // without training seeds: each system once, with its configured seed
        List<Trial> once = TrialPlan.expand(experiment(List.of(new SystemSpec("LR", Baselines.trainer(Baselines.LOGISTIC_REGRESSION)))));
        assertEquals(1 + ReferenceLines.NAMES.size(), once.size());
        assertNull(once.get(0).trainingSeed());
        assertEquals(1, TrialPlan.expand(experiment(List.of(new SystemSpec("LR", Baselines.trainer(Baselines.LOGISTIC_REGRESSION))))
                .withReferenceLines(false)).size());
    }

    @Test
    void pairsDefaultToTheFirstSystemAgainstEveryOtherAndAreValidated() {
        List<SystemSpec> systems = List.of(new SystemSpec("A", Baselines.trainer(Baselines.LINEAR_SVM)),
                new SystemSpec("B", Baselines.trainer(Baselines.LOGISTIC_REGRESSION)),
                new SystemSpec("C", Baselines.trainer(Baselines.LOGISTIC_REGRESSION)));
        ComparisonExperiment e = experiment(systems);
        assertEquals(List.of(new SystemPair("A", "B"), new SystemPair("A", "C")), e.systemPairs(), "the reference lines are not paired by default");
        assertEquals(List.of(new SystemPair("A", "majority class")), experiment(systems).withPairs(List.of("A vs majority class")).systemPairs());
        PropertyException reserved = assertThrows(PropertyException.class, () -> experiment(List.of(
                new SystemSpec("lengths only", Baselines.trainer(Baselines.LINEAR_SVM)))));
        assertTrue(reserved.getMessage().contains("reserved for a reference line"), reserved.getMessage());
        assertEquals(List.of(new SystemPair("B", "C")), e.withPairs(List.of("B vs C")).systemPairs());
        PropertyException unknown = assertThrows(PropertyException.class, () -> experiment(systems).withPairs(List.of("A vs Z")));
        assertTrue(unknown.getMessage().contains("names system 'Z'"), unknown.getMessage());
        PropertyException malformed = assertThrows(PropertyException.class, () -> experiment(systems).withPairs(List.of("A - B")));
        assertTrue(malformed.getMessage().contains("'A vs B'"), malformed.getMessage());
        PropertyException self = assertThrows(PropertyException.class, () -> experiment(systems).withPairs(List.of("A vs A")));
        assertTrue(self.getMessage().contains("with itself"), self.getMessage());
        PropertyException seeds = assertThrows(PropertyException.class, () -> experiment(systems).withSeeds(List.of(1L, 1L), List.of(0L)));
        assertTrue(seeds.getMessage().contains("distinct"), seeds.getMessage());
        PropertyException replicates = assertThrows(PropertyException.class, () -> experiment(systems).withBootstrap(10, 1));
        assertTrue(replicates.getMessage().contains("at least 100"), replicates.getMessage());
    }

    @Test
    void aVariantMustFollowATrainedSystem() {
        PropertyException e = assertThrows(PropertyException.class, () -> experiment(List.of(
                SystemSpec.variant("V", "CIDer", false), new SystemSpec("CIDer", Baselines.trainer(Baselines.LINEAR_SVM)))));
        assertTrue(e.getMessage().contains("listed before it"), e.getMessage());
    }
}
