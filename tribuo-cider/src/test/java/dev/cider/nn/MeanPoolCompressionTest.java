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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The mean-pool compression of the "without WSAM" ablation: window bounds, hand-computed means, padding ignored,
 * empty windows, gradients.
 */
class MeanPoolCompressionTest {

    private static NDList pool(NDManager manager, int outputSteps, NDArray x, NDArray mask) {
        MeanPoolCompression block = MeanPoolCompression.builder().outputSteps(outputSteps).build();
        block.initialize(manager, DataType.FLOAT32, x.getShape(), mask.getShape());
        return block.forward(new ParameterStore(manager, false), new NDList(x, mask), false);
    }

    @Test
    void windowsTileTheAxisInNearlyEqualParts() {
        // 375 audio frames into 50 windows: 375/50 = 7.5, so every window has 7 or 8 frames and they cover 0..375.
        assertEquals(0, MeanPoolCompression.windowStart(0, 375, 50));
        assertEquals(375, MeanPoolCompression.windowStart(50, 375, 50));
        for (int i = 0; i < 50; i++) {
            int size = MeanPoolCompression.windowStart(i + 1, 375, 50) - MeanPoolCompression.windowStart(i, 375, 50);
            assertTrue(size == 7 || size == 8, "window " + i + " has " + size + " frames");
        }
        // window 1 of 375/50 is [floor(7.5), floor(15)) = [7, 15)
        assertEquals(7, MeanPoolCompression.windowStart(1, 375, 50));
        assertEquals(15, MeanPoolCompression.windowStart(2, 375, 50));
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray m = MeanPoolCompression.windowMatrix(manager, 375, 50);
            assertArrayEquals(new float[375], m.sum(new int[]{0}).sub(1f).toFloatArray(), 0f, "each frame in exactly one window");
        }
    }

    @Test
    void meansOfValidFramesByHand() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // B = 2, T_x = 5, d = 2, T_out = 2: windows [0, 2) and [2, 5).
            float[] values = {
                    1, 10, 3, 30, 5, 50, 7, 70, 9, 90,        // sample 0, length 4 (frame 4 is padding)
                    2, 20, 100, 100, 100, 100, 100, 100, 100, 100}; // sample 1, length 1
            NDArray x = manager.create(values, new Shape(2, 5, 2));
            NDArray mask = NnFixtures.mask(manager, 5, 4, 1);
            NDList out = pool(manager, 2, x, mask);
            // sample 0: window 0 = mean(frames 0, 1) = (2, 20); window 1 = mean(frames 2, 3) = (6, 60), frame 4 ignored
            // sample 1: window 0 = frame 0 alone = (2, 20); window 1 has no valid frame -> (0, 0)
            assertArrayEquals(new float[]{2, 20, 6, 60, 2, 20, 0, 0}, out.get(0).toFloatArray(), 1e-6f);
            assertArrayEquals(new float[]{1, 1, 1, 0}, out.get(1).toFloatArray(), 0f);
            assertEquals(new Shape(2, 2, 2), out.get(0).getShape());
            assertEquals(new Shape(2, 2), out.get(1).getShape());
        }
    }

    @Test
    void paddedFramesDoNotMatter() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Random rng = new Random(5);
            NDArray x = NnFixtures.random(manager, rng, 3, 23, 4);
            NDArray mask = NnFixtures.mask(manager, 23, 23, 9, 1);
            NDArray other = x.mul(mask.expandDims(2)).add(NnFixtures.random(manager, rng, 3, 23, 4).mul(1000f)
                    .mul(mask.neg().add(1f).expandDims(2)));
            NDList a = pool(manager, 6, x, mask);
            NDList b = pool(manager, 6, other, mask);
            assertArrayEquals(a.get(0).toFloatArray(), b.get(0).toFloatArray(), 1e-6f);
            // windows of 23/6 steps: [0,3) [3,7) [7,11) [11,15) [15,19) [19,23); length 9 reaches window 2, length 1 window 0
            assertArrayEquals(new float[]{1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0}, a.get(1).toFloatArray(), 0f);
            // the window [7, 11) of sample 1 averages frames 7 and 8 only
            NDArray expected = x.get("1, 7:9, :").mean(new int[]{0});
            assertArrayEquals(expected.toFloatArray(), a.get(0).get("1, 2, :").toFloatArray(), 1e-6f);
        }
    }

    @Test
    void shorterInputsLeaveSomeWindowsEmpty() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // T_x = 3 into 5 windows: starts floor(3i/5) = 0, 0, 1, 1, 2, end 3 -> windows {}, {0}, {}, {1}, {2}
            NDArray x = manager.create(new float[]{1, 2, 4}, new Shape(1, 3, 1));
            NDList out = pool(manager, 5, x, NnFixtures.mask(manager, 3, 3));
            assertArrayEquals(new float[]{0, 1, 0, 2, 4}, out.get(0).toFloatArray(), 0f);
            assertArrayEquals(new float[]{0, 1, 0, 1, 1}, out.get(1).toFloatArray(), 0f);
        }
    }

    @Test
    void gradientIsOneOverTheWindowCountOnValidFramesAndZeroOnPadding() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = NnFixtures.random(manager, new Random(1), 1, 5, 2);
            x.setRequiresGradient(true);
            NDArray mask = NnFixtures.mask(manager, 5, 4);
            MeanPoolCompression block = MeanPoolCompression.builder().outputSteps(2).build();
            block.initialize(manager, DataType.FLOAT32, x.getShape(), mask.getShape());
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray out = block.forward(new ParameterStore(manager, false), new NDList(x, mask), true).get(0);
                gc.backward(out.sum());
            }
            // windows [0, 2) and [2, 5) with 2 valid frames each; frame 4 is padding
            assertArrayEquals(new float[]{0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0, 0}, x.getGradient().toFloatArray(), 1e-6f);
        }
    }

    @Test
    void rejectsBadInputs() {
        assertThrows(IllegalArgumentException.class, () -> MeanPoolCompression.builder().build());
        try (NDManager manager = NDManager.newBaseManager()) {
            MeanPoolCompression block = MeanPoolCompression.builder().outputSteps(2).build();
            ParameterStore ps = new ParameterStore(manager, false);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> block.forward(ps,
                    new NDList(manager.zeros(new Shape(1, 5, 2)), manager.ones(new Shape(1, 4))), false));
            assertTrue(e.getMessage().contains("(B, T_x)"), e.getMessage());
        }
    }
}
