package dev.cider.train;

import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import dev.cider.data.DataSplit;
import dev.cider.data.MultimodalExample;
import dev.cider.data.MultimodalSplits;
import dev.cider.data.SentimentTask;
import dev.cider.data.source.SyntheticPreset;
import dev.cider.data.source.SyntheticSource;
import dev.cider.model.CiderModel;
import dev.cider.nn.Compression;
import dev.cider.nn.Fusion;
import dev.cider.runtime.NetworkSpec;
import dev.cider.runtime.TextRepresentation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.test.Helpers;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each architecture ablation (without WSAM, without MCT, without MCM) trains end to end with {@link CiderTrainer} on
 * tiny unaligned data, records itself in the model and its provenance, and survives a save/load round trip with
 * identical predictions.
 */
class CiderTrainerAblationTest {

    private static MultimodalSplits splits;

    @BeforeAll
    static void data() {
        splits = MultimodalSplits.load(SyntheticSource.builder(SyntheticPreset.MOSI_UNALIGNED).task(SentimentTask.BINARY).seed(8)
                .sizes(40, 20, 10).build());
    }

    private static CiderTrainer trainer(Compression compression, Fusion fusion, boolean causalModule) {
        return CiderTrainer.builder(SentimentTask.BINARY, 4).schedule(1, 16, 1)
                .textRepresentation(TextRepresentation.TOKEN_IDS).showProgress(false)
                .architecture(CiderArchitecture.builder().size(16, 1, 2).tokenEmbedding(16, 30522).compression(compression).fusion(fusion).causalModule(causalModule).build()).build();
    }

    private static void trainsAndRoundTrips(Compression compression, Fusion fusion, boolean causalModule, Path dir) throws IOException {
        CiderTrainer trainer = trainer(compression, fusion, causalModule);
        List<MultimodalExample> test = splits.examples(DataSplit.TEST);
        try (CiderModel model = trainer.train(splits)) {
            NetworkSpec spec = model.getNetworkSpec();
            assertEquals(compression, spec.config().compression());
            assertEquals(fusion, spec.config().fusion());
            assertEquals(causalModule, spec.causalModule());

            Map<String, Provenance> configured = architectureOf(model.getProvenance().getTrainerProvenance().getConfiguredParameters());
            assertEquals(compression.name(), configured.get("compression").toString());
            assertEquals(fusion.name(), configured.get("fusion").toString());
            assertEquals(Boolean.toString(causalModule), configured.get("causalModule").toString());

            Path file = dir.resolve("model.tribuo");
            model.serializeToFile(file);
            try (CiderModel loaded = CiderModel.load(file)) {
                assertEquals(spec, loaded.getNetworkSpec());
                for (boolean debiased : new boolean[]{true, false}) {
                    List<Prediction<Label>> a = model.predict(test, debiased);
                    List<Prediction<Label>> b = loaded.predict(test, debiased);
                    for (int i = 0; i < a.size(); i++) {
                        double sum = 0;
                        for (Map.Entry<String, Label> e : a.get(i).getOutputScores().entrySet()) {
                            assertEquals(e.getValue().getScore(), b.get(i).getOutputScores().get(e.getKey()).getScore(), 0.0);
                            sum += e.getValue().getScore();
                        }
                        assertEquals(1.0, sum, 1e-6);
                    }
                }
                assertEquals(model.getTau(), loaded.getTau());
            }
        }
        Helpers.testConfigurableRoundtrip(trainer);
    }

    @Test
    void withoutWsam(@TempDir Path dir) throws IOException {
        trainsAndRoundTrips(Compression.MEAN_POOL, Fusion.MCT, true, dir);
    }

    @Test
    void withoutMct(@TempDir Path dir) throws IOException {
        trainsAndRoundTrips(Compression.WSAM, Fusion.VANILLA, true, dir);
    }

    @Test
    void withoutMcm(@TempDir Path dir) throws IOException {
        trainsAndRoundTrips(Compression.WSAM, Fusion.MCT, false, dir);
    }

    @Test
    void defaultsAreTheFullModelAndTheSwitchesShowInTheDescription() {
        CiderTrainer full = new CiderTrainer(SentimentTask.BINARY, 1);
        String s = full.toString();
        assertTrue(s.contains("compression=WSAM") && s.contains("fusion=MCT") && s.contains("causalModule=true"), s);
        String ablated = trainer(Compression.MEAN_POOL, Fusion.VANILLA, false).toString();
        assertTrue(ablated.contains("compression=MEAN_POOL") && ablated.contains("fusion=VANILLA") && ablated.contains("causalModule=false"), ablated);
        assertFalse(architectureOf(full.getProvenance().getConfiguredParameters()).get("causalModule").toString().equals("false"));
    }

    private static Map<String, Provenance> architectureOf(Map<String, Provenance> trainerParameters) {
        return ((com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance) trainerParameters.get("architecture"))
                .getConfiguredParameters();
    }
}
