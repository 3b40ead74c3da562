package dev.cider.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CiderLossesTest {

    @Test
    void nllAveragesTheTrueClassLogProbabilities() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray logP = m.create(new float[] {-0.1f, -2f, -3f, -1f, -0.5f, -4f}, new Shape(2, 3));
            NDArray y = m.create(new int[] {0, 1});
            assertEquals((0.1 + 0.5) / 2, CiderLosses.nll(logP, y).getFloat(), 1e-6);
        }
    }

    @Test
    void reconstructionCountsOnlyDroppedPositions() {
        try (NDManager m = NDManager.newBaseManager()) {
            // B=1, T=3, D=2. Errors: step0 (0.5, 0.5) quadratic -> 0.125 each; step1 (3, 0) -> 2.5 and 0; step2 huge but kept.
            NDArray rec = m.create(new float[] {0.5f, 0.5f, 3f, 0f, 100f, 100f}, new Shape(1, 3, 2));
            NDArray target = m.zeros(new Shape(1, 3, 2));
            NDArray dropped = m.create(new float[] {1f, 1f, 0f}, new Shape(1, 3));
            assertEquals((0.125 + 0.125 + 2.5 + 0) / (2 * 2), CiderLosses.maskedSmoothL1(rec, target, dropped).getFloat(), 1e-6);
            NDArray none = m.zeros(new Shape(1, 3));
            assertEquals(0f, CiderLosses.maskedSmoothL1(rec, target, none).getFloat());
        }
    }

    @Test
    void attentionKlIsZeroForEqualScoresAndPositiveOtherwise() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray s = m.randomNormal(new Shape(2, 4, 5, 5));
            assertEquals(0f, CiderLosses.attentionKl(s, s).getFloat(), 1e-6);
            NDArray other = m.randomNormal(new Shape(2, 4, 5, 5));
            // hand computation of one KL row summed over all rows, divided by B*H = 8
            float[] p = s.softmax(-1).toFloatArray();
            float[] q = other.softmax(-1).toFloatArray();
            double kl = 0;
            for (int i = 0; i < p.length; i++) {
                kl += p[i] * (Math.log(p[i]) - Math.log(q[i]));
            }
            assertEquals(kl / 8, CiderLosses.attentionKl(s, other).getFloat(), 1e-4);
        }
    }

    @Test
    void attentionKlGradientIsAutogradsThroughTheDirectFormulaAcrossChunks() {
        try (NDManager m = NDManager.newBaseManager()) {
            // 37 utterances: two full chunks of 16 and a partial one.
            Shape shape = new Shape(37, 2, 6, 6);
            NDArray teacher = m.randomNormal(0f, 2f, shape, ai.djl.ndarray.types.DataType.FLOAT32);
            NDArray student = m.randomNormal(0f, 2f, shape, ai.djl.ndarray.types.DataType.FLOAT32);
            NDArray direct = student.duplicate();
            student.setRequiresGradient(true);
            direct.setRequiresGradient(true);
            teacher.setRequiresGradient(true);
            float chunked;
            float reference;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = CiderLosses.attentionKl(teacher, student);
                gc.backward(loss);
                chunked = loss.getFloat();
            }
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray logP = teacher.stopGradient().logSoftmax(-1);
                NDArray loss = logP.exp().mul(logP.sub(direct.logSoftmax(-1))).sum().div(37f * 2f);
                gc.backward(loss);
                reference = loss.getFloat();
            }
            assertEquals(reference, chunked, 1e-5 * Math.abs(reference));
            float[] want = direct.getGradient().toFloatArray();
            float[] got = student.getGradient().toFloatArray();
            for (int i = 0; i < want.length; i++) {
                assertEquals(want[i], got[i], 1e-7, "gradient " + i);
            }
            assertEquals(0f, teacher.getGradient().abs().sum().getFloat(), "no gradient reaches the complete view");
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> CiderLosses.attentionKl(teacher, m.zeros(new Shape(37, 2, 6, 5))));
        }
    }

    @Test
    void jointCosineAndGradientsOnlyReachTheIncompleteSide() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.create(new float[] {1, 0, 0, 1}, new Shape(2, 2));
            NDArray b = m.create(new float[] {1, 0, 1, 0}, new Shape(2, 2));
            a.setRequiresGradient(true);
            b.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = CiderLosses.jointCosine(a, b);
                assertEquals(1 - (1 + 0) / 2.0, loss.getFloat(), 1e-6);
                gc.backward(loss);
            }
            assertEquals(0f, b.getGradient().abs().sum().getFloat());
            assertEquals(true, a.getGradient().abs().sum().getFloat() > 0);
        }
    }
}
