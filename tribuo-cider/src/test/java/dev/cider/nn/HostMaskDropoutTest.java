package dev.cider.nn;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HostMaskDropoutTest {

    private static final Shape SHAPE = new Shape(64, 150, 33); // odd size: the last draw fills fewer than four

    private static HostMaskDropout dropout(NDManager manager, float rate) {
        HostMaskDropout block = HostMaskDropout.builder().optRate(rate).build();
        block.initialize(manager, DataType.FLOAT32, SHAPE);
        return block;
    }

    @Test
    void dropsAtTheRateAndKeepsTheExpectation() {
        try (NDManager manager = NDManager.newBaseManager()) {
            HostMaskDropout block = dropout(manager, 0.3f);
            NDArray x = manager.ones(SHAPE).mul(2f);
            float[] y = block.forward(new ParameterStore(manager, false), new NDList(x), true).head().toFloatArray();
            long dropped = 0;
            double sum = 0;
            for (float v : y) {
                if (v == 0f) {
                    dropped++;
                } else {
                    assertEquals(2f / (1f - block.effectiveRate()), v, 1e-6f);
                }
                sum += v;
            }
            double n = y.length;
            // 316,800 elements: the dropped share's standard deviation is about 0.0008.
            assertEquals(0.3, dropped / n, 0.005);
            assertEquals(2.0, sum / n, 0.02);
            assertEquals(0.3f, block.effectiveRate(), 1f / 65536);
        }
    }

    @Test
    void repeatsWithTheEngineSeedAndDiffersBetweenCalls() {
        try (NDManager manager = NDManager.newBaseManager()) {
            HostMaskDropout block = dropout(manager, 0.5f);
            NDArray x = manager.ones(SHAPE);
            ParameterStore ps = new ParameterStore(manager, false);
            Engine.getInstance().setRandomSeed(7);
            float[] first = block.forward(ps, new NDList(x), true).head().toFloatArray();
            float[] second = block.forward(ps, new NDList(x), true).head().toFloatArray();
            Engine.getInstance().setRandomSeed(7);
            float[] again = block.forward(ps, new NDList(x), true).head().toFloatArray();
            assertArrayEquals(first, again, 0f);
            assertFalse(java.util.Arrays.equals(first, second), "each call draws a new mask");
        }
    }

    @Test
    void passesThroughInTestModeAndAtRateZero() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.randomNormal(SHAPE);
            ParameterStore ps = new ParameterStore(manager, false);
            assertSame(x, dropout(manager, 0.4f).forward(ps, new NDList(x), false).head());
            assertSame(x, dropout(manager, 0f).forward(ps, new NDList(x), true).head());
        }
    }

    @Test
    void gradientIsTheMask() {
        try (NDManager manager = NDManager.newBaseManager()) {
            HostMaskDropout block = dropout(manager, 0.25f);
            NDArray x = manager.randomNormal(SHAPE);
            x.setRequiresGradient(true);
            float[] y;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray out = block.forward(new ParameterStore(manager, false), new NDList(x), true).head();
                y = out.toFloatArray();
                gc.backward(out.sum());
            }
            float[] g = x.getGradient().toFloatArray();
            float scale = 1f / (1f - block.effectiveRate());
            for (int i = 0; i < g.length; i++) {
                assertEquals(y[i] == 0f ? 0f : scale, g[i], 1e-6f, "element " + i);
            }
        }
    }

    @Test
    void parameterFileIsDjlDropouts() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            Dropout djl = Dropout.builder().optRate(0.3f).build();
            djl.initialize(manager, DataType.FLOAT32, SHAPE);
            HostMaskDropout ours = dropout(manager, 0.3f);
            byte[] djlBytes = save(djl);
            assertArrayEquals(djlBytes, save(ours));
            HostMaskDropout loaded = HostMaskDropout.builder().optRate(0.3f).build();
            loaded.loadParameters(manager, new DataInputStream(new ByteArrayInputStream(djlBytes)));
            assertTrue(loaded.isInitialized());
        }
    }

    @Test
    void refusesRatesOutsideTheUnitInterval() {
        assertThrows(IllegalArgumentException.class, () -> HostMaskDropout.builder().optRate(1f).build());
        assertThrows(IllegalArgumentException.class, () -> HostMaskDropout.builder().optRate(-0.1f).build());
        assertThrows(IllegalArgumentException.class, () -> HostMaskDropout.builder().optRate(Float.NaN).build());
    }

    private static byte[] save(ai.djl.nn.Block block) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            block.saveParameters(out);
        }
        return bytes.toByteArray();
    }
}
