package dev.cider.maci;

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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The plain head of the "without MCM" ablation: a linear classifier with log-softmax that ignores the prototypes.
 */
class PlainHeadTest {

    private static final int J = 6;
    private static final int K = 3;

    private static NDArray random(NDManager manager, Random rng, long... shape) {
        Shape s = new Shape(shape);
        float[] v = new float[(int) s.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextFloat() * 2 - 1;
        }
        return manager.create(v, s);
    }

    private static NDList inputs(NDManager manager, Random rng, NDArray joint) {
        NDArray priors = random(manager, rng, K).abs();
        return new NDList(joint, random(manager, rng, K, 4), random(manager, rng, K, 2), random(manager, rng, K, 3),
                priors.div(priors.sum()));
    }

    private static PlainHead head(NDManager manager) {
        PlainHead head = PlainHead.builder().setNumClasses(K).optJointDim(J).build();
        head.initialize(manager, DataType.FLOAT32, new Shape(2, J), new Shape(K, 4), new Shape(K, 2), new Shape(K, 3), new Shape(K));
        return head;
    }

    @Test
    void logSoftmaxOfALinearMapComputedByHand() {
        try (NDManager manager = NDManager.newBaseManager()) {
            PlainHead head = head(manager);
            Random rng = new Random(2);
            NDArray joint = random(manager, rng, 2, J);
            float[] out = head.forward(new ParameterStore(manager, false), inputs(manager, rng, joint), false).head().toFloatArray();
            float[] w = head.getClassifier().getParameters().get("weight").getArray().toFloatArray(); // (K, J)
            float[] b = head.getClassifier().getParameters().get("bias").getArray().toFloatArray();   // (K)
            float[] x = joint.toFloatArray();
            for (int i = 0; i < 2; i++) {
                double[] logits = new double[K];
                double max = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < K; k++) {
                    logits[k] = b[k];
                    for (int j = 0; j < J; j++) {
                        logits[k] += w[k * J + j] * x[i * J + j];
                    }
                    max = Math.max(max, logits[k]);
                }
                double sum = 0;
                for (int k = 0; k < K; k++) {
                    sum += Math.exp(logits[k] - max);
                }
                for (int k = 0; k < K; k++) {
                    assertEquals(logits[k] - max - Math.log(sum), out[i * K + k], 1e-5, "sample " + i + ", class " + k);
                }
            }
        }
    }

    @Test
    void ignoresPrototypesAndPriors() {
        try (NDManager manager = NDManager.newBaseManager()) {
            PlainHead head = head(manager);
            ParameterStore ps = new ParameterStore(manager, false);
            NDArray joint = random(manager, new Random(1), 2, J);
            NDArray a = head.forward(ps, inputs(manager, new Random(10), joint), false).head();
            NDArray b = head.forward(ps, inputs(manager, new Random(20), joint), false).head();
            assertArrayEquals(a.toFloatArray(), b.toFloatArray(), 0f);
            assertFalse(head.usesPrototypes());
            assertTrue(CausalHead.builder().setNumClasses(K).optJointDim(J).setTextDim(4).setAudioDim(2).setVisionDim(3).build().usesPrototypes());
        }
    }

    @Test
    void parameterCountAndGradient() {
        try (NDManager manager = NDManager.newBaseManager()) {
            PlainHead head = head(manager);
            assertEquals((long) K * J + K, CausalHead.countParameters(head));
            PlainHead spec = PlainHead.builder().setNumClasses(3).build();
            spec.initialize(manager, DataType.FLOAT32, new Shape(1, 96), new Shape(3, 768), new Shape(3, 5), new Shape(3, 20), new Shape(3));
            assertEquals(291, CausalHead.countParameters(spec), "96 * 3 + 3 for the CIDer joint representation and K = 3");
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray logP = head.forward(new ParameterStore(manager, false), inputs(manager, new Random(3), random(manager, new Random(4), 2, J)), true).head();
                gc.backward(logP.get(":, 0").mean().neg());
            }
            for (var p : head.getParameters()) {
                assertTrue(p.getValue().getArray().getGradient().abs().max().getFloat() > 0, p.getKey());
            }
        }
    }

    @Test
    void rejectsBadSettingsAndInputs() {
        assertThrows(IllegalArgumentException.class, () -> PlainHead.builder().build());
        assertThrows(IllegalArgumentException.class, () -> PlainHead.builder().setNumClasses(3).optJointDim(0).build());
        try (NDManager manager = NDManager.newBaseManager()) {
            PlainHead head = head(manager);
            ParameterStore ps = new ParameterStore(manager, false);
            IllegalArgumentException few = assertThrows(IllegalArgumentException.class,
                    () -> head.forward(ps, new NDList(manager.zeros(new Shape(2, J))), false));
            assertTrue(few.getMessage().contains("5 inputs"), few.getMessage());
            IllegalArgumentException wide = assertThrows(IllegalArgumentException.class,
                    () -> head.forward(ps, inputs(manager, new Random(1), manager.zeros(new Shape(2, J + 1))), false));
            assertTrue(wide.getMessage().contains("(B, " + J + ")"), wide.getMessage());
        }
    }
}
