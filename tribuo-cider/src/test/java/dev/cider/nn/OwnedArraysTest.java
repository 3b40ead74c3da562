package dev.cider.nn;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class OwnedArraysTest {

    private static final int SIZE = 4096;

    @Test
    void holdsTheValues() {
        try (NDManager manager = NDManager.newBaseManager()) {
            float[] values = {1f, 0f, 2.5f, -3f, 4f, 0.25f};
            NDArray a = OwnedArrays.create(manager, values, new Shape(2, 3));
            assertArrayEquals(new long[]{2, 3}, a.getShape().getShape());
            Arrays.fill(values, 9f); // the array is a copy
            assertArrayEquals(new float[]{1f, 0f, 2.5f, -3f, 4f, 0.25f}, a.toFloatArray());
            assertArrayEquals(new float[]{7f}, OwnedArrays.create(manager, new float[]{7f}).toFloatArray());
        }
    }

    /*
     * The case the class exists for: a mask built inside a scope that closes before the backward pass, which reads the
     * mask (the gradient of x * mask is the mask). The Java buffers a plain manager.create would leave behind are
     * collected and their memory refilled with NaN before the backward pass; the gradient must still be the mask.
     */
    @Test
    void aMaskClosedBeforeTheBackwardPassStillGivesItsGradient() throws InterruptedException {
        float[] mask = new float[SIZE];
        for (int i = 0; i < SIZE; i++) {
            mask[i] = (i % 3) * 0.5f;
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.ones(new Shape(SIZE));
            x.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss;
                try (NDScope scope = new NDScope()) {
                    NDArray m = OwnedArrays.create(manager, mask);
                    loss = x.mul(m).sum();
                    NDScope.unregister(loss);
                }
                scribbleOverFreedBuffers();
                gc.backward(loss);
            }
            assertArrayEquals(mask, x.getGradient().toFloatArray());
        }
    }

    /* The arithmetic with a number: the factor, divisor or bound is read again by the backward pass. */
    @Test
    void arithmeticWithANumberGivesItsGradientAfterTheCollectorRan() throws InterruptedException {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(new float[]{0.5f, 2f, 3f, -1f});
            x.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = OwnedArrays.mul(x, 0.25f).sum().add(OwnedArrays.div(x, 4f).sum())
                        .add(OwnedArrays.maximum(x, 1f).sum());
                scribbleOverFreedBuffers();
                gc.backward(loss);
            }
            // d/dx (x / 4 + x / 4 + max(x, 1)) = 0.5 + (x > 1)
            assertArrayEquals(new float[]{0.5f, 1.5f, 1.5f, 0.5f}, x.getGradient().toFloatArray(), 1e-6f);
            assertArrayEquals(new long[0], OwnedArrays.scalar(manager, 3f).getShape().getShape());
        }
    }

    // Collects unreachable direct buffers (freeing their memory) and fills new ones of the same size with NaN.
    private static void scribbleOverFreedBuffers() throws InterruptedException {
        List<ByteBuffer> fills = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
            System.gc();
            Thread.sleep(20);
            for (int i = 0; i < 8; i++) {
                ByteBuffer b = ByteBuffer.allocateDirect(SIZE * Float.BYTES).order(ByteOrder.nativeOrder());
                while (b.remaining() >= Float.BYTES) {
                    b.putFloat(Float.NaN);
                }
                fills.add(b);
            }
        }
        fills.clear();
    }
}
