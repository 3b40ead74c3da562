package dev.cider.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.nn.recurrent.GRU;
import ai.djl.training.ParameterStore;
import dev.cider.nn.ModalityProjection;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The exported basic layers compute what DJL computes, within 1e-5.
 */
class LayerExportTest {

    private static final double TOLERANCE = 1e-5;

    private static float[] djl(NDManager manager, Block block, NDArray... inputs) {
        return block.forward(new ParameterStore(manager, false), new NDList(inputs), false).head().toFloatArray();
    }

    private static void check(String what, float[] expected, float[] actual) {
        double diff = OnnxRuns.maxAbsDifference(expected, actual);
        System.out.println("[onnx] " + what + ": max abs difference " + diff);
        assertTrue(diff <= TOLERANCE, what + " differs by " + diff);
    }

    @Test
    void projectionAndLinearMatchDjl() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = OnnxRuns.random(manager, new Random(1), 3, 5, 7);
            ModalityProjection projection = ModalityProjection.builder().hiddenDim(6).build();
            projection.initialize(manager, DataType.FLOAT32, x.getShape());
            float[] onnx = OnnxRuns.run(List.of(new OnnxRuns.Input("x", x)),
                    in -> LayerExport.projection(new OnnxGraph(in.get(0).onnxContext()), in.get(0), projection, "proj"), 5 * 6);
            check("projection", djl(manager, projection, x), onnx);

            Linear linear = Linear.builder().setUnits(4).build();
            linear.initialize(manager, DataType.FLOAT32, x.getShape());
            linear.getParameters().get("bias").getArray().set(OnnxRuns.random(manager, new Random(2), 4).toFloatArray());
            float[] viaLinear = OnnxRuns.run(List.of(new OnnxRuns.Input("x", x)),
                    in -> LayerExport.linear(new OnnxGraph(in.get(0).onnxContext()), in.get(0), linear, "lin"), 5 * 4);
            check("linear with bias", djl(manager, linear, x), viaLinear);
        }
    }

    @Test
    void layerNormMatchesDjl() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = OnnxRuns.random(manager, new Random(3), 2, 4, 8).mul(3f).add(0.5f);
            LayerNorm norm = LayerNorm.builder().axis(2).build();
            norm.initialize(manager, DataType.FLOAT32, x.getShape());
            norm.getParameters().get("gamma").getArray().set(OnnxRuns.random(manager, new Random(4), 8).toFloatArray());
            norm.getParameters().get("beta").getArray().set(OnnxRuns.random(manager, new Random(5), 8).toFloatArray());
            float[] onnx = OnnxRuns.run(List.of(new OnnxRuns.Input("x", x)),
                    in -> LayerExport.layerNorm(new OnnxGraph(in.get(0).onnxContext()), in.get(0), norm, "ln"), 4 * 8);
            check("layer norm", djl(manager, norm, x), onnx);
        }
    }

    @Test
    void gruMatchesDjlWithPyTorchGateOrder() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = OnnxRuns.random(manager, new Random(6), 3, 9, 5);
            GRU gru = GRU.builder().setStateSize(6).setNumLayers(1).optBatchFirst(true).optReturnState(false).build();
            gru.initialize(manager, DataType.FLOAT32, x.getShape());
            // Non-zero biases, different per gate, so a wrong gate order or reset placement shows.
            Random rng = new Random(7);
            for (var p : gru.getParameters()) {
                NDArray a = p.getValue().getArray();
                a.set(OnnxRuns.random(manager, rng, a.getShape().getShape()).mul(0.8f).toFloatArray());
            }
            float[] onnx = OnnxRuns.run(List.of(new OnnxRuns.Input("x", x)),
                    in -> LayerExport.gru(new OnnxGraph(in.get(0).onnxContext()), in.get(0), gru, "gru"), 9 * 6);
            check("GRU", djl(manager, gru, x), onnx);
        }
    }
}
