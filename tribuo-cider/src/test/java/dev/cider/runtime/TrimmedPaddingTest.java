package dev.cider.runtime;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.cider.data.DataLayout;
import dev.cider.data.DataSplit;
import dev.cider.data.MultimodalExample;
import dev.cider.data.SentimentTask;
import dev.cider.data.source.SyntheticPreset;
import dev.cider.data.source.SyntheticSource;
import dev.cider.maci.BiasWords;
import dev.cider.maci.ClassPrototypes;
import dev.cider.maci.MaciNetwork;
import dev.cider.maci.PrototypeMode;
import dev.cider.missing.KeepMask;
import dev.cider.nn.CiderNetworkConfig;
import dev.cider.nn.Compression;
import dev.cider.nn.Fusion;
import dev.cider.nn.MultimodalBackbone;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Prediction on batches without their trailing padding ({@link MultimodalBackbone#acceptsTrimmedPadding()}): the
 * same log-probabilities as the fully padded batches, for every backbone variant that accepts them, on utterances
 * of different lengths, alone and in batches, complete and corrupted; refused where the result would change.
 */
class TrimmedPaddingTest {

    private static final int CLASSES = 3;

    private static List<MultimodalExample> corpus(SyntheticPreset preset, int n, long seed) {
        return SyntheticSource.builder(preset).split(DataSplit.TRAIN).task(SentimentTask.BINARY).seed(seed).sizes(n, 2, 2)
                .build().examples();
    }

    // Random prototypes; the text prototypes are token-count vectors over the vocabulary in token-id mode.
    private static ClassPrototypes prototypes(NetworkSpec spec, DataLayout layout) {
        int textDim = spec.text().usesTokenIds() ? spec.vocabularySize() : spec.config().textFeatureDim();
        SplittableRandom rng = new SplittableRandom(5);
        float[][] text = new float[CLASSES][textDim];
        float[][] audio = new float[CLASSES][layout.audioDim()];
        float[][] vision = new float[CLASSES][layout.visionDim()];
        for (float[][] m : List.of(text, audio, vision)) {
            for (float[] row : m) {
                for (int i = 0; i < row.length; i++) {
                    row[i] = (float) rng.nextGaussian();
                }
            }
        }
        return ClassPrototypes.of(text, audio, vision, new double[]{0.3, 0.3, 0.4});
    }

    private static CiderNetworkConfig.Builder tiny(DataLayout layout) {
        return CiderNetworkConfig.builder().layout(layout).textFeatureDim(8).hiddenDim(8).layers(2).heads(2)
                .blockwiseAttention(true);
    }

    // A tiny CIDer network reading 8-d token features.
    private static NetworkSpec withTokenFeatures(CiderNetworkConfig.Builder config) {
        return new NetworkSpec(BackboneKind.CIDER, config.build(), CLASSES, TextRepresentation.TOKEN_FEATURES, 0);
    }

    // Every example alone, the batch, and the batch corrupted by random keep masks: the trimmed prediction of
    // CiderInference against the network's forward pass on the fully padded batch.
    private static void checkSamePredictions(List<MultimodalExample> examples, NetworkSpec spec, boolean trimmed) {
        DataLayout layout = DataLayout.of(examples.get(0));
        ClassPrototypes prototypes = prototypes(spec, layout);
        List<MultimodalExample> corrupted = corrupt(examples, new SplittableRandom(11));
        try (NDManager manager = NDManager.newBaseManager()) {
            MaciNetwork network = spec.build();
            network.initialize(manager, DataType.FLOAT32, NetworkInputs.shapes(spec, layout, prototypes, 1));
            assertEquals(trimmed, network.backbone().acceptsTrimmedPadding(), spec.config().toString());
            NDList test = prototypes.toNDList(manager, PrototypeMode.TEST);
            BatchAssembler full = new BatchAssembler(layout, spec.text());
            CiderInference inference = new CiderInference(network, full, test, new BiasWords(new int[]{1}, 0.1, 10), null, 4);
            List<List<MultimodalExample>> batches = new ArrayList<>();
            batches.add(examples);
            batches.add(corrupted);
            for (MultimodalExample ex : examples) {
                batches.add(List.of(ex));
            }
            for (List<MultimodalExample> batch : batches) {
                double[][] predicted = inference.logProbabilities(batch);
                for (int start = 0; start < batch.size(); start += 4) {
                    List<MultimodalExample> part = batch.subList(start, Math.min(batch.size(), start + 4));
                    float[] padded = paddedLogProbabilities(manager, network, full, part, test);
                    for (int i = 0; i < part.size(); i++) {
                        for (int c = 0; c < CLASSES; c++) {
                            assertEquals(padded[i * CLASSES + c], predicted[start + i][c], 2e-5,
                                    "utterance '" + part.get(i).getId() + "' class " + c);
                        }
                    }
                }
            }
        }
    }

    private static float[] paddedLogProbabilities(NDManager manager, MaciNetwork network, BatchAssembler full,
                                                  List<MultimodalExample> batch, NDList test) {
        try (NDManager sub = manager.newSubManager()) {
            NDList in = full.assemble(sub, batch);
            in.addAll(test);
            return network.forward(new ParameterStore(sub, false), in, false).get(MaciNetwork.LOG_PROBABILITIES).toFloatArray();
        }
    }

    private static List<MultimodalExample> corrupt(List<MultimodalExample> examples, SplittableRandom rng) {
        List<MultimodalExample> out = new ArrayList<>();
        for (MultimodalExample ex : examples) {
            out.add(KeepMask.of(ex, keep(ex.getText().steps(), rng), keep(ex.getAudio().steps(), rng),
                    keep(ex.getVision().steps(), rng)).apply(ex));
        }
        return out;
    }

    private static boolean[] keep(int steps, SplittableRandom rng) {
        boolean[] keep = new boolean[steps];
        for (int t = 0; t < steps; t++) {
            keep[t] = rng.nextDouble() < 0.6;
        }
        return keep;
    }

    private static List<MultimodalExample> withFeatures(List<MultimodalExample> examples) {
        return RuntimeFixtures.withTokenFeatures(examples, 8, 3);
    }

    @Test
    void unalignedTokenFeatures() {
        List<MultimodalExample> examples = withFeatures(corpus(SyntheticPreset.MOSI_UNALIGNED, 6, 21));
        DataLayout layout = DataLayout.of(examples.get(0));
        checkSamePredictions(examples, withTokenFeatures(tiny(layout)), true);
    }

    @Test
    void unalignedReferenceAttentionAndVanillaTransformer() {
        List<MultimodalExample> examples = withFeatures(corpus(SyntheticPreset.MOSI_UNALIGNED, 5, 22));
        DataLayout layout = DataLayout.of(examples.get(0));
        checkSamePredictions(examples, withTokenFeatures(tiny(layout).blockwiseAttention(false)), true);
        checkSamePredictions(examples, withTokenFeatures(tiny(layout).fusion(Fusion.VANILLA)), true);
    }

    @Test
    void alignedTokenIds() {
        List<MultimodalExample> examples = corpus(SyntheticPreset.MOSI_ALIGNED, 6, 23);
        DataLayout layout = DataLayout.of(examples.get(0));
        assertTrue(layout.aligned());
        checkSamePredictions(examples, new NetworkSpec(BackboneKind.CIDER, tiny(layout).build(), CLASSES,
                TextRepresentation.TOKEN_IDS, 30522), true);
    }

    @Test
    void refusedWhereThePaddedLengthsMatter() {
        List<MultimodalExample> examples = withFeatures(corpus(SyntheticPreset.MOSI_UNALIGNED, 3, 24));
        DataLayout layout = DataLayout.of(examples.get(0));
        // Mean-pool windows are T_a / T_l frames wide; positions over the concatenation start audio at T_l.
        checkSamePredictions(examples, withTokenFeatures(tiny(layout).compression(Compression.MEAN_POOL)), false);
        checkSamePredictions(examples, withTokenFeatures(tiny(layout).segmentPositions(false)), false);
    }

    @Test
    void trimmedBatchesOnlyInJointOnlyPredictionAndAlignedStaysAligned() {
        List<MultimodalExample> examples = corpus(SyntheticPreset.MOSI_ALIGNED, 2, 25);
        DataLayout layout = DataLayout.of(examples.get(0));
        NetworkSpec spec = new NetworkSpec(BackboneKind.CIDER, tiny(layout).build(), CLASSES, TextRepresentation.TOKEN_IDS, 30522);
        ClassPrototypes prototypes = prototypes(spec, layout);
        try (NDManager manager = NDManager.newBaseManager()) {
            MaciNetwork network = spec.build();
            network.initialize(manager, DataType.FLOAT32, NetworkInputs.shapes(spec, layout, prototypes, 1));
            NDList in = new BatchAssembler(layout, TextRepresentation.TOKEN_IDS).trimmingPadding().assemble(manager, examples);
            long steps = in.get(BatchAssembler.TEXT).getShape().get(1);
            assertTrue(steps < layout.textSteps(), "the batch is trimmed");
            in.addAll(prototypes.toNDList(manager, PrototypeMode.TEST));
            ParameterStore ps = new ParameterStore(manager, false);
            IllegalArgumentException full = assertThrows(IllegalArgumentException.class, () -> network.forward(ps, in, false));
            assertTrue(full.getMessage().contains("(text)"), full.getMessage());
            PairList<String, Object> jointOnly = new PairList<>();
            jointOnly.add(MultimodalBackbone.JOINT_ONLY, Boolean.TRUE);
            assertEquals(2, network.forward(ps, in, false, jointOnly).get(MaciNetwork.LOG_PROBABILITIES).getShape().get(0));
            // Aligned modalities of different lengths are refused, naming the lengths.
            NDList uneven = new NDList(in);
            uneven.set(BatchAssembler.AUDIO, in.get(BatchAssembler.AUDIO).get(":, 0:" + (steps - 1) + ", :"));
            uneven.set(BatchAssembler.AUDIO_MASK, in.get(BatchAssembler.AUDIO_MASK).get(":, 0:" + (steps - 1)));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> network.forward(ps, uneven, false, jointOnly));
            assertTrue(e.getMessage().contains("aligned") && e.getMessage().contains("audio " + (steps - 1)), e.getMessage());
        }
    }
}
