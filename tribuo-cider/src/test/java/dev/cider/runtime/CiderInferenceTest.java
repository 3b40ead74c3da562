package dev.cider.runtime;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.cider.data.DataLayout;
import dev.cider.data.MultimodalExample;
import dev.cider.data.SentimentTask;
import dev.cider.data.SpecialTokens;
import dev.cider.data.TextInput;
import dev.cider.maci.BiasWords;
import dev.cider.maci.ClassPrototypes;
import dev.cider.maci.MaciNetwork;
import dev.cider.maci.PrototypeMode;
import dev.cider.nn.CiderNetworkConfig;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class CiderInferenceTest {

    private static final double TAU = 0.7;

    // The counterfactual examples as the model would build them one by one: bias words kept, other tokens [MASK],
    // the masked positions' token features zeroed.
    private static List<MultimodalExample> counterfactualExamples(List<MultimodalExample> examples, BiasWords bias) {
        List<MultimodalExample> out = new ArrayList<>();
        for (MultimodalExample ex : examples) {
            SpecialTokens special = ex.getSpecialTokens();
            TextInput masked = bias.counterfactual(ex.getText(), special);
            boolean[] keep = new boolean[masked.steps()];
            for (int t = 0; t < keep.length; t++) {
                keep[t] = masked.tokenId(t) != special.mask();
            }
            out.add(ex.withText(ex.getText().withDroppedTokens(keep, special)));
        }
        return out;
    }

    /**
     * Synthetic examples with 8-d token features and a small CIDer network over them (hidden size 8, two heads,
     * blockwise MCA).
     */
    private record Tiny(List<MultimodalExample> examples, DataLayout layout, NetworkSpec spec, ClassPrototypes prototypes) {
        static Tiny of(int examples, int layers) {
            List<MultimodalExample> list = RuntimeFixtures.examples(examples, 8, 9);
            DataLayout layout = DataLayout.of(list.get(0));
            CiderNetworkConfig config = CiderNetworkConfig.builder().layout(layout).textFeatureDim(8).hiddenDim(8).layers(layers).heads(2)
                    .blockwiseAttention(true).build();
            return new Tiny(list, layout, new NetworkSpec(BackboneKind.CIDER, config, 3, TextRepresentation.TOKEN_FEATURES, 30522),
                    ClassPrototypes.fromExamples(list, SentimentTask.BINARY));
        }

        MaciNetwork initialised(NDManager manager) {
            MaciNetwork built = spec.build();
            built.initialize(manager, DataType.FLOAT32, NetworkInputs.shapes(spec, layout, prototypes, 1));
            return built;
        }
    }

    @Test
    void batchedCounterfactualPassEqualsSeparatePasses() {
        Tiny tiny = Tiny.of(6, 1);
        List<MultimodalExample> examples = tiny.examples();
        DataLayout layout = tiny.layout();
        ClassPrototypes prototypes = tiny.prototypes();
        int biasId = examples.get(0).getText().tokenId(1);
        BiasWords bias = new BiasWords(new int[] {biasId}, 0.1, 10);
        try (NDManager manager = NDManager.newBaseManager()) {
            MaciNetwork network = tiny.initialised(manager);
            NDList test = prototypes.toNDList(manager, PrototypeMode.TEST);
            BatchAssembler assembler = new BatchAssembler(layout, TextRepresentation.TOKEN_FEATURES);
            // Batch size 4: two examples share one pass with their counterfactuals, six take separate passes.
            CiderInference inference = new CiderInference(network, assembler, test, bias, null, 4);
            List<MultimodalExample> cfExamples = counterfactualExamples(examples, bias);
            double[][] logP = inference.logProbabilities(examples);
            double[][] cf = inference.counterfactualLogProbabilities(examples);
            double[][] cfBuilt = inference.logProbabilities(cfExamples);
            for (int i = 0; i < examples.size(); i++) {
                assertArrayEquals(cfBuilt[i], cf[i], 1e-6, "counterfactual of example " + i);
            }
            assertFalse(java.util.Arrays.equals(logP[0], cf[0]), "the counterfactual text changes the prediction");
            for (List<MultimodalExample> part : List.of(examples.subList(0, 2), examples.subList(0, 1), examples)) {
                double[][] debiased = inference.debiasedScores(part, TAU);
                assertEquals(part.size(), debiased.length);
                for (int i = 0; i < part.size(); i++) {
                    for (int c = 0; c < 3; c++) {
                        assertEquals(logP[i][c] - TAU * cf[i][c], debiased[i][c], 1e-5, "example " + i + " class " + c);
                    }
                }
            }
            assertArrayEquals(logP[0], inference.debiasedScores(examples.subList(0, 1), 0.0)[0], 1e-5);
            // Small batches run on one intra-op thread; the setting is restored afterwards.
            int threads = ai.djl.pytorch.jni.JniUtils.getNumThreads();
            inference.debiasedScores(examples.subList(0, 1), TAU);
            assertEquals(threads, ai.djl.pytorch.jni.JniUtils.getNumThreads());
        }
    }

    @Test
    void jointOnlyForwardGivesTheSameProbabilitiesWithoutTheOtherOutputs() {
        Tiny tiny = Tiny.of(3, 2);
        try (NDManager manager = NDManager.newBaseManager()) {
            MaciNetwork network = tiny.initialised(manager);
            NDList in = new BatchAssembler(tiny.layout(), TextRepresentation.TOKEN_FEATURES).assemble(manager, tiny.examples());
            in.addAll(tiny.prototypes().toNDList(manager, PrototypeMode.TEST));
            ai.djl.training.ParameterStore ps = new ai.djl.training.ParameterStore(manager, false);
            NDList full = network.forward(ps, in, false);
            ai.djl.util.PairList<String, Object> params = new ai.djl.util.PairList<>();
            params.add(dev.cider.nn.MultimodalBackbone.JOINT_ONLY, Boolean.TRUE);
            NDList jointOnly = network.forward(ps, in, false, params);
            assertEquals(full.size(), jointOnly.size());
            assertArrayEquals(full.get(MaciNetwork.LOG_PROBABILITIES).toFloatArray(),
                    jointOnly.get(MaciNetwork.LOG_PROBABILITIES).toFloatArray(), 1e-6f);
            assertArrayEquals(full.get(MaciNetwork.BACKBONE).toFloatArray(), jointOnly.get(MaciNetwork.BACKBONE).toFloatArray(), 1e-6f);
            for (int i = MaciNetwork.BACKBONE + 1; i < full.size(); i++) {
                assertFalse(full.get(i).isEmpty(), "output " + i + " of the full pass");
                assertEquals(0, jointOnly.get(i).size(), "output " + i + " of the joint-only pass");
            }
        }
    }

    // The arrays attached to a manager (DJL keeps them in BaseNDManager.resources).
    private static int attached(NDManager manager) throws ReflectiveOperationException {
        java.lang.reflect.Field field = ai.djl.ndarray.BaseNDManager.class.getDeclaredField("resources");
        field.setAccessible(true);
        return ((java.util.Map<?, ?>) field.get(manager)).size();
    }

    @Test
    void predictionsLeaveNoArraysWithTheParameters() throws ReflectiveOperationException {
        Tiny tiny = Tiny.of(4, 2);
        List<MultimodalExample> examples = tiny.examples();
        try (NDManager manager = NDManager.newBaseManager()) {
            CiderInference inference = new CiderInference(tiny.initialised(manager),
                    new BatchAssembler(tiny.layout(), TextRepresentation.TOKEN_FEATURES), tiny.prototypes().toNDList(manager, PrototypeMode.TEST),
                    new BiasWords(new int[] {examples.get(0).getText().tokenId(1)}, 0.1, 10), null, 4);
            inference.debiasedScores(examples, TAU);
            int before = attached(manager);
            for (int i = 0; i < 5; i++) {
                inference.debiasedScores(examples.subList(0, 1), TAU);
                inference.debiasedScores(examples, TAU);
            }
            assertEquals(before, attached(manager), "arrays left with the network's manager after predictions");
        }
    }
}
