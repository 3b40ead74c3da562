package dev.cider.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MultimodalCompositeTransformerTest {

    private static final int D = 16;
    private static final int T = 4;

    @Test
    void sinusoidValues() {
        float[] pe = PositionalEncoding.sinusoid(3, 4);
        assertArrayEquals(new float[]{0, 1, 0, 1}, java.util.Arrays.copyOfRange(pe, 0, 4), 0f);
        assertEquals((float) Math.sin(2), pe[8], 1e-7f);
        assertEquals((float) Math.cos(2 / 100.0), pe[11], 1e-7f);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray segments = PositionalEncoding.of(manager, 3, 2, 4, true);
            assertEquals(new Shape(6, 4), segments.getShape());
            assertTrue(segments.get("0:2").contentEquals(segments.get("2:4")), "segments restart");
            NDArray whole = PositionalEncoding.of(manager, 3, 2, 4, false);
            assertArrayEquals(PositionalEncoding.sinusoid(6, 4), whole.toFloatArray(), 0f);
        }
    }

    @Test
    void encodingIsTemporalNotPerBatchAndScoresComeFromTheLastLayer() {
        try (NDManager manager = NDManager.newBaseManager()) {
            MultimodalCompositeTransformer mct = MultimodalCompositeTransformer.builder().hiddenDim(D).heads(2).layers(2)
                    .feedForwardDim(24).build();
            mct.initialize(manager, DataType.FLOAT32, new Shape(2, 3 * T, D), new Shape(2, 3 * T));
            ParameterStore ps = new ParameterStore(manager, false);
            NDArray one = NnFixtures.random(manager, new Random(2), 1, 3 * T, D);
            NDArray x = NDArrays.concat(new NDList(one, one), 0);                       // two identical samples
            NDArray keys = manager.ones(new Shape(2, 3 * T));
            NDList out = mct.forward(ps, new NDList(x, keys), false);
            assertEquals(new Shape(2, 3 * T, D), out.get(0).getShape());
            assertEquals(new Shape(2, 2, 3 * T, 3 * T), out.get(1).getShape());
            assertArrayEquals(out.get(0).get(0).toFloatArray(), out.get(0).get(1).toFloatArray(), 1e-6f,
                    "identical samples stay identical: nothing is added along the batch axis");
            // The same vector at every step comes out differently per step: positions are encoded over time.
            NDArray constant = NnFixtures.random(manager, new Random(3), 1, 1, D).repeat(1, 3 * T);
            NDArray y = mct.forward(ps, new NDList(constant, keys.get("0:1")), false).get(0);
            assertFalse(y.get(0, 1).allClose(y.get(0, 2)), "steps differ");
            // Final LayerNorm: zero mean per token.
            assertEquals(0f, out.get(0).mean(new int[]{2}).abs().max().getFloat(), 1e-5f);
            // The scores returned are those of the last layer's MCA.
            NDArray lastInput = lastLayerInput(mct, ps, x, keys);
            NDList direct = mct.layers().get(1).forward(ps, new NDList(lastInput, keys), false);
            assertTrue(direct.get(1).allClose(out.get(1), 1e-5, 1e-5, false));
        }
    }

    private static NDArray lastLayerInput(MultimodalCompositeTransformer mct, ParameterStore ps, NDArray x, NDArray keys) {
        NDArray h = x.add(PositionalEncoding.of(x.getManager(), 3, T, D, true).expandDims(0));
        return mct.layers().get(0).forward(ps, new NDList(h, keys), false).get(0);
    }

    @Test
    void poolingIgnoresPadding() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NaiveAttentionPooling pooling = NaiveAttentionPooling.builder().scorerDim(8).build();
            pooling.initialize(manager, DataType.FLOAT32, new Shape(2, 5, D), new Shape(2, 5));
            ParameterStore ps = new ParameterStore(manager, false);
            NDArray x = NnFixtures.random(manager, new Random(4), 2, 5, D);
            NDArray mask = NnFixtures.mask(manager, 5, 3, 1);
            NDArray weights = pooling.weights(ps, new NDList(x, mask), false, null);
            assertArrayEquals(new float[]{1f, 1f}, weights.sum(new int[]{1}).toFloatArray(), 1e-6f);
            assertEquals(0f, weights.mul(mask.neg().add(1f)).abs().sum().getFloat());
            assertArrayEquals(x.get("1, 0").toFloatArray(), pooling.forward(ps, new NDList(x, mask), false).head().get(1).toFloatArray(), 1e-6f,
                    "a single valid step is pooled to itself");
        }
    }
}
