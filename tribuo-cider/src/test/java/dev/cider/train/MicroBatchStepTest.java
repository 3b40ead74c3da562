package dev.cider.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.cider.data.DataLayout;
import dev.cider.data.DataSplit;
import dev.cider.data.MultimodalExample;
import dev.cider.data.SentimentTask;
import dev.cider.data.TextInput;
import dev.cider.data.source.SyntheticPreset;
import dev.cider.data.source.SyntheticSource;
import dev.cider.maci.ClassPrototypes;
import dev.cider.maci.MaciNetwork;
import dev.cider.maci.PrototypeMode;
import dev.cider.missing.Rmfm;
import dev.cider.missing.TrainingRateMode;
import dev.cider.nn.CiderNetworkConfig;
import dev.cider.runtime.BackboneKind;
import dev.cider.runtime.BatchAssembler;
import dev.cider.runtime.NetworkInputs;
import dev.cider.runtime.NetworkSpec;
import dev.cider.runtime.TextRepresentation;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Micro-batches in {@link TwoStageStep}: without dropout, a step over micro-batches reports the whole batch's losses
 * and leaves the weights where a whole-batch step does.
 */
class MicroBatchStepTest {

    private static final int VOCABULARY = 30522;

    private static float[] bagOfWords(TextInput text) {
        float[] bag = new float[VOCABULARY];
        for (int t = 0; t < text.length(); t++) {
            bag[text.tokenId(t)] += 1f / text.length();
        }
        return bag;
    }

    // Two steps on two batches with the given micro-batch size; returns the losses and the final weights.
    private static List<Object> train(int microBatchSize, List<MultimodalExample> examples, NetworkSpec spec, ClassPrototypes prototypes) {
        DataLayout layout = DataLayout.of(examples.get(0));
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(17);
            MaciNetwork network = spec.build();
            network.initialize(manager, DataType.FLOAT32, NetworkInputs.shapes(spec, layout, prototypes, 1));
            NDList train = prototypes.toNDList(manager, PrototypeMode.TRAINING);
            // A large epsilon makes Adam's first updates nearly linear in the gradients, so float rounding in the
            // gradients stays float rounding in the weights.
            CheckpointableAdam adam = new CheckpointableAdam(0.5f, 0.9f, 0.999f, 10f);
            TwoStageStep step = new TwoStageStep(network, adam, new BatchAssembler(layout, TextRepresentation.TOKEN_IDS), new Rmfm(),
                    TrainingRateMode.PER_EXAMPLE, new LossWeights(true, 0.6, 0.1, 0.5), false, microBatchSize);
            SplittableRandom rng = new SplittableRandom(3);
            List<Object> out = new ArrayList<>();
            out.add(network.getParameters().get(0).getValue().getArray().toFloatArray());
            for (List<MultimodalExample> batch : List.of(examples.subList(0, 8), examples.subList(8, 14))) {
                int[] labels = batch.stream().mapToInt(ex -> SentimentTask.BINARY.indexOf(ex.getOutput())).toArray();
                try (NDManager sub = manager.newSubManager()) {
                    out.add(step.run(sub, batch, labels, train, rng.split()));
                }
            }
            for (Pair<String, Parameter> p : network.getParameters()) {
                out.add(p.getValue().getArray().toFloatArray());
            }
            return out;
        }
    }

    @Test
    void microBatchesGiveTheWholeBatchUpdate() {
        List<MultimodalExample> examples = SyntheticSource.builder(SyntheticPreset.MOSI_UNALIGNED).split(DataSplit.TRAIN)
                .task(SentimentTask.BINARY).seed(31).sizes(14, 2, 2).build().examples();
        CiderNetworkConfig config = CiderNetworkConfig.builder().layout(DataLayout.of(examples.get(0))).textFeatureDim(8).hiddenDim(8)
                .layers(2).heads(2).blockwiseAttention(true).attentionDropout(0f).embeddingDropout(0f).outputDropout(0f)
                .residualDropout(0f).feedForwardDropout(0f).build();
        NetworkSpec spec = new NetworkSpec(BackboneKind.CIDER, config, SentimentTask.BINARY.numClasses(), TextRepresentation.TOKEN_IDS, VOCABULARY);
        ClassPrototypes prototypes = ClassPrototypes.fromExamples(examples, SentimentTask.BINARY, ex -> bagOfWords(ex.getText()));
        List<Object> whole = train(0, examples, spec, prototypes);
        // 8 = 3 + 3 + 2 and 6 = 3 + 3: uneven micro-batches too.
        List<Object> micro = train(3, examples, spec, prototypes);
        assertEquals(whole.size(), micro.size());
        for (int b = 0; b < 2; b++) {
            StepLosses w = (StepLosses) whole.get(b + 1);
            StepLosses m = (StepLosses) micro.get(b + 1);
            assertTrue(w.reconstruction() > 0 && w.attention() > 0, "the batch exercises every loss term: " + w);
            double[] want = {w.complete(), w.incomplete(), w.reconstruction(), w.attention(), w.joint()};
            double[] got = {m.complete(), m.incomplete(), m.reconstruction(), m.attention(), m.joint()};
            for (int i = 0; i < want.length; i++) {
                assertEquals(want[i], got[i], 1e-5 * Math.max(1, Math.abs(want[i])), "batch " + b + " loss term " + i);
            }
        }
        float[] initial = (float[]) whole.get(0);
        float[] trainedFirst = (float[]) whole.get(3);
        double moved = 0;
        for (int j = 0; j < initial.length; j++) {
            moved = Math.max(moved, Math.abs(trainedFirst[j] - initial[j]));
        }
        assertTrue(moved > 1e-3, "the steps move the weights (largest change " + moved + ")");
        for (int i = 3; i < whole.size(); i++) {
            float[] w = (float[]) whole.get(i);
            float[] m = (float[]) micro.get(i);
            for (int j = 0; j < w.length; j++) {
                assertEquals(w[j], m[j], 2e-5, "parameter " + (i - 3) + " value " + j);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> new TwoStageStep(null, null, null, null, null, null, false, -1));
    }
}
