package dev.cider.nn;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CiderBackboneTest {

    private static final int[] TEXT_LENGTHS = {6, 4, 2};
    private static final int[] AUDIO_LENGTHS = {9, 5, 1};
    private static final int[] VISION_LENGTHS = {7, 3, 2};

    private static CiderBackbone initialized(NDManager manager, CiderNetworkConfig config) {
        CiderBackbone backbone = new CiderBackbone(config);
        backbone.initialize(manager, DataType.FLOAT32, backbone.inputShapes(TEXT_LENGTHS.length));
        return backbone;
    }

    private static NDList inputs(NDManager manager, CiderNetworkConfig c, long seed) {
        return c.aligned() ? NnFixtures.inputs(manager, c, seed, TEXT_LENGTHS, TEXT_LENGTHS, TEXT_LENGTHS)
                : NnFixtures.inputs(manager, c, seed, TEXT_LENGTHS, AUDIO_LENGTHS, VISION_LENGTHS);
    }

    @Test
    void outputShapesAndFiniteValues() {
        for (boolean aligned : new boolean[]{false, true}) {
            for (boolean blockwise : new boolean[]{false, true}) {
                CiderNetworkConfig c = NnFixtures.small(aligned).blockwiseAttention(blockwise).build();
                try (NDManager manager = NDManager.newBaseManager()) {
                    CiderBackbone backbone = initialized(manager, c);
                    NDList out = backbone.forward(new ParameterStore(manager, false), inputs(manager, c, 1), false);
                    Shape[] expected = backbone.getOutputShapes(backbone.inputShapes(3));
                    assertEquals(5, out.size());
                    assertEquals(new Shape(3, 3 * c.hiddenDim()), out.get(MultimodalBackbone.JOINT).getShape());
                    assertEquals(new Shape(3, 4, 18, 18), out.get(CiderBackbone.SCORES).getShape());
                    assertEquals(new Shape(3, c.audioSteps(), c.audioDim()), out.get(CiderBackbone.AUDIO_RECONSTRUCTION).getShape());
                    for (int i = 0; i < out.size(); i++) {
                        assertEquals(expected[i], out.get(i).getShape(), "output " + i);
                        assertTrue(NnFixtures.finite(out.get(i)), "output " + i + " is finite (aligned=" + aligned + ")");
                    }
                    assertEquals(c.jointDim(), backbone.jointDim());
                }
            }
        }
    }

    @Test
    void gradientsReachEveryParameter() {
        CiderNetworkConfig c = NnFixtures.small(false).attentionDropout(0.1f).build();
        try (NDManager manager = NDManager.newBaseManager()) {
            CiderBackbone backbone = initialized(manager, c);
            NDList in = inputs(manager, c, 2);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDList out = backbone.forward(new ParameterStore(manager, false), in, true);
                NDArray loss = manager.create(0f);
                for (NDArray o : out) {
                    loss = loss.add(o.pow(2).mean());
                }
                gc.backward(loss);
            }
            NnFixtures.assertEveryParameterHasGradient(backbone);
        }
    }

    @Test
    void alignedDataBypassWsam() {
        CiderNetworkConfig c = NnFixtures.small(true).build();
        try (NDManager manager = NDManager.newBaseManager()) {
            CiderBackbone backbone = initialized(manager, c);
            ParameterStore ps = new ParameterStore(manager, false);
            NDList in = inputs(manager, c, 4);
            float[] before = backbone.forward(ps, in, false).head().toFloatArray();
            for (Pair<String, Parameter> p : backbone.getParameters()) {
                if (p.getKey().contains("Wsam")) {
                    p.getValue().getArray().muli(3f);
                }
            }
            assertArrayEquals(before, backbone.forward(ps, in, false).head().toFloatArray(), 0f);
        }
    }

    @Test
    void paddedFramesDoNotChangeTheOutput() {
        CiderNetworkConfig c = NnFixtures.small(false).build();
        try (NDManager manager = NDManager.newBaseManager()) {
            CiderBackbone backbone = initialized(manager, c);
            ParameterStore ps = new ParameterStore(manager, false);
            NDList in = inputs(manager, c, 5);
            NDList out = backbone.forward(ps, in, false);
            NDList changed = new NDList(in.get(0), in.get(1), noisePadding(manager, in.get(2), in.get(3)), in.get(3),
                    noisePadding(manager, in.get(4), in.get(5)), in.get(5));
            NDList out2 = backbone.forward(ps, changed, false);
            for (int i = 0; i < out.size(); i++) {
                assertArrayEquals(out.get(i).toFloatArray(), out2.get(i).toFloatArray(), 0f, "output " + i);
            }
            // A valid audio frame of the first sample does change the joint representation.
            NDArray moved = in.get(2).add(NnFixtures.mask(manager, c.audioSteps(), 2, 0, 0).expandDims(2));
            NDList out3 = backbone.forward(ps, new NDList(in.get(0), in.get(1), moved, in.get(3), in.get(4), in.get(5)), false);
            assertFalse(out.head().get(0).allClose(out3.head().get(0)));
        }
    }

    private static NDArray noisePadding(NDManager manager, NDArray x, NDArray mask) {
        NDArray keep = mask.expandDims(2);
        Shape s = x.getShape();
        return x.mul(keep).add(NnFixtures.random(manager, new Random(99), s.get(0), s.get(1), s.get(2)).mul(50f).mul(keep.neg().add(1f)));
    }

    @Test
    void missingModalitiesAndShortTextGiveFiniteOutputs() {
        CiderNetworkConfig c = NnFixtures.small(false).build();
        try (NDManager manager = NDManager.newBaseManager()) {
            CiderBackbone backbone = initialized(manager, c);
            NDList in = inputs(manager, c, 6);
            // Audio and vision entirely missing (zero frames), text of [CLS][SEP] only in the last sample.
            NDList missing = new NDList(in.get(0), in.get(1), in.get(2).zerosLike(), in.get(3), in.get(4).zerosLike(), in.get(5));
            for (boolean training : new boolean[]{false, true}) {
                for (NDArray o : backbone.forward(new ParameterStore(manager, false), missing, training)) {
                    assertTrue(NnFixtures.finite(o));
                }
            }
        }
    }

    @Test
    void saveAndLoadReproduceOutputs() throws Exception {
        CiderNetworkConfig c = NnFixtures.small(false).build();
        try (NDManager manager = NDManager.newBaseManager()) {
            CiderBackbone backbone = initialized(manager, c);
            ParameterStore ps = new ParameterStore(manager, false);
            NDList in = inputs(manager, c, 7);
            NDList out = backbone.forward(ps, in, false);
            byte[] saved = NnFixtures.save(backbone);

            CiderBackbone restored = initialized(manager, c);
            assertFalse(out.head().allClose(restored.forward(new ParameterStore(manager, false), in, false).head()),
                    "a fresh backbone differs");
            NnFixtures.load(restored, manager, saved);
            // A ParameterStore caches parameter arrays by id: use a fresh one after loading.
            NDList out2 = restored.forward(new ParameterStore(manager, false), in, false);
            for (int i = 0; i < out.size(); i++) {
                assertArrayEquals(out.get(i).toFloatArray(), out2.get(i).toFloatArray(), 0f, "output " + i);
            }
            // The loaded backbone is still trainable.
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(restored.forward(new ParameterStore(manager, false), in, true).head().pow(2).sum());
            }
            assertTrue(restored.getParameters().get(0).getValue().getArray().getGradient().abs().sum().getFloat() > 0f);
        }
    }

    @Test
    void sameSeedSameInitialWeights() {
        CiderNetworkConfig c = NnFixtures.small(false).build();
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(1234);
            List<Parameter> a = initialized(manager, c).getParameters().values();
            Engine.getInstance().setRandomSeed(1234);
            List<Parameter> b = initialized(manager, c).getParameters().values();
            Engine.getInstance().setRandomSeed(4321);
            List<Parameter> other = initialized(manager, c).getParameters().values();
            assertEquals(a.size(), b.size());
            boolean anyDifferent = false;
            for (int i = 0; i < a.size(); i++) {
                assertArrayEquals(a.get(i).getArray().toFloatArray(), b.get(i).getArray().toFloatArray(), 0f, a.get(i).getName());
                anyDifferent |= !a.get(i).getArray().contentEquals(other.get(i).getArray());
            }
            assertTrue(anyDifferent, "another seed gives other weights");
        }
    }

    @Test
    void wrongInputsAreRejectedWithClearMessages() {
        CiderNetworkConfig c = NnFixtures.small(false).build();
        try (NDManager manager = NDManager.newBaseManager()) {
            CiderBackbone backbone = initialized(manager, c);
            NDList in = inputs(manager, c, 8);
            NDList wrong = new NDList(in.get(0), in.get(1), in.get(2).get(":, :, 0:3"), in.get(3), in.get(4), in.get(5));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> backbone.forward(new ParameterStore(manager, false), wrong, false));
            assertTrue(e.getMessage().contains("audio"), e.getMessage());
            CiderBackbone other = new CiderBackbone(c);
            IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class,
                    () -> other.initialize(manager, DataType.FLOAT32, new Shape(2, 6, 99), new Shape(2, 6), new Shape(2, 9, 5),
                            new Shape(2, 9), new Shape(2, 7, 4), new Shape(2, 7)));
            assertTrue(e2.getMessage().contains("(2, 6, 12)"), e2.getMessage());
        }
    }
}
