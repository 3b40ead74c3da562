package dev.cider.nn;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MultimodalCompositeAttentionTest {

    private static final int D = 16;
    private static final int H = 4;
    private static final int T = 5;
    private static final int N = 3 * T;

    private static MultimodalCompositeAttention mca(NDManager manager, boolean blockwise, int batch) {
        MultimodalCompositeAttention mca = MultimodalCompositeAttention.builder().hiddenDim(D).heads(H)
                .optAttentionDropout(0.3f).optBlockwise(blockwise).build();
        mca.initialize(manager, DataType.FLOAT32, new Shape(batch, N, D), new Shape(batch, N));
        return mca;
    }

    /** Key mask of two samples: text/audio/vision lengths (4, 5, 3) and (2, 1, 5). */
    private static NDArray keyMask(NDManager manager) {
        NDArray first = NDArrays.concat(new NDList(NnFixtures.mask(manager, T, 4), NnFixtures.mask(manager, T, 5), NnFixtures.mask(manager, T, 3)), 1);
        NDArray second = NDArrays.concat(new NDList(NnFixtures.mask(manager, T, 2), NnFixtures.mask(manager, T, 1), NnFixtures.mask(manager, T, 5)), 1);
        return NDArrays.concat(new NDList(first, second), 0);
    }

    /** x with the rows of the given segments replaced by other random values. */
    private static NDArray replaceSegments(NDManager manager, NDArray x, Random rng, int... segments) {
        NDArray select = manager.zeros(new Shape(N));
        for (int s : segments) {
            select = select.add(MaskOps.range(manager, N, s * T, (s + 1) * T));
        }
        NDArray keep = select.neg().add(1f).reshape(1, N, 1);
        return x.mul(keep).add(NnFixtures.random(manager, rng, 2, N, D).mul(select.reshape(1, N, 1)));
    }

    @Test
    void uniAndBiViewsIgnoreOtherModalities() {
        try (NDManager manager = NDManager.newBaseManager()) {
            MultimodalCompositeAttention mca = mca(manager, false, 2);
            ParameterStore ps = new ParameterStore(manager, false);
            Random rng = new Random(11);
            NDArray x = NnFixtures.random(manager, rng, 2, N, D);
            NDArray keys = keyMask(manager);
            Map<CompositeView, NDArray> base = mca.viewContexts(ps, new NDList(x, keys));

            Map<CompositeView, NDArray> newAudioVision = mca.viewContexts(ps, new NDList(replaceSegments(manager, x, rng, 1, 2), keys));
            assertArrayEquals(base.get(CompositeView.L).toFloatArray(), newAudioVision.get(CompositeView.L).toFloatArray(), 1e-6f);
            assertFalse(base.get(CompositeView.LAV).get(":, 0:" + T + ", :").allClose(newAudioVision.get(CompositeView.LAV).get(":, 0:" + T + ", :")),
                    "the tri-modal view's text rows do depend on audio and vision");

            Map<CompositeView, NDArray> newVision = mca.viewContexts(ps, new NDList(replaceSegments(manager, x, rng, 2), keys));
            for (CompositeView view : new CompositeView[]{CompositeView.LA, CompositeView.L, CompositeView.A}) {
                assertArrayEquals(base.get(view).toFloatArray(), newVision.get(view).toFloatArray(), 1e-6f, view.name());
            }
            assertFalse(base.get(CompositeView.LV).allClose(newVision.get(CompositeView.LV)), "LV depends on vision");

            // The scores S are shared and raw: the text-text block is unchanged, the text-vision block is not.
            NDArray scoresBase = mca.forward(ps, new NDList(x, keys), false).get(1);
            NDArray scoresNew = mca.forward(ps, new NDList(replaceSegments(manager, x, rng, 2), keys), false).get(1);
            assertEquals(new Shape(2, H, N, N), scoresBase.getShape());
            assertTrue(scoresBase.get(":, :, 0:" + T + ", 0:" + T).allClose(scoresNew.get(":, :, 0:" + T + ", 0:" + T)));
        }
    }

    @Test
    void maskedWeightsAreExactlyZeroAndRowsSumToOne() {
        try (NDManager manager = NDManager.newBaseManager()) {
            MultimodalCompositeAttention mca = mca(manager, false, 2);
            ParameterStore ps = new ParameterStore(manager, false);
            NDArray x = NnFixtures.random(manager, new Random(5), 2, N, D);
            NDArray keys = keyMask(manager);
            float[] keyValues = keys.toFloatArray();
            Map<CompositeView, NDArray> weights = mca.viewWeights(ps, new NDList(x, keys));
            assertEquals(7, weights.size());
            for (Map.Entry<CompositeView, NDArray> e : weights.entrySet()) {
                CompositeView view = e.getKey();
                float[] w = e.getValue().toFloatArray();                               // (2, H, N, N)
                for (int b = 0; b < 2; b++) {
                    for (int h = 0; h < H; h++) {
                        for (int q = 0; q < N; q++) {
                            boolean rowInView = view.isFull() || view.contains(modalityOf(q));
                            double sum = 0;
                            for (int k = 0; k < N; k++) {
                                float value = w[((b * H + h) * N + q) * N + k];
                                boolean keyVisible = keyValues[b * N + k] == 1f && view.contains(modalityOf(k));
                                if (!rowInView || !keyVisible) {
                                    final int bb = b, hh = h, qq = q, kk = k;
                                    assertEquals(0f, value, () -> view + " b" + bb + " h" + hh + " q" + qq + " k" + kk);
                                }
                                sum += value;
                            }
                            final int qq = q, bb = b;
                            assertEquals(rowInView ? 1.0 : 0.0, sum, 1e-5, () -> view + " row " + qq + " of sample " + bb);
                        }
                    }
                }
            }
        }
    }

    private static dev.cider.data.Modality modalityOf(int position) {
        return dev.cider.data.Modality.values()[position / T];
    }

    @Test
    void noNanForEmptyModalitiesAndLengthOne() {
        try (NDManager manager = NDManager.newBaseManager()) {
            MultimodalCompositeAttention mca = mca(manager, false, 2);
            MultimodalCompositeAttention blockwise = mca(manager, true, 2);
            ParameterStore ps = new ParameterStore(manager, false);
            NDArray x = NnFixtures.random(manager, new Random(8), 2, N, D);
            // Sample 0: audio and vision entirely zero; sample 1: text length 1, audio fully padded, vision length 1.
            NDArray zeroAv = MaskOps.range(manager, N, 0, T).reshape(1, N, 1);
            NDArray ones = manager.ones(new Shape(1, N, 1));
            x = x.mul(NDArrays.concat(new NDList(zeroAv, ones), 0));
            NDArray keys = NDArrays.concat(new NDList(
                    NDArrays.concat(new NDList(NnFixtures.mask(manager, T, 5), NnFixtures.mask(manager, T, 5), NnFixtures.mask(manager, T, 5)), 1),
                    NDArrays.concat(new NDList(NnFixtures.mask(manager, T, 1), NnFixtures.mask(manager, T, 0), NnFixtures.mask(manager, T, 1)), 1)), 0);
            for (MultimodalCompositeAttention block : new MultimodalCompositeAttention[]{mca, blockwise}) {
                NDList out = block.forward(ps, new NDList(x, keys), false);
                assertTrue(NnFixtures.finite(out.get(0)), "output finite");
                assertTrue(NnFixtures.finite(out.get(1)), "scores finite");
                NDList trainingOut = block.forward(ps, new NDList(x, keys), true);
                assertTrue(NnFixtures.finite(trainingOut.get(0)), "training output finite");
            }
            for (NDArray w : mca.viewWeights(ps, new NDList(x, keys)).values()) {
                assertTrue(NnFixtures.finite(w));
            }
        }
    }

    @Test
    void blockwiseEqualsReference() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            MultimodalCompositeAttention reference = mca(manager, false, 2);
            MultimodalCompositeAttention blockwise = mca(manager, true, 2);
            NnFixtures.load(blockwise, manager, NnFixtures.save(reference));
            ParameterStore ps = new ParameterStore(manager, false);
            NDArray x = NnFixtures.random(manager, new Random(21), 2, N, D).mul(3f);
            NDArray keys = keyMask(manager);
            NDList a = reference.forward(ps, new NDList(x, keys), false);
            NDList b = blockwise.forward(ps, new NDList(x, keys), false);
            assertTrue(blockwise.isBlockwise() && !reference.isBlockwise());
            assertFalse(a.get(0).contentEquals(b.get(0)), "the two computations really differ");
            assertArrayEquals(a.get(0).toFloatArray(), b.get(0).toFloatArray(), 1e-5f);
            assertArrayEquals(a.get(1).toFloatArray(), b.get(1).toFloatArray(), 1e-5f);
        }
    }

    @Test
    void blockwiseGradientsEqualReference() throws Exception {
        for (boolean shared : new boolean[]{true, false}) {
            blockwiseGradientsEqualReferenceWith(shared);
        }
    }

    private void blockwiseGradientsEqualReferenceWith(boolean shared) throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            MultimodalCompositeAttention[] blocks = referenceAndBlockwise(manager);
            blocks[1].useSharedNormaliser(shared);
            NDArray x = NnFixtures.random(manager, new Random(22), 2, N, D);
            NDArray keys = keyMask(manager);
            NDArray target = NnFixtures.random(manager, new Random(23), 2, N, D);
            float[][] outputs = trainOnce(manager, blocks, x, keys, target);
            assertArrayEquals(outputs[0], outputs[1], 1e-5f);
            List<Parameter> ref = blocks[0].getParameters().values();
            List<Parameter> blk = blocks[1].getParameters().values();
            for (int i = 0; i < ref.size(); i++) {
                float[] g0 = ref.get(i).getArray().getGradient().toFloatArray();
                float[] g1 = blk.get(i).getArray().getGradient().toFloatArray();
                assertArrayEquals(g0, g1, 1e-4f, ref.get(i).getName());
            }
        }
    }

    @Test
    void blockwiseScoreGradientsEqualReference() throws Exception {
        for (boolean shared : new boolean[]{true, false}) {
            blockwiseScoreGradientsEqualReferenceWith(shared);
        }
    }

    private void blockwiseScoreGradientsEqualReferenceWith(boolean shared) throws Exception {
        // Attention distillation differentiates the returned scores: their gradient must reach the projections
        // identically whether the scores are one product or the concatenated per-block products.
        try (NDManager manager = NDManager.newBaseManager()) {
            MultimodalCompositeAttention[] blocks = referenceAndBlockwise(manager);
            blocks[1].useSharedNormaliser(shared);
            NDArray x = NnFixtures.random(manager, new Random(24), 2, N, D);
            NDArray keys = keyMask(manager);
            NDArray target = NnFixtures.random(manager, new Random(25), 2, N, D);
            NDArray teacher = NnFixtures.random(manager, new Random(26), 2, H, N, N).softmax(-1);
            float[][] scores = new float[2][];
            for (int i = 0; i < 2; i++) {
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDList out = blocks[i].forward(new ParameterStore(manager, false), new NDList(x, keys), true);
                    scores[i] = out.get(1).toFloatArray();
                    NDArray distillation = teacher.mul(out.get(1).logSoftmax(-1)).sum().neg();
                    gc.backward(out.get(0).sub(target).pow(2).sum().add(distillation));
                }
            }
            assertArrayEquals(scores[0], scores[1], 1e-5f);
            List<Parameter> ref = blocks[0].getParameters().values();
            List<Parameter> blk = blocks[1].getParameters().values();
            for (int i = 0; i < ref.size(); i++) {
                float[] g0 = ref.get(i).getArray().getGradient().toFloatArray();
                float[] g1 = blk.get(i).getArray().getGradient().toFloatArray();
                assertArrayEquals(g0, g1, 1e-4f, ref.get(i).getName());
            }
            assertFalse(java.util.Arrays.equals(new float[ref.get(0).getArray().getGradient().toFloatArray().length],
                    ref.get(0).getArray().getGradient().toFloatArray()), "the query weights get a gradient");
        }
    }

    @Test
    void skippingTheScoresLeavesTheOutputUnchanged() {
        try (NDManager manager = NDManager.newBaseManager()) {
            for (boolean blockwise : new boolean[] {false, true}) {
                MultimodalCompositeAttention block = mca(manager, blockwise, 2);
                ParameterStore ps = new ParameterStore(manager, false);
                NDArray x = NnFixtures.random(manager, new Random(27), 2, N, D);
                NDArray keys = keyMask(manager);
                NDList full = block.forward(ps, new NDList(x, keys), false);
                ai.djl.util.PairList<String, Object> skip = new ai.djl.util.PairList<>();
                skip.add(MultimodalCompositeAttention.SKIP_SCORES, Boolean.TRUE);
                NDList skipped = block.forward(ps, new NDList(x, keys), false, skip);
                assertArrayEquals(full.get(0).toFloatArray(), skipped.get(0).toFloatArray(), 0f);
                assertEquals(new Shape(2, H, N, N), full.get(1).getShape());
                assertEquals(new Shape(2, H, 0, 0), skipped.get(1).getShape());
            }
        }
    }

    @Test
    void blockwiseEqualsReferenceOnBatchesOfAnySize() throws Exception {
        // The blockwise computation works in batch chunks: sizes around and beyond a chunk must give the same result.
        for (int batch : new int[] {1, 17, 35}) {
            try (NDManager manager = NDManager.newBaseManager()) {
                MultimodalCompositeAttention reference = mca(manager, false, batch);
                MultimodalCompositeAttention blockwise = mca(manager, true, batch);
                NnFixtures.load(blockwise, manager, NnFixtures.save(reference));
                ParameterStore ps = new ParameterStore(manager, false);
                NDArray x = NnFixtures.random(manager, new Random(28 + batch), batch, N, D);
                NDArray keys = keyMask(manager).get("0:1").repeat(0, batch);
                NDList a = reference.forward(ps, new NDList(x, keys), false);
                NDList b = blockwise.forward(ps, new NDList(x, keys), false);
                assertEquals(new Shape(batch, N, D), b.get(0).getShape());
                assertArrayEquals(a.get(0).toFloatArray(), b.get(0).toFloatArray(), 1e-5f, "batch " + batch);
                assertArrayEquals(a.get(1).toFloatArray(), b.get(1).toFloatArray(), 1e-5f, "batch " + batch);
            }
        }
    }

    @Test
    void predictionFallsBackToExactBlocksWhenTheSharedNormaliserUnderflows() throws Exception {
        // Inputs scaled up so far that, in many rows, a whole key block lies hundreds below the row's largest score:
        // one softmax over the row underflows there, and the prediction path must notice and compute block by block.
        // (Without that check, outputs are off by a factor of about 2; scores of this size carry float rounding of
        // about 1e-3 relative, hence the tolerance.)
        Engine.getInstance().setRandomSeed(31);
        try (NDManager manager = NDManager.newBaseManager()) {
            MultimodalCompositeAttention reference = mca(manager, false, 2);
            MultimodalCompositeAttention blockwise = mca(manager, true, 2);
            NnFixtures.load(blockwise, manager, NnFixtures.save(reference));
            ParameterStore ps = new ParameterStore(manager, false);
            NDArray x = NnFixtures.random(manager, new Random(31), 2, N, D).mul(60f);
            NDArray keys = manager.ones(new Shape(2, N));
            float[] a = reference.forward(ps, new NDList(x, keys), false).get(0).toFloatArray();
            float[] b = blockwise.forward(ps, new NDList(x, keys), false).get(0).toFloatArray();
            for (int i = 0; i < a.length; i++) {
                assertEquals(a[i], b[i], 2e-3f * Math.max(1f, Math.abs(a[i])), "element " + i);
            }
        }
    }

    @Test
    void trainingFallsBackToExactBlocksWhenTheSharedNormaliserUnderflows() throws Exception {
        // As the prediction test above, in training: outputs and gradients must match the reference computation.
        Engine.getInstance().setRandomSeed(32);
        try (NDManager manager = NDManager.newBaseManager()) {
            MultimodalCompositeAttention[] blocks = referenceAndBlockwise(manager);
            NDArray x = NnFixtures.random(manager, new Random(33), 2, N, D).mul(15f);
            NDArray keys = manager.ones(new Shape(2, N));
            NDArray target = NnFixtures.random(manager, new Random(34), 2, N, D);
            float[][] outputs = trainOnce(manager, blocks, x, keys, target);
            for (int k = 0; k < outputs[0].length; k++) {
                assertEquals(outputs[0][k], outputs[1][k], 2e-3f * Math.max(1f, Math.abs(outputs[0][k])), "output " + k);
            }
            // Gradients of inputs this large carry cancellation errors (the query bias's sum over rows the most, by
            // either computation), so they are compared against the largest gradient of the block.
            List<Parameter> ref = blocks[0].getParameters().values();
            List<Parameter> blk = blocks[1].getParameters().values();
            float scale = 0f;
            for (Parameter parameter : ref) {
                for (float g : parameter.getArray().getGradient().toFloatArray()) {
                    scale = Math.max(scale, Math.abs(g));
                }
            }
            for (int i = 0; i < ref.size(); i++) {
                float[] g0 = ref.get(i).getArray().getGradient().toFloatArray();
                float[] g1 = blk.get(i).getArray().getGradient().toFloatArray();
                assertArrayEquals(g0, g1, 1e-3f * scale, ref.get(i).getName());
            }
        }
    }

    /** A reference and a blockwise MCA with the same weights, the blockwise one with fresh gradient arrays. */
    private static MultimodalCompositeAttention[] referenceAndBlockwise(NDManager manager) throws Exception {
        MultimodalCompositeAttention[] blocks = new MultimodalCompositeAttention[2];
        for (int i = 0; i < 2; i++) {
            blocks[i] = MultimodalCompositeAttention.builder().hiddenDim(D).heads(H).optBlockwise(i == 1).build();
            blocks[i].initialize(manager, DataType.FLOAT32, new Shape(2, N, D), new Shape(2, N));
        }
        NnFixtures.load(blocks[1], manager, NnFixtures.save(blocks[0]));
        LoadedParameters.restoreGradients(blocks[1]);
        return blocks;
    }

    /** One training forward and backward of each block on a squared error; returns their outputs. */
    private static float[][] trainOnce(NDManager manager, MultimodalCompositeAttention[] blocks, NDArray x, NDArray keys,
                                       NDArray target) {
        float[][] outputs = new float[blocks.length][];
        for (int i = 0; i < blocks.length; i++) {
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = blocks[i].forward(new ParameterStore(manager, false), new NDList(x, keys), true).head();
                outputs[i] = y.toFloatArray();
                gc.backward(y.sub(target).pow(2).sum());
            }
        }
        return outputs;
    }
}
