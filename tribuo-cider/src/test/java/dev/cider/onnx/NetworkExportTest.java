package dev.cider.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.cider.maci.CausalHead;
import dev.cider.nn.CiderBackbone;
import dev.cider.nn.CiderNetworkConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The exported backbone (aligned and unaligned) and causal head compute what DJL computes at prediction time,
 * within 1e-5, on padded batches with partly zeroed (missing) steps.
 */
class NetworkExportTest {

    private static final double TOLERANCE = 1e-5;
    private static final int TEXT_DIM = 12;
    private static final int TEXT_STEPS = 6;
    private static final int AUDIO_STEPS = 9;
    private static final int AUDIO_DIM = 5;
    private static final int VISION_STEPS = 7;
    private static final int VISION_DIM = 4;

    private static void check(String what, float[] expected, float[] actual) {
        double diff = OnnxRuns.maxAbsDifference(expected, actual);
        System.out.println("[onnx] " + what + ": max abs difference " + diff);
        assertTrue(diff <= TOLERANCE, what + " differs by " + diff);
    }

    private static CiderNetworkConfig config(boolean aligned) {
        CiderNetworkConfig.Builder b = CiderNetworkConfig.builder().textFeatureDim(TEXT_DIM).textSteps(TEXT_STEPS)
                .hiddenDim(8).feedForwardDim(16).layers(2).heads(4).aligned(aligned);
        return (aligned ? b.audio(TEXT_STEPS, AUDIO_DIM).vision(TEXT_STEPS, VISION_DIM)
                : b.audio(AUDIO_STEPS, AUDIO_DIM).vision(VISION_STEPS, VISION_DIM)).build();
    }

    // Random features with every third valid audio frame zeroed (a missing frame).
    private static NDList inputs(NDManager manager, CiderNetworkConfig c, int[] text, int[] audio, int[] vision) {
        Random rng = new Random(51);
        int b = text.length;
        NDArray audioFeatures = OnnxRuns.random(manager, rng, b, c.audioSteps(), c.audioDim());
        float[] a = audioFeatures.toFloatArray();
        for (int i = 0; i < a.length; i++) {
            if ((i / c.audioDim()) % 3 == 1) {
                a[i] = 0f;
            }
        }
        return new NDList(OnnxRuns.random(manager, rng, b, c.textSteps(), c.textFeatureDim()), OnnxRuns.mask(manager, c.textSteps(), text),
                manager.create(a, audioFeatures.getShape()), OnnxRuns.mask(manager, c.audioSteps(), audio),
                OnnxRuns.random(manager, rng, b, c.visionSteps(), c.visionDim()), OnnxRuns.mask(manager, c.visionSteps(), vision));
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void backboneJointMatchesDjl(boolean aligned) throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            CiderNetworkConfig c = config(aligned);
            CiderBackbone backbone = new CiderBackbone(c);
            backbone.initialize(manager, DataType.FLOAT32, backbone.inputShapes(3));
            OnnxRuns.randomize(backbone, 52, 0.5f);
            NDList in = aligned ? inputs(manager, c, new int[]{6, 3, 2}, new int[]{6, 3, 2}, new int[]{6, 3, 2})
                    : inputs(manager, c, new int[]{6, 4, 3}, new int[]{9, 5, 1}, new int[]{7, 2, 7});
            float[] expected = backbone.forward(new ParameterStore(manager, false), in, false).head().toFloatArray();
            String[] names = {"text", "textMask", "audio", "audioMask", "vision", "visionMask"};
            List<OnnxRuns.Input> inputs = new java.util.ArrayList<>();
            for (int i = 0; i < names.length; i++) {
                inputs.add(new OnnxRuns.Input(names[i], in.get(i)));
            }
            float[] onnx = OnnxRuns.run(inputs, r -> BackboneExport.joint(new OnnxGraph(r.get(0).onnxContext()),
                    r.get(0), r.get(1), r.get(2), r.get(3), r.get(4), r.get(5), backbone), c.jointDim());
            check("backbone joint (aligned " + aligned + ")", expected, onnx);
        }
    }

    @Test
    void ablationsAreRefused() {
        try (NDManager manager = NDManager.newBaseManager()) {
            CiderNetworkConfig c = CiderNetworkConfig.builder().textFeatureDim(TEXT_DIM).textSteps(TEXT_STEPS).hiddenDim(8)
                    .heads(2).audio(AUDIO_STEPS, AUDIO_DIM).vision(VISION_STEPS, VISION_DIM).aligned(false)
                    .compression(dev.cider.nn.Compression.MEAN_POOL).build();
            CiderBackbone backbone = new CiderBackbone(c);
            backbone.initialize(manager, DataType.FLOAT32, backbone.inputShapes(1));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OnnxRuns.run(
                    List.of(new OnnxRuns.Input("x", manager.zeros(new Shape(1, 2)))),
                    r -> BackboneExport.joint(new OnnxGraph(r.get(0).onnxContext()), r.get(0), r.get(0), r.get(0), r.get(0), r.get(0), r.get(0), backbone), 2));
            assertTrue(e.getMessage().contains("MEAN_POOL"), e.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 7})
    void causalHeadMatchesDjl(int k) throws Exception {
        int joint = 24;
        try (NDManager manager = NDManager.newBaseManager()) {
            CausalHead head = CausalHead.builder().setNumClasses(k).optJointDim(joint).optHiddenDim(8)
                    .setTextDim(TEXT_DIM).setAudioDim(AUDIO_DIM).setVisionDim(VISION_DIM).build();
            Random rng = new Random(61);
            NDArray h = OnnxRuns.random(manager, rng, 4, joint);
            NDArray text = OnnxRuns.random(manager, rng, k, TEXT_DIM);
            NDArray audio = OnnxRuns.random(manager, rng, k, AUDIO_DIM);
            NDArray vision = OnnxRuns.random(manager, rng, k, VISION_DIM);
            float[] priorValues = new float[k];
            float total = 0;
            for (int c = 0; c < k; c++) {
                priorValues[c] = 1f + c;
                total += priorValues[c];
            }
            for (int c = 0; c < k; c++) {
                priorValues[c] /= total;
            }
            NDArray priors = manager.create(priorValues);
            head.initialize(manager, DataType.FLOAT32, h.getShape(), text.getShape(), audio.getShape(), vision.getShape(), priors.getShape());
            OnnxRuns.randomize(head, 62, 0.5f);
            float[] expected = head.forward(new ParameterStore(manager, false), new NDList(h, text, audio, vision, priors), false)
                    .head().toFloatArray();
            float[][][] prototypes = {rows(text, k), rows(audio, k), rows(vision, k)};
            float[] onnx = OnnxRuns.run(List.of(new OnnxRuns.Input("joint", h)), r -> CausalHeadExport.logProbabilities(
                    new OnnxGraph(r.get(0).onnxContext()), r.get(0), head, prototypes, priorValues), k);
            check("causal head (K = " + k + ")", expected, onnx);
        }
    }

    private static float[][] rows(NDArray array, int k) {
        float[] flat = array.toFloatArray();
        int width = flat.length / k;
        float[][] out = new float[k][width];
        for (int c = 0; c < k; c++) {
            System.arraycopy(flat, c * width, out[c], 0, width);
        }
        return out;
    }

}
