package dev.cider.data;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FeatureSequenceTest {

    /** A padded array: random valid rows (some zero frames, some -0.0 values), then the given padding. */
    private static float[] padded(int steps, int dim, int length, float paddingValue, int paddingRows, SplittableRandom rng) {
        float[] v = new float[steps * dim];
        for (int t = 0; t < length; t++) {
            if (rng.nextInt(5) == 0) {
                continue; // a missing (zero) frame
            }
            for (int d = 0; d < dim; d++) {
                v[t * dim + d] = rng.nextInt(7) == 0 ? -0.0f : (float) rng.nextGaussian();
            }
        }
        for (int t = length; t < Math.min(steps, length + paddingRows); t++) {
            v[t * dim + (t % Math.max(dim, 1))] = paddingValue;
        }
        return v;
    }

    private record Case(String name, float[] values, int steps, int dim, int length) {
    }

    private static List<Case> cases() {
        SplittableRandom rng = new SplittableRandom(7);
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("zero padding", padded(40, 6, 11, 0f, 0, rng), 40, 6, 11));
        cases.add(new Case("full length", padded(12, 5, 12, 0f, 0, rng), 12, 5, 12));
        cases.add(new Case("empty", padded(9, 4, 0, 0f, 0, rng), 9, 4, 0));
        cases.add(new Case("non-zero padding", padded(30, 3, 8, 2.5f, 4, rng), 30, 3, 8));
        cases.add(new Case("non-zero padding, empty prefix", padded(10, 3, 0, -1f, 2, rng), 10, 3, 0));
        cases.add(new Case("negative-zero padding", padded(20, 4, 5, -0.0f, 3, rng), 20, 4, 5));
        cases.add(new Case("zero dimension", new float[0], 7, 0, 3));
        cases.add(new Case("no steps", new float[0], 0, 5, 0));
        return cases;
    }

    private static void assertSameAsPadded(PaddedReference ref, FeatureSequence seq, String name) {
        assertEquals(ref.steps, seq.steps(), name);
        assertEquals(ref.dim, seq.dim(), name);
        assertEquals(ref.length, seq.length(), name);
        assertArrayEquals(ref.values, seq.toArray(), name);
        for (int t = 0; t < ref.steps; t++) {
            assertEquals(ref.isZeroFrame(t), seq.isZeroFrame(t), name + " step " + t);
            for (int d = 0; d < ref.dim; d++) {
                assertEquals(Float.floatToRawIntBits(ref.get(t, d)), Float.floatToRawIntBits(seq.get(t, d)), name + " (" + t + ", " + d + ")");
            }
        }
        // copyTo writes every value, padding included, over whatever the destination held.
        float[] dest = new float[ref.values.length + 7];
        Arrays.fill(dest, 9f);
        seq.copyTo(dest, 3);
        float[] expected = new float[dest.length];
        Arrays.fill(expected, 9f);
        System.arraycopy(ref.values, 0, expected, 3, ref.values.length);
        assertArrayEquals(expected, dest, name);
        // copyStepsTo writes the first n steps only (valid steps and padding up to n); it never cuts valid steps.
        for (int n = ref.length; n <= ref.steps; n += Math.max(1, (ref.steps - ref.length) / 2)) {
            float[] prefix = new float[n * ref.dim + 2];
            Arrays.fill(prefix, 9f);
            seq.copyStepsTo(prefix, 1, n);
            float[] want = new float[prefix.length];
            Arrays.fill(want, 9f);
            System.arraycopy(ref.values, 0, want, 1, n * ref.dim);
            assertArrayEquals(want, prefix, name + " first " + n + " steps");
        }
        float[] big = new float[(ref.steps + 1) * Math.max(1, ref.dim)];
        if (ref.length > 0) {
            assertThrows(IllegalArgumentException.class, () -> seq.copyStepsTo(big, 0, ref.length - 1), name);
        }
        assertThrows(IllegalArgumentException.class, () -> seq.copyStepsTo(big, 0, ref.steps + 1), name);
        double[] mean = ref.validMean();
        assertArrayEquals(mean, seq.validMean(), 0.0, name);
        assertArrayEquals(ref.validStd(mean), seq.validStd(mean), 0.0, name);
        assertEquals(ref.hash(), seq.hashCode(), name);
    }

    @Test
    void everyViewEqualsThePaddedLayout() {
        for (Case c : cases()) {
            PaddedReference ref = new PaddedReference(c.values(), c.steps(), c.dim(), c.length());
            assertSameAsPadded(ref, new FeatureSequence(c.values(), c.steps(), c.dim(), c.length()), c.name() + " (constructor)");
            assertSameAsPadded(ref, FeatureSequence.wrap(c.values().clone(), c.steps(), c.dim(), c.length()), c.name() + " (wrap)");
        }
    }

    @Test
    void droppedStepsEqualThePaddedLayout() {
        SplittableRandom rng = new SplittableRandom(3);
        for (Case c : cases()) {
            boolean[] keep = new boolean[c.steps()];
            for (int t = 0; t < keep.length; t++) {
                keep[t] = rng.nextBoolean();
            }
            PaddedReference ref = new PaddedReference(c.values(), c.steps(), c.dim(), c.length()).withDroppedSteps(keep);
            FeatureSequence dropped = FeatureSequence.wrap(c.values().clone(), c.steps(), c.dim(), c.length()).withDroppedSteps(keep);
            assertSameAsPadded(ref, dropped, c.name() + " (dropped)");
            assertEquals(new FeatureSequence(ref.values, c.steps(), c.dim(), c.length()), dropped, c.name());
        }
    }

    @Test
    void equalityComparesAllPaddedValues() {
        SplittableRandom rng = new SplittableRandom(5);
        float[] v = padded(20, 3, 6, 0f, 0, rng);
        FeatureSequence a = FeatureSequence.wrap(v.clone(), 20, 3, 6);
        FeatureSequence b = new FeatureSequence(v, 20, 3, 6);
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        float[] withPadding = v.clone();
        withPadding[15 * 3 + 1] = 1f;
        FeatureSequence c = new FeatureSequence(withPadding, 20, 3, 6);
        assertNotEquals(a, c);
        assertNotEquals(c, a);
        float[] negativeZero = v.clone();
        negativeZero[19 * 3] = -0.0f;
        assertNotEquals(a, new FeatureSequence(negativeZero, 20, 3, 6), "-0.0 differs from 0.0 as in Arrays.equals");
        assertNotEquals(a, new FeatureSequence(v, 20, 3, 7));
        assertNotEquals(a, new FeatureSequence(Arrays.copyOf(v, 63), 21, 3, 6));
    }

    @Test
    void theOtherFactoriesGiveTheSameSequences() {
        float[][] rows = {{1f, 2f}, {0f, 0f}, {-3f, 4f}};
        FeatureSequence fromRows = FeatureSequence.fromRows(rows, 6, 2);
        float[] padded = {1f, 2f, 0f, 0f, -3f, 4f, 0f, 0f, 0f, 0f, 0f, 0f};
        assertEquals(new FeatureSequence(padded, 6, 2, 3), fromRows);
        assertArrayEquals(padded, fromRows.toArray());
        FeatureSequence valid = FeatureSequence.wrapValid(new float[]{1f, 2f, 0f, 0f, -3f, 4f}, 6, 2, 3);
        assertEquals(fromRows, valid);
        assertArrayEquals(padded, valid.toArray());
        FeatureSequence zeros = FeatureSequence.zeros(5, 3, 2);
        assertArrayEquals(new float[15], zeros.toArray());
        assertEquals(new FeatureSequence(new float[15], 5, 3, 2), zeros);
        assertTrue(zeros.isZeroFrame(0) && zeros.isZeroFrame(4));
    }

    @Test
    void theInputArrayIsCopiedAndCopiesAreIndependent() {
        float[] v = {1f, 2f, 3f, 4f, 0f, 0f};
        FeatureSequence s = new FeatureSequence(v, 3, 2, 2);
        v[0] = 99f;
        assertEquals(1f, s.get(0, 0));
        float[] out = s.toArray();
        out[1] = 42f;
        assertEquals(2f, s.get(0, 1));
        float[] valid = {5f, 6f};
        FeatureSequence w = FeatureSequence.wrapValid(valid, 4, 2, 1);
        FeatureSequence dropped = w.withDroppedSteps(new boolean[]{false});
        assertEquals(5f, w.get(0, 0), "dropping steps leaves the original untouched");
        assertTrue(dropped.isZeroFrame(0));
    }

    @Test
    void badInputIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new FeatureSequence(new float[5], 3, 2, 1));
        assertThrows(IllegalArgumentException.class, () -> new FeatureSequence(new float[6], 3, 2, 4));
        assertThrows(IllegalArgumentException.class, () -> new FeatureSequence(new float[6], -3, -2, 0));
        assertThrows(IllegalArgumentException.class, () -> FeatureSequence.wrap(new float[]{0f, 0f, Float.NaN, 0f}, 2, 2, 1),
                "a non-finite value in the padding is refused too");
        assertThrows(IllegalArgumentException.class, () -> FeatureSequence.wrapValid(new float[3], 4, 2, 2));
        assertThrows(IllegalArgumentException.class, () -> FeatureSequence.wrapValid(new float[]{Float.POSITIVE_INFINITY, 0f}, 4, 2, 1));
        assertThrows(IllegalArgumentException.class, () -> FeatureSequence.wrapValid(new float[10], 4, 2, 5));
        assertThrows(IllegalArgumentException.class, () -> FeatureSequence.zeros(3, 2, 4));
        assertThrows(IllegalArgumentException.class, () -> FeatureSequence.fromRows(new float[][]{{1f}, {2f, 3f}}, 4, 1));
        FeatureSequence s = FeatureSequence.zeros(4, 2, 1);
        assertThrows(IndexOutOfBoundsException.class, () -> s.get(4, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> s.get(0, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> s.isZeroFrame(-1));
        float[] small = new float[7];
        Arrays.fill(small, 1f);
        assertThrows(IndexOutOfBoundsException.class, () -> s.copyTo(small, 0));
        assertArrayEquals(new float[]{1f, 1f, 1f, 1f, 1f, 1f, 1f}, small, "a failed copy leaves the destination unchanged");
        assertThrows(IllegalArgumentException.class, () -> s.withDroppedSteps(new boolean[0]));
    }

    private static byte[] serialize(Object o) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        }
        return bytes.toByteArray();
    }

    private static Object deserialize(byte[] bytes) throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return in.readObject();
        }
    }

    @Test
    void onlyTheValidPrefixIsStored() throws Exception {
        // A MOSEI-like audio sequence: 500 steps of 74 values, 20 valid. Serialised, it takes about its valid floats.
        SplittableRandom rng = new SplittableRandom(1);
        float[] v = padded(500, 74, 20, 0f, 0, rng);
        FeatureSequence s = FeatureSequence.wrap(v, 500, 74, 20);
        byte[] bytes = serialize(s);
        assertTrue(bytes.length < 20 * 74 * 4 + 1024, "serialised size " + bytes.length);
        FeatureSequence back = (FeatureSequence) deserialize(bytes);
        assertEquals(s, back);
        assertArrayEquals(v, back.toArray());
        // Non-zero padding is kept up to its last non-zero row.
        float[] p = padded(500, 74, 20, 1f, 10, rng);
        FeatureSequence withPadding = FeatureSequence.wrap(p, 500, 74, 20);
        byte[] paddedBytes = serialize(withPadding);
        assertTrue(paddedBytes.length < 30 * 74 * 4 + 1024, "serialised size " + paddedBytes.length);
        assertArrayEquals(p, ((FeatureSequence) deserialize(paddedBytes)).toArray());
    }
}
