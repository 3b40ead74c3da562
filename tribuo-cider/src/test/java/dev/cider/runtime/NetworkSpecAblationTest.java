package dev.cider.runtime;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.cider.data.DataLayout;
import dev.cider.data.DataSplit;
import dev.cider.data.MultimodalExample;
import dev.cider.data.MultimodalSplits;
import dev.cider.data.SentimentTask;
import dev.cider.data.source.SyntheticPreset;
import dev.cider.data.source.SyntheticSource;
import dev.cider.maci.BiasWords;
import dev.cider.maci.CausalHead;
import dev.cider.maci.ClassPrototypes;
import dev.cider.maci.CounterfactualTextBuilder;
import dev.cider.maci.MaciNetwork;
import dev.cider.maci.PlainHead;
import dev.cider.maci.PrototypeMode;
import dev.cider.nn.CiderNetworkConfig;
import dev.cider.nn.Compression;
import dev.cider.nn.Fusion;
import dev.cider.nn.ParameterTable;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ablation switches of {@link NetworkSpec}: the string-map round trip, older maps, the networks it builds (their
 * parameter counts at the spec's size, shapes, gradients) and counterfactual debiasing with the plain head.
 */
class NetworkSpecAblationTest {

    /** MOSI unaligned with 768-d text features, N = 3, 8 heads (the spec's size check). */
    private static CiderNetworkConfig.Builder mosiUnaligned() {
        return CiderNetworkConfig.builder().textFeatureDim(768).textSteps(50).audio(375, 5).vision(500, 20).layers(3).heads(8);
    }

    private static ClassPrototypes prototypes(int k, int dl, int da, int dv) {
        float[][] text = new float[k][dl];
        float[][] audio = new float[k][da];
        float[][] vision = new float[k][dv];
        double[] priors = new double[k];
        for (int i = 0; i < k; i++) {
            text[i][i] = 1f;
            audio[i][0] = i;
            vision[i][1] = -i;
            priors[i] = 1.0 / k;
        }
        return ClassPrototypes.of(text, audio, vision, priors);
    }

    private static long parameters(NetworkSpec spec) {
        DataLayout layout = new DataLayout(50, 768, 375, 5, 500, 20);
        try (NDManager manager = NDManager.newBaseManager()) {
            MaciNetwork network = spec.build();
            network.initialize(manager, DataType.FLOAT32, NetworkInputs.shapes(spec, layout, prototypes(3, 768, 5, 20), 1));
            return ParameterTable.count(network);
        }
    }

    @Test
    void parameterCountsOfEveryAblationForMosiUnalignedK3N3() {
        TextRepresentation f = TextRepresentation.TOKEN_FEATURES;
        // The spec's total for MOSI unaligned, K = 3, N = 3 (text features of 768).
        long full = parameters(new NetworkSpec(BackboneKind.CIDER, mosiUnaligned().build(), 3, f, 0));
        assertEquals(276_566, full);
        // without WSAM: minus the two WSAM blocks, 2 * 4 (32 * 32 + 32) = 8,448
        assertEquals(276_566 - 8_448, parameters(new NetworkSpec(BackboneKind.CIDER,
                mosiUnaligned().compression(Compression.MEAN_POOL).build(), 3, f, 0)));
        // without MCT: per layer the MCA's 24,000 become 4 (32 * 32 + 32) = 4,224, so 3 * 19,776 = 59,328 fewer
        assertEquals(276_566 - 59_328, parameters(new NetworkSpec(BackboneKind.CIDER,
                mosiUnaligned().fusion(Fusion.VANILLA).build(), 3, f, 0)));
        // without MCM: minus the MACI head (31,808 prototype MLPs + 1,737 classifiers) plus the plain head 96 * 3 + 3
        assertEquals(276_566 - 33_545 + 291, parameters(new NetworkSpec(BackboneKind.CIDER, mosiUnaligned().build(), 3, f, 0, false)));
        // all three together: 276,566 - 8,448 - 59,328 - 33,545 + 291 = 175,536
        assertEquals(175_536, parameters(new NetworkSpec(BackboneKind.CIDER,
                mosiUnaligned().compression(Compression.MEAN_POOL).fusion(Fusion.VANILLA).build(), 3, f, 0, false)));
    }

    @Test
    void mapRoundTripOfEveryCombination() {
        for (Compression c : Compression.values()) {
            for (Fusion fu : Fusion.values()) {
                for (boolean causal : new boolean[]{true, false}) {
                    for (BackboneKind kind : BackboneKind.values()) {
                        NetworkSpec spec = new NetworkSpec(kind, mosiUnaligned().compression(c).fusion(fu).build(), 7,
                                TextRepresentation.TOKEN_IDS, 1000, causal);
                        Map<String, String> map = spec.toMap();
                        assertEquals(c.name(), map.get("compression"));
                        assertEquals(fu.name(), map.get("fusion"));
                        assertEquals(Boolean.toString(causal), map.get("causalModule"));
                        assertEquals(spec, NetworkSpec.fromMap(map));
                    }
                }
            }
        }
    }

    @Test
    void olderMapsReadAsTheFullModelAndBadValuesAreNamed() {
        NetworkSpec full = new NetworkSpec(BackboneKind.CIDER, mosiUnaligned().build(), 3, TextRepresentation.TOKEN_FEATURES, 0);
        assertTrue(full.causalModule());
        assertEquals("full", full.ablations());
        Map<String, String> old = new LinkedHashMap<>(full.toMap());
        old.remove("compression");
        old.remove("fusion");
        old.remove("causalModule");
        assertEquals(full, NetworkSpec.fromMap(old));

        Map<String, String> bad = new LinkedHashMap<>(full.toMap());
        bad.put("fusion", "TRANSFORMER");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NetworkSpec.fromMap(bad));
        assertTrue(e.getMessage().contains("'fusion'") && e.getMessage().contains("VANILLA"), e.getMessage());
        Map<String, String> badBool = new LinkedHashMap<>(full.toMap());
        badBool.put("causalModule", "no");
        assertThrows(IllegalArgumentException.class, () -> NetworkSpec.fromMap(badBool));

        NetworkSpec all = new NetworkSpec(BackboneKind.CIDER, mosiUnaligned().compression(Compression.MEAN_POOL)
                .fusion(Fusion.VANILLA).build(), 3, TextRepresentation.TOKEN_FEATURES, 0, false);
        assertEquals("without WSAM (mean pool), without MCT (vanilla transformer), without MCM (plain head)", all.ablations());
    }

    @Test
    void plainHeadNetworkTrainsEveryParameterAndDebiasesWithTheCounterfactualText() {
        SyntheticSource source = SyntheticSource.builder(SyntheticPreset.MOSI_ALIGNED).task(SentimentTask.BINARY).seed(5)
                .sizes(30, 6, 6).build();
        MultimodalSplits splits = MultimodalSplits.load(source);
        List<MultimodalExample> train = splits.examples(DataSplit.TRAIN);
        DataLayout layout = splits.layout();
        int vocabulary = 30522;
        CiderNetworkConfig config = CiderNetworkConfig.builder().layout(layout).textFeatureDim(16).hiddenDim(16).layers(1).heads(2)
                .compression(Compression.MEAN_POOL).fusion(Fusion.VANILLA).build();
        NetworkSpec spec = new NetworkSpec(BackboneKind.CIDER, config, 3, TextRepresentation.TOKEN_IDS, vocabulary, false);
        ClassPrototypes prototypes = ClassPrototypes.fromExamples(train, SentimentTask.BINARY, ex -> {
            float[] bag = new float[vocabulary];
            for (int t = 0; t < ex.getText().length(); t++) {
                bag[ex.getText().tokenId(t)] += 1f / ex.getText().length();
            }
            return bag;
        });
        try (NDManager manager = NDManager.newBaseManager()) {
            MaciNetwork network = spec.build();
            assertTrue(network.head() instanceof PlainHead);
            network.initialize(manager, DataType.FLOAT32, NetworkInputs.shapes(spec, layout, prototypes, 1));
            BatchAssembler assembler = new BatchAssembler(layout, TextRepresentation.TOKEN_IDS);
            NDList in = assembler.assemble(manager, train.subList(0, 8));
            in.addAll(prototypes.toNDList(manager, PrototypeMode.TRAINING));
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDList out = network.forward(new ParameterStore(manager, false), in, true);
                assertEquals(new Shape(8, 3), out.get(MaciNetwork.LOG_PROBABILITIES).getShape());
                NDArray loss = out.get(MaciNetwork.LOG_PROBABILITIES).get(":, 0").mean().neg();
                for (int i = MaciNetwork.BACKBONE; i < out.size(); i++) {
                    loss = loss.add(out.get(i).pow(2).mean());
                }
                gc.backward(loss);
            }
            for (var p : network.getParameters()) {
                NDArray g = p.getValue().getArray().getGradient();
                if (p.getKey().contains("Pooling") && p.getKey().endsWith("score_bias")) {
                    // The pooling scorer's bias shifts every step's score equally before a softmax over time:
                    // its gradient is zero in exact arithmetic.
                    assertTrue(g.abs().max().getFloat() < 1e-4f, "shift-invariant " + p.getKey() + " has a negligible gradient");
                    continue;
                }
                assertTrue(g.abs().max().getFloat() > 0, "parameter " + p.getKey() + " gets a gradient");
            }

            BiasWords bias = new CounterfactualTextBuilder(SentimentTask.BINARY).build(train);
            assertTrue(bias.count() > 0, "the synthetic data have bias words");
            CiderInference inference = new CiderInference(network, assembler, prototypes.toNDList(manager, PrototypeMode.TEST), bias, null, 4);
            List<MultimodalExample> test = splits.examples(DataSplit.TEST);
            double[][] logP = inference.logProbabilities(test);
            double[][] logPcf = inference.counterfactualLogProbabilities(test);
            double[][] debiased = inference.debiasedScores(test, 1.5);
            boolean differs = false;
            for (int i = 0; i < test.size(); i++) {
                double sum = 0;
                for (int c = 0; c < 3; c++) {
                    sum += Math.exp(logP[i][c]);
                    assertEquals(logP[i][c] - 1.5 * logPcf[i][c], debiased[i][c], 1e-9);
                    differs |= Math.abs(logP[i][c] - logPcf[i][c]) > 1e-6;
                }
                assertEquals(1.0, sum, 1e-5, "the plain head outputs log-probabilities");
            }
            assertTrue(differs, "the counterfactual text changes the plain head's output");
        }
    }

    @Test
    void causalModuleDefaultsToTheCausalHead() {
        NetworkSpec spec = new NetworkSpec(BackboneKind.LATE_FUSION, mosiUnaligned().build(), 3, TextRepresentation.TOKEN_FEATURES, 0);
        assertTrue(spec.build().head() instanceof CausalHead);
        assertTrue(new NetworkSpec(BackboneKind.LATE_FUSION, mosiUnaligned().build(), 3, TextRepresentation.TOKEN_FEATURES, 0, false)
                .build().head() instanceof PlainHead);
    }
}
