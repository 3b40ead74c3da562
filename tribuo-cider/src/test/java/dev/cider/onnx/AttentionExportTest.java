package dev.cider.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.cider.nn.JointRepresentation;
import dev.cider.nn.MultimodalCompositeAttention;
import dev.cider.nn.MultimodalCompositeTransformer;
import dev.cider.nn.NaiveAttentionPooling;
import dev.cider.nn.WordSelfAlignedAttention;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The exported attention and pooling blocks compute what DJL computes at prediction time, within 1e-5, with padding
 * in the batch.
 */
class AttentionExportTest {

    private static final double TOLERANCE = 1e-5;
    private static final int D = 8;
    private static final int T = 5;

    private static float[] djl(NDManager manager, Block block, NDArray... inputs) {
        return block.forward(new ParameterStore(manager, false), new NDList(inputs), false).head().toFloatArray();
    }

    private static void check(String what, float[] expected, float[] actual) {
        double diff = OnnxRuns.maxAbsDifference(expected, actual);
        System.out.println("[onnx] " + what + ": max abs difference " + diff);
        assertTrue(diff <= TOLERANCE, what + " differs by " + diff);
    }

    private static OnnxGraph graph(List<org.tribuo.util.onnx.ONNXRef<?>> in) {
        return new OnnxGraph(in.get(0).onnxContext());
    }

    @Test
    void poolingAndJointMatchDjl() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = OnnxRuns.random(manager, new Random(11), 3, T, D);
            NDArray mask = OnnxRuns.mask(manager, T, 5, 2, 1);
            NaiveAttentionPooling pooling = NaiveAttentionPooling.builder().scorerDim(D).build();
            pooling.initialize(manager, DataType.FLOAT32, x.getShape(), mask.getShape());
            OnnxRuns.randomize(pooling, 12, 0.7f);
            float[] onnx = OnnxRuns.run(List.of(new OnnxRuns.Input("x", x), new OnnxRuns.Input("mask", mask)),
                    in -> PoolingExport.pooling(graph(in), in.get(0), in.get(1), pooling, "pool"), D);
            check("attention pooling", djl(manager, pooling, x, mask), onnx);

            NDArray joint = OnnxRuns.random(manager, new Random(13), 3, 3 * D);
            JointRepresentation block = JointRepresentation.builder().dim(3 * D).optDropout(0.3f).build();
            block.initialize(manager, DataType.FLOAT32, joint.getShape());
            OnnxRuns.randomize(block, 14, 0.3f);
            float[] viaJoint = OnnxRuns.run(List.of(new OnnxRuns.Input("x", joint)),
                    in -> PoolingExport.joint(graph(in), in.get(0), block, "joint"), 3 * D);
            check("joint representation", djl(manager, block, joint), viaJoint);
        }
    }

    @Test
    void wsamMatchesDjl() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            int otherSteps = 9;
            NDArray text = OnnxRuns.random(manager, new Random(21), 3, T, D);
            NDArray textMask = OnnxRuns.mask(manager, T, 5, 3, 2);
            NDArray rowMask = WordSelfAlignedAttention.wordRowMask(textMask);
            NDArray other = OnnxRuns.random(manager, new Random(22), 3, otherSteps, D);
            NDArray otherMask = OnnxRuns.mask(manager, otherSteps, 9, 4, 1);
            WordSelfAlignedAttention wsam = WordSelfAlignedAttention.builder().hiddenDim(D).build();
            wsam.initialize(manager, DataType.FLOAT32, text.getShape(), textMask.getShape(), other.getShape(), otherMask.getShape());
            OnnxRuns.randomize(wsam, 23, 0.6f);
            float[] onnx = OnnxRuns.run(List.of(new OnnxRuns.Input("text", text), new OnnxRuns.Input("rows", rowMask),
                            new OnnxRuns.Input("other", other), new OnnxRuns.Input("otherMask", otherMask)),
                    in -> AttentionExport.wsam(graph(in), in.get(0), in.get(1), in.get(2), in.get(3), wsam, "wsam"), (long) T * D);
            check("WSAM", djl(manager, wsam, text, rowMask, other, otherMask), onnx);
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void mcaMatchesDjl(boolean blockwise) throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = OnnxRuns.random(manager, new Random(31), 2, 3 * T, D);
            NDArray keyMask = NDArrays.concat(new NDList(OnnxRuns.mask(manager, T, 5, 2), OnnxRuns.mask(manager, T, 4, 2),
                    OnnxRuns.mask(manager, T, 5, 1)), 1);
            MultimodalCompositeAttention mca = MultimodalCompositeAttention.builder().hiddenDim(D).heads(2)
                    .optBlockwise(blockwise).build();
            mca.initialize(manager, DataType.FLOAT32, x.getShape(), keyMask.getShape());
            OnnxRuns.randomize(mca, 32, 0.5f);
            float[] onnx = OnnxRuns.run(List.of(new OnnxRuns.Input("x", x), new OnnxRuns.Input("keys", keyMask)),
                    in -> AttentionExport.mca(graph(in), in.get(0), in.get(1), mca, 2, T, "mca"), 3L * T * D);
            check("MCA (blockwise " + blockwise + ")", djl(manager, mca, x, keyMask), onnx);
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void mctMatchesDjl(boolean segmentPositions) throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = OnnxRuns.random(manager, new Random(41), 2, 3 * T, D);
            NDArray keyMask = NDArrays.concat(new NDList(OnnxRuns.mask(manager, T, 5, 3), OnnxRuns.mask(manager, T, 5, 3),
                    OnnxRuns.mask(manager, T, 5, 3)), 1);
            MultimodalCompositeTransformer mct = MultimodalCompositeTransformer.builder().hiddenDim(D).layers(2).heads(4)
                    .feedForwardDim(16).optSegmentPositions(segmentPositions).optBlockwise(true).build();
            mct.initialize(manager, DataType.FLOAT32, x.getShape(), keyMask.getShape());
            OnnxRuns.randomize(mct, 42, 0.4f);
            float[] onnx = OnnxRuns.run(List.of(new OnnxRuns.Input("x", x), new OnnxRuns.Input("keys", keyMask)),
                    in -> AttentionExport.mct(graph(in), in.get(0), in.get(1), mct, 4, T, segmentPositions, "mct"), 3L * T * D);
            check("MCT (segment positions " + segmentPositions + ")", djl(manager, mct, x, keyMask), onnx);
        }
    }
}
