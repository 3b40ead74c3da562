package dev.cider.nn;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.recurrent.GRU;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GruGroupTest {

    private static GRU gru(NDManager manager, int hidden, int in) {
        GRU g = GRU.builder().setStateSize(hidden).setNumLayers(1).optBatchFirst(true).optReturnState(false).build();
        g.initialize(manager, DataType.FLOAT32, new Shape(3, 7, in));
        return g;
    }

    @Test
    void groupEqualsSeparateGrusInOutputAndGradients() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // Different sizes per GRU, so a mix-up of blocks cannot go unnoticed.
            List<GRU> grus = List.of(gru(manager, 4, 5), gru(manager, 6, 3), gru(manager, 5, 4));
            Random rng = new Random(31);
            List<NDArray> inputs = List.of(NnFixtures.random(manager, rng, 3, 7, 5), NnFixtures.random(manager, rng, 3, 7, 3),
                    NnFixtures.random(manager, rng, 3, 7, 4));
            ParameterStore ps = new ParameterStore(manager, false);
            List<float[]> separate = new ArrayList<>();
            List<float[]> separateGrads = new ArrayList<>();
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = null;
                for (int m = 0; m < 3; m++) {
                    NDArray y = grus.get(m).forward(ps, new NDList(inputs.get(m)), true).head();
                    separate.add(y.toFloatArray());
                    NDArray term = y.mul(y.add(m + 1f)).sum();
                    loss = loss == null ? term : loss.add(term);
                }
                gc.backward(loss);
            }
            for (GRU g : grus) {
                for (Parameter p : g.getParameters().values()) {
                    separateGrads.add(p.getArray().getGradient().toFloatArray());
                    p.getArray().getGradient().muli(0f);
                }
            }
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDList ys = GruGroup.forward(ps, true, grus, inputs);
                assertEquals(3, ys.size());
                NDArray loss = null;
                for (int m = 0; m < 3; m++) {
                    assertEquals(new Shape(3, 7, new int[] {4, 6, 5}[m]), ys.get(m).getShape());
                    assertArrayEquals(separate.get(m), ys.get(m).toFloatArray(), 1e-5f, "output of GRU " + m);
                    NDArray term = ys.get(m).mul(ys.get(m).add(m + 1f)).sum();
                    loss = loss == null ? term : loss.add(term);
                }
                gc.backward(loss);
            }
            int i = 0;
            for (GRU g : grus) {
                for (Parameter p : g.getParameters().values()) {
                    float[] grad = p.getArray().getGradient().toFloatArray();
                    assertArrayEquals(separateGrads.get(i++), grad, 1e-4f, p.getName());
                }
            }
            assertTrue(separateGrads.stream().anyMatch(g -> g.length > 0 && Math.abs(g[0]) > 0), "gradients are not all zero");
        }
    }
}
