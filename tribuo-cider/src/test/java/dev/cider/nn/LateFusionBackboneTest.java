package dev.cider.nn;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LateFusionBackboneTest {

    private static final int[] TEXT = {6, 3};
    private static final int[] AUDIO = {9, 2};
    private static final int[] VISION = {7, 1};

    private static LateFusionBackbone initialized(NDManager manager, CiderNetworkConfig c) {
        LateFusionBackbone backbone = LateFusionBackbone.builder().layout(c).build();
        backbone.initialize(manager, DataType.FLOAT32, backbone.inputShapes(TEXT.length));
        return backbone;
    }

    @Test
    void shapesSizeAndPaddingIndependence() {
        CiderNetworkConfig c = NnFixtures.small(false).build();
        try (NDManager manager = NDManager.newBaseManager()) {
            LateFusionBackbone backbone = initialized(manager, c);
            NDList in = NnFixtures.inputs(manager, c, 3, TEXT, AUDIO, VISION);
            ParameterStore ps = new ParameterStore(manager, false);
            NDList out = backbone.forward(ps, in, false);
            assertEquals(1, out.size());
            assertEquals(new Shape(2, 64), out.head().getShape());
            assertEquals(64, backbone.jointDim());
            assertEquals(backbone.getOutputShapes(backbone.inputShapes(2))[0], out.head().getShape());

            NDArray keep = in.get(3).expandDims(2);
            NDArray noisyAudio = in.get(2).mul(keep).add(NnFixtures.random(manager, new Random(1), 2, c.audioSteps(), c.audioDim()).mul(keep.neg().add(1f)));
            NDList changed = new NDList(in.get(0), in.get(1), noisyAudio, in.get(3), in.get(4), in.get(5));
            assertArrayEquals(out.head().toFloatArray(), backbone.forward(ps, changed, false).head().toFloatArray(), 1e-6f);
            NDList zeroAudio = new NDList(in.get(0), in.get(1), in.get(2).zerosLike(), in.get(3), in.get(4), in.get(5));
            assertFalse(out.head().allClose(backbone.forward(ps, zeroAudio, false).head()));
        }
        // Tens of thousands of parameters with bert-sized text features.
        try (NDManager manager = NDManager.newBaseManager()) {
            LateFusionBackbone big = LateFusionBackbone.builder().text(50, 768).audio(375, 5).vision(500, 20).build();
            big.initialize(manager, DataType.FLOAT32, big.inputShapes(1));
            long expected = (768 + 5 + 20) * 32 + 3 * 2 * (32 * 32 + 32) + (96 * 64 + 64) + (64 * 64 + 64);
            assertEquals(expected, ParameterTable.count(big));
            assertEquals(expected, big.parameterTable().total());
        }
    }

    @Test
    void gradientsReachEveryParameter() {
        CiderNetworkConfig c = NnFixtures.small(false).build();
        try (NDManager manager = NDManager.newBaseManager()) {
            LateFusionBackbone backbone = initialized(manager, c);
            NDList in = NnFixtures.inputs(manager, c, 4, TEXT, AUDIO, VISION);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray out = backbone.forward(new ParameterStore(manager, false), in, true).head();
                gc.backward(out.pow(2).mean().add(out.mean()));
            }
            NnFixtures.assertEveryParameterHasGradient(backbone);
            assertTrue(backbone instanceof MultimodalBackbone);
        }
    }
}
