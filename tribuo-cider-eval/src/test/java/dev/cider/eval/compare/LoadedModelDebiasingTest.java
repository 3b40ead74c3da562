package dev.cider.eval.compare;

import com.oracle.labs.mlrg.olcut.config.PropertyException;
import dev.cider.data.SentimentTask;
import dev.cider.data.source.SyntheticPreset;
import dev.cider.data.source.SyntheticSource;
import dev.cider.eval.baseline.Baselines;
import dev.cider.missing.Rmfm;
import dev.cider.model.CiderModel;
import dev.cider.nn.Compression;
import dev.cider.nn.Fusion;
import dev.cider.train.CiderArchitecture;
import dev.cider.train.CiderTrainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A model loaded through {@code modelPath} keeps the counterfactual debiasing it was trained with when tau is chosen per
 * setting, unless the system overrides it.
 */
class LoadedModelDebiasingTest {

    @Test
    void loadedModelTrainedWithoutMaciIsNotDebiasedUnlessOverridden(@TempDir Path dir) throws Exception {
        SyntheticSource iid = SyntheticSource.builder(SyntheticPreset.MOSI_ALIGNED).task(SentimentTask.BINARY).seed(9).sizes(48, 16, 20).build();
        SyntheticSource ood = SyntheticSource.builder(SyntheticPreset.MOSI_ALIGNED).task(SentimentTask.BINARY).seed(9).sizes(48, 16, 20)
                .oodTest(true).oodValid(true).build();
        CiderTrainer noMaci = CiderTrainer.builder(SentimentTask.BINARY, 3).schedule(1, 16, 5).maxTau(0.0).showProgress(false)
                .architecture(CiderArchitecture.builder().size(16, 1, 2).compression(Compression.WSAM).fusion(Fusion.MCT).causalModule(false).build()).build();
        Path file = dir.resolve("no-maci.model");
        try (CiderModel trained = noMaci.train(dev.cider.data.MultimodalSplits.load(iid))) {
            assertEquals(OptionalDouble.of(0.0), trained.getTrainedMaxTau());
            trained.serializeToFile(file);
        }
        List<SystemSpec> systems = List.of(SystemSpec.loaded("as trained", file),
                SystemSpec.loaded("overridden", file).withDebiasing(true, 2.0));
        ComparisonExperiment e = new ComparisonExperiment("loaded", iid, ood, systems, List.of(new Rmfm()), new double[] {0.0, 1.0}, 4)
                .withTauPerSetting(true);
        List<String> lines = new ArrayList<>();
        new ExperimentRunner(e, lines::add).run(null, List.of());
        String log = String.join("\n", lines);
        assertFalse(lines.stream().anyMatch(l -> l.contains("as trained: tau")), log);
        assertTrue(lines.stream().anyMatch(l -> l.contains("overridden: tau") && l.contains("chosen on the OOD valid split")), log);
    }

    @Test
    void overridesAreRefusedForSystemsThatAreNotCider() {
        SystemSpec lr = new SystemSpec("LR", Baselines.trainer(Baselines.LOGISTIC_REGRESSION));
        PropertyException e = assertThrows(PropertyException.class, () -> lr.withDebiasing(false, null));
        assertTrue(e.getMessage().contains("not a CIDer system"), e.getMessage());
        CiderTrainer cider = new CiderTrainer(SentimentTask.BINARY, 3);
        PropertyException range = assertThrows(PropertyException.class, () -> new SystemSpec("C", cider).withDebiasing(null, 11.0));
        assertTrue(range.getMessage().contains("maxTau must be in [0, 10]"), range.getMessage());
    }
}
