package dev.cider.nn;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The vanilla transformer of the "without MCT" ablation: standard multi-head attention against a per-head
 * reference, the key padding mask, the raw scores, parameter counts and gradients.
 */
class VanillaTransformerTest {

    private static final int D = 8;
    private static final int H = 2;
    private static final int T = 4;
    private static final int N = 3 * T;

    /** Key mask of two samples: text/audio/vision lengths (4, 2, 3) and (2, 4, 1). */
    private static NDArray keyMask(NDManager manager) {
        NDArray first = NDArrays.concat(new NDList(NnFixtures.mask(manager, T, 4), NnFixtures.mask(manager, T, 2), NnFixtures.mask(manager, T, 3)), 1);
        NDArray second = NDArrays.concat(new NDList(NnFixtures.mask(manager, T, 2), NnFixtures.mask(manager, T, 4), NnFixtures.mask(manager, T, 1)), 1);
        return NDArrays.concat(new NDList(first, second), 0);
    }

    private static VanillaTransformer transformer(NDManager manager, int layers, float dropout) {
        VanillaTransformer t = VanillaTransformer.builder().hiddenDim(D).heads(H).layers(layers).feedForwardDim(4 * D)
                .optAttentionDropout(dropout).optEmbeddingDropout(dropout).optResidualDropout(dropout)
                .optFeedForwardDropout(dropout).build();
        t.initialize(manager, DataType.FLOAT32, new Shape(2, N, D), new Shape(2, N));
        return t;
    }

    private static NDArray apply(Block linear, NDArray x) {
        NDArray w = null;
        NDArray b = null;
        for (Pair<String, ai.djl.nn.Parameter> p : linear.getParameters()) {
            if (p.getKey().equals("weight")) {
                w = p.getValue().getArray();
            } else if (p.getKey().equals("bias")) {
                b = p.getValue().getArray();
            }
        }
        return x.matMul(w.transpose()).add(b);
    }

    private static Block child(Block block, String name) {
        for (Pair<String, Block> c : block.getChildren()) {
            if (c.getKey().replaceFirst("^\\d+", "").equals(name)) {
                return c.getValue();
            }
        }
        throw new AssertionError("no child " + name);
    }

    @Test
    void attentionMatchesAPerHeadReference() {
        try (NDManager manager = NDManager.newBaseManager()) {
            MultiHeadSelfAttention attention = MultiHeadSelfAttention.builder().hiddenDim(D).heads(H).build();
            attention.initialize(manager, DataType.FLOAT32, new Shape(2, N, D), new Shape(2, N));
            NDArray x = NnFixtures.random(manager, new Random(3), 2, N, D);
            NDArray mask = keyMask(manager);
            NDList out = attention.forward(new ParameterStore(manager, false), new NDList(x, mask), false);

            NDArray q = apply(child(attention, "query"), x);
            NDArray k = apply(child(attention, "key"), x);
            NDArray v = apply(child(attention, "value"), x);
            int dh = D / H;
            NDList contexts = new NDList();
            NDList scores = new NDList();
            for (int h = 0; h < H; h++) {
                String cols = ":, :, " + h * dh + ":" + (h + 1) * dh;
                NDArray s = q.get(cols).matMul(k.get(cols).transpose(0, 2, 1)).div((float) Math.sqrt(dh)); // (B, N, N)
                scores.add(s.expandDims(1));
                NDArray masked = s.add(mask.expandDims(1).sub(1f).mul(1e9f));
                contexts.add(masked.softmax(-1).matMul(v.get(cols)));
            }
            NDArray expected = apply(child(attention, "output"), NDArrays.concat(contexts, 2));
            assertTrue(expected.allClose(out.get(0), 1e-5, 1e-5, false), "output equals the per-head reference");
            assertTrue(NDArrays.concat(scores, 1).allClose(out.get(1), 1e-5, 1e-5, false), "raw scores, before the mask");
            assertEquals(new Shape(2, H, N, N), out.get(1).getShape());
        }
    }

    @Test
    void paddedPositionsDoNotChangeTheValidOutputs() {
        try (NDManager manager = NDManager.newBaseManager()) {
            VanillaTransformer t = transformer(manager, 2, 0.1f);
            ParameterStore ps = new ParameterStore(manager, false);
            Random rng = new Random(7);
            NDArray x = NnFixtures.random(manager, rng, 2, N, D);
            NDArray mask = keyMask(manager);
            NDArray padding = mask.neg().add(1f).expandDims(2);
            NDArray otherPadding = x.mul(mask.expandDims(2)).add(NnFixtures.random(manager, rng, 2, N, D).mul(50f).mul(padding));
            NDList a = t.forward(ps, new NDList(x, mask), false);
            NDList b = t.forward(ps, new NDList(otherPadding, mask), false);
            NDArray valid = mask.expandDims(2);
            assertArrayEquals(a.get(0).mul(valid).toFloatArray(), b.get(0).mul(valid).toFloatArray(), 1e-5f);
            NDArray validPairs = mask.expandDims(2).matMul(mask.expandDims(1)).expandDims(1); // (B, 1, N, N)
            assertArrayEquals(a.get(1).mul(validPairs).toFloatArray(), b.get(1).mul(validPairs).toFloatArray(), 1e-4f);
            assertFalse(a.get(0).mul(padding).allClose(b.get(0).mul(padding)), "padded rows themselves do change");

            // a change at one valid audio position reaches the valid text outputs (the attention is not trivial);
            // the change varies over the features, since the LayerNorms would remove a constant shift
            NDArray oneValid = MaskOps.range(manager, N, T, T + 1).reshape(1, N, 1);
            NDList c = t.forward(ps, new NDList(x.add(NnFixtures.random(manager, rng, 2, 1, D).mul(oneValid)), mask), false);
            assertFalse(a.get(0).get(":, 0:2, :").allClose(c.get(0).get(":, 0:2, :")));
        }
    }

    @Test
    void returnsTheLastLayersScores() {
        try (NDManager manager = NDManager.newBaseManager()) {
            VanillaTransformer t = transformer(manager, 2, 0f);
            ParameterStore ps = new ParameterStore(manager, false);
            NDArray x = NnFixtures.random(manager, new Random(9), 2, N, D);
            NDArray mask = keyMask(manager);
            NDList out = t.forward(ps, new NDList(x, mask), false);
            NDArray h = x.add(PositionalEncoding.of(manager, 3, T, D, true).expandDims(0));
            NDArray afterFirst = t.layers().get(0).forward(ps, new NDList(h, mask), false).get(0);
            NDArray lastScores = t.layers().get(1).forward(ps, new NDList(afterFirst, mask), false).get(1);
            assertTrue(lastScores.allClose(out.get(1), 1e-5, 1e-5, false));
            assertEquals(new Shape(2, N, D), out.get(0).getShape());
            Shape[] shapes = t.getOutputShapes(new Shape[]{new Shape(2, N, D), new Shape(2, N)});
            assertEquals(out.get(0).getShape(), shapes[0]);
            assertEquals(out.get(1).getShape(), shapes[1]);
        }
    }

    @Test
    void parameterCounts() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // d = 8, f = 32, per layer: attention 4 (64 + 8) = 288, two LayerNorms 2 * 16 = 32,
            // FFN (8*32 + 32) + (32*8 + 8) = 552 -> 872; two layers + final LayerNorm 16 = 1,760
            assertEquals(1_760, ParameterTable.count(transformer(manager, 2, 0f)));
            // the spec's size, d = 32, f = 128, N = 3: 3 * (4,224 + 128 + 8,352) + 64 = 38,176 (the MCT has 97,504)
            VanillaTransformer big = VanillaTransformer.builder().hiddenDim(32).heads(8).layers(3).feedForwardDim(128).build();
            big.initialize(manager, DataType.FLOAT32, new Shape(1, 150, 32), new Shape(1, 150));
            assertEquals(38_176, ParameterTable.count(big));
            assertEquals(4_224, ParameterTable.count(big.layers().get(0).attention()));
        }
    }

    @Test
    void gradientsReachEveryParameter() {
        try (NDManager manager = NDManager.newBaseManager()) {
            VanillaTransformer t = transformer(manager, 2, 0.1f);
            NDArray x = NnFixtures.random(manager, new Random(4), 2, N, D);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDList out = t.forward(new ParameterStore(manager, false), new NDList(x, keyMask(manager)), true);
                gc.backward(out.get(0).pow(2).mean().add(out.get(1).pow(2).mean()));
            }
            NnFixtures.assertEveryParameterHasGradient(t);
        }
    }

    @Test
    void rejectsBadSettingsAndInputs() {
        assertThrows(IllegalArgumentException.class, () -> MultiHeadSelfAttention.builder().hiddenDim(10).heads(4).build());
        assertThrows(IllegalArgumentException.class, () -> VanillaTransformer.builder().layers(0).build());
        try (NDManager manager = NDManager.newBaseManager()) {
            VanillaTransformer t = transformer(manager, 1, 0f);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.forward(new ParameterStore(manager, false),
                    new NDList(manager.zeros(new Shape(2, N + 1, D)), manager.ones(new Shape(2, N + 1))), false));
            assertTrue(e.getMessage().contains("3T"), e.getMessage());
        }
    }
}
