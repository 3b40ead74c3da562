package dev.cider.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The one-input layout unpacks the padded modalities unchanged and turns the lengths into prefix masks.
 */
class FlatInputTest {

    @Test
    void unpacksFeaturesAndMasks() throws Exception {
        FlatInput layout = new FlatInput(3, 2, 4, 1, 2, 3);
        assertEquals(3 * 2 + 4 + 2 * 3 + 3, layout.width());
        try (NDManager manager = NDManager.newBaseManager()) {
            float[] row0 = OnnxRuns.random(manager, new Random(71), layout.width()).toFloatArray();
            float[] row1 = OnnxRuns.random(manager, new Random(72), layout.width()).toFloatArray();
            int lengths = layout.width() - FlatInput.LENGTHS;
            row0[lengths] = 3; row0[lengths + 1] = 1; row0[lengths + 2] = 0;
            row1[lengths] = 2; row1[lengths + 1] = 4; row1[lengths + 2] = 2;
            float[] both = new float[2 * layout.width()];
            System.arraycopy(row0, 0, both, 0, row0.length);
            System.arraycopy(row1, 0, both, row0.length, row1.length);
            NDArray input = manager.create(both, new Shape(2, layout.width()));
            // Features and masks concatenated back per row: features keep their order, masks follow the lengths.
            float[] out = OnnxRuns.run(List.of(new OnnxRuns.Input("input", input)), r -> {
                OnnxGraph g = new OnnxGraph(r.get(0).onnxContext());
                var parts = layout.unpack(g, r.get(0));
                return g.concat(1, List.of(g.reshape(parts[0], 0, -1), g.reshape(parts[2], 0, -1), g.reshape(parts[4], 0, -1),
                        parts[1], parts[3], parts[5]));
            }, lengths + 3 + 4 + 2);
            int width = lengths + 9;
            for (int b = 0; b < 2; b++) {
                float[] row = b == 0 ? row0 : row1;
                float[] features = new float[lengths];
                System.arraycopy(out, b * width, features, 0, lengths);
                assertArrayEquals(java.util.Arrays.copyOf(row, lengths), features);
            }
            float[] masks0 = java.util.Arrays.copyOfRange(out, lengths, width);
            float[] masks1 = java.util.Arrays.copyOfRange(out, width + lengths, 2 * width);
            assertArrayEquals(new float[]{1, 1, 1, 1, 0, 0, 0, 0, 0}, masks0);
            assertArrayEquals(new float[]{1, 1, 0, 1, 1, 1, 1, 1, 1}, masks1);
        }
    }
}
