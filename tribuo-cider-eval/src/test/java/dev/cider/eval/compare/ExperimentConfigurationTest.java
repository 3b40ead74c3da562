package dev.cider.eval.compare;

import com.oracle.labs.mlrg.olcut.config.ConfigurationData;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import dev.cider.data.SentimentTask;
import dev.cider.data.source.SyntheticPreset;
import dev.cider.data.source.SyntheticSource;
import dev.cider.eval.baseline.Baselines;
import dev.cider.missing.Rmfm;
import dev.cider.nn.Fusion;
import dev.cider.train.CiderArchitecture;
import dev.cider.train.CiderTrainer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExperimentConfigurationTest {

    private static ComparisonExperiment experiment() {
        SyntheticSource data = SyntheticSource.builder(SyntheticPreset.MOSI_ALIGNED).task(SentimentTask.BINARY).seed(3).sizes(12, 4, 6).build();
        return new ComparisonExperiment("config", data, null, List.of(new SystemSpec("LR", Baselines.trainer(Baselines.LOGISTIC_REGRESSION)),
                new SystemSpec("SVM", Baselines.trainer(Baselines.LINEAR_SVM))), List.of(new Rmfm()), new double[] {0.0, 0.25, 1.0}, 2)
                .withSeeds(List.of(8L, 9L), List.of(1L, 2L)).withPairs(List.of("SVM vs LR")).withBootstrap(150, 11);
    }

    @Test
    void rebuildsAnExperimentWithTheSameConfiguration() {
        ComparisonExperiment original = experiment();
        ComparisonExperiment rebuilt = ExperimentConfiguration.rebuild(original.getProvenance());
        assertNotSame(original, rebuilt);
        assertEquals(List.of(8L, 9L), rebuilt.trainingSeeds());
        assertEquals(List.of(1L, 2L), rebuilt.maskSeeds());
        assertEquals(original.systemPairs(), rebuilt.systemPairs());
        assertEquals(150, rebuilt.bootstrapReplicates());
        assertEquals(11L, rebuilt.bootstrapSeed());
        assertEquals(List.of(0.0, 0.25, 1.0), java.util.Arrays.stream(rebuilt.rates()).boxed().toList());
        List<ConfigurationData> a = ExperimentConfiguration.extract(original.getProvenance());
        List<ConfigurationData> b = ExperimentConfiguration.extract(rebuilt.getProvenance());
        assertEquals(a, b, "the rebuilt experiment records the same configuration, component by component");
        assertEquals(ExperimentConfiguration.experimentName(a), ExperimentConfiguration.experimentName(b));
    }

    @Test
    void aCiderSystemWithANestedArchitectureRoundTrips() {
        SyntheticSource data = SyntheticSource.builder(SyntheticPreset.MOSI_ALIGNED).task(SentimentTask.BINARY).seed(3).sizes(12, 4, 6).build();
        CiderArchitecture architecture = CiderArchitecture.builder().size(16, 2, 4).fusion(Fusion.VANILLA).causalModule(false)
                .dropouts(0.1f, 0.3f, 0.4f).build();
        CiderTrainer cider = CiderTrainer.builder(SentimentTask.BINARY, 5).schedule(3, 8, 2).architecture(architecture).build();
        ComparisonExperiment original = new ComparisonExperiment("nested", data, null, List.of(new SystemSpec("CIDer", cider)),
                List.of(new Rmfm()), new double[] {0.0, 1.0}, 2);
        ComparisonExperiment rebuilt = ExperimentConfiguration.rebuild(original.getProvenance());
        CiderTrainer trainer = (CiderTrainer) rebuilt.system("CIDer").trainer();
        assertNotSame(cider, trainer);
        CiderArchitecture a = trainer.getArchitecture();
        assertEquals(List.of(16, 2, 4, Fusion.VANILLA, false), List.of(a.hiddenDim(), a.layers(), a.heads(), a.fusion(), a.causalModule()));
        assertEquals(cider.toString(), trainer.toString());
        assertEquals(ExperimentConfiguration.extract(original.getProvenance()), ExperimentConfiguration.extract(rebuilt.getProvenance()),
                "the nested architecture is recorded the same way after the round trip");
    }

    @Test
    void aConfigurationWithoutAnExperimentIsRefusedByName() {
        SyntheticSource data = SyntheticSource.builder(SyntheticPreset.MOSI_ALIGNED).sizes(4, 2, 2).build();
        List<ConfigurationData> sourceOnly = ProvenanceUtil.extractConfiguration(data.getProvenance());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ExperimentConfiguration.experimentName(sourceOnly));
        assertTrue(e.getMessage().contains("0 ComparisonExperiment components"), e.getMessage());
        String name = sourceOnly.get(0).getName();
        e = assertThrows(IllegalArgumentException.class, () -> ExperimentConfiguration.rebuild(sourceOnly, name));
        assertTrue(e.getMessage().contains("Component '" + name + "' is a " + SyntheticSource.class.getName() + ", not a ComparisonExperiment"),
                e.getMessage());
    }
}
