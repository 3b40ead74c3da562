package dev.cider.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CheckpointableAdamTest {

    private static Block newBlock(NDManager manager) {
        Engine.getInstance().setRandomSeed(7);
        Block b = Linear.builder().setUnits(2).build();
        b.initialize(manager, DataType.FLOAT32, new Shape(4, 3));
        return b;
    }

    private static void gradientStep(NDManager manager, Block block, CheckpointableAdam adam, int i) {
        NDArray x = manager.arange(12f).reshape(4, 3).div(10f).add(i);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray y = block.forward(new ParameterStore(manager, false), new NDList(x), true).singletonOrThrow();
            gc.backward(y.square().sum());
        }
        adam.step(block);
    }

    private static float[] weights(Block b) {
        return b.getParameters().get("weight").getArray().toFloatArray();
    }

    @Test
    void firstStepMovesEveryWeightByTheLearningRate() {
        // Adam's first bias-corrected step is lr * g / (|g| + eps): every weight with a non-zero gradient moves by ~lr.
        try (NDManager manager = NDManager.newBaseManager()) {
            Block block = newBlock(manager);
            float[] before = weights(block);
            gradientStep(manager, block, new CheckpointableAdam(0.01f), 0);
            float[] after = weights(block);
            for (int i = 0; i < before.length; i++) {
                assertEquals(0.01, Math.abs(after[i] - before[i]), 1e-5);
            }
        }
    }

    @Test
    void resumedOptimizerContinuesExactly() throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block straight = newBlock(manager);
            CheckpointableAdam a = new CheckpointableAdam(0.05f);
            for (int i = 0; i < 4; i++) {
                gradientStep(manager, straight, a, i);
            }

            Block interrupted = newBlock(manager);
            CheckpointableAdam b = new CheckpointableAdam(0.05f);
            for (int i = 0; i < 2; i++) {
                gradientStep(manager, interrupted, b, i);
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            b.save(new DataOutputStream(bytes));
            CheckpointableAdam resumed = new CheckpointableAdam(0.05f);
            resumed.load(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())), manager);
            for (int i = 2; i < 4; i++) {
                gradientStep(manager, interrupted, resumed, i);
            }
            assertArrayEquals(weights(straight), weights(interrupted));

            Block fresh = newBlock(manager);
            CheckpointableAdam forgetful = new CheckpointableAdam(0.05f);
            for (int i = 0; i < 2; i++) {
                gradientStep(manager, fresh, forgetful, i);
            }
            CheckpointableAdam restarted = new CheckpointableAdam(0.05f);
            for (int i = 2; i < 4; i++) {
                gradientStep(manager, fresh, restarted, i);
            }
            float[] w1 = weights(straight);
            float[] w2 = weights(fresh);
            boolean differs = false;
            for (int i = 0; i < w1.length; i++) {
                differs |= w1[i] != w2[i];
            }
            assertEquals(true, differs, "losing the optimizer state must change the result");
        }
    }

    @Test
    void rejectsBadLearningRate() {
        assertThrows(IllegalArgumentException.class, () -> new CheckpointableAdam(0f));
        assertThrows(IllegalArgumentException.class, () -> new CheckpointableAdam(Float.NaN));
    }
}
