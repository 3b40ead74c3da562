package dev.cider.nn;

import ai.djl.ndarray.NDArray;
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

class WordSelfAlignedAttentionTest {

    private static final int D = 8;
    private static final int T = 6;
    private static final int TX = 9;

    @Test
    void rowMaskExcludesClsSepAndPadding() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray rows = WordSelfAlignedAttention.wordRowMask(NnFixtures.mask(manager, T, 5, 2, 1, 6));
            assertArrayEquals(new float[]{
                    0, 1, 1, 1, 0, 0,
                    0, 0, 0, 0, 0, 0,
                    0, 0, 0, 0, 0, 0,
                    0, 1, 1, 1, 1, 0}, rows.toFloatArray());
        }
    }

    @Test
    void paddedFramesAreIgnoredAndMaskedRowsAttendToNothing() {
        try (NDManager manager = NDManager.newBaseManager()) {
            WordSelfAlignedAttention wsam = WordSelfAlignedAttention.builder().hiddenDim(D).build();
            wsam.initialize(manager, DataType.FLOAT32, new Shape(2, T, D), new Shape(2, T), new Shape(2, TX, D), new Shape(2, TX));
            ParameterStore ps = new ParameterStore(manager, false);
            Random rng = new Random(3);
            NDArray text = NnFixtures.random(manager, rng, 2, T, D);
            NDArray rowMask = WordSelfAlignedAttention.wordRowMask(NnFixtures.mask(manager, T, 5, 6));
            NDArray other = NnFixtures.random(manager, rng, 2, TX, D);
            NDArray otherMask = NnFixtures.mask(manager, TX, 4, 9);
            NDList inputs = new NDList(text, rowMask, other, otherMask);
            float[] before = wsam.forward(ps, inputs, false).head().toFloatArray();

            // Change the padded frames (steps 4.. of the first sample) only.
            NDArray keep = otherMask.expandDims(2);
            NDArray changed = other.mul(keep).add(NnFixtures.random(manager, rng, 2, TX, D).mul(100f).mul(keep.neg().add(1f)));
            assertFalse(changed.contentEquals(other), "the test changes some frames");
            float[] after = wsam.forward(ps, new NDList(text, rowMask, changed, otherMask), false).head().toFloatArray();
            assertArrayEquals(before, after, 0f);

            // A valid frame does matter.
            NDArray valid = other.add(NnFixtures.mask(manager, TX, 1, 0).expandDims(2));
            float[] moved = wsam.forward(ps, new NDList(text, rowMask, valid, otherMask), false).head().toFloatArray();
            assertFalse(java.util.Arrays.equals(before, moved));

            NDArray weights = wsam.weights(ps, inputs, false, null);                    // (2, T, TX)
            float[] rowSums = weights.sum(new int[]{2}).toFloatArray();
            float[] rows = rowMask.toFloatArray();
            for (int i = 0; i < rows.length; i++) {
                assertEquals(rows[i], rowSums[i], 1e-5, "row " + i);
            }
            assertEquals(0f, weights.get("0, :, 4:").abs().sum().getFloat(), "padded keys get exactly zero weight");
            assertTrue(NnFixtures.finite(weights));
        }
    }
}
