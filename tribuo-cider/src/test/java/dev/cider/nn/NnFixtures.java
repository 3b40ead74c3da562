package dev.cider.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.Random;

/**
 * Small inputs and helpers shared by the nn tests.
 */
final class NnFixtures {

    static final int TEXT_DIM = 12;
    static final int TEXT_STEPS = 6;
    static final int AUDIO_STEPS = 9;
    static final int AUDIO_DIM = 5;
    static final int VISION_STEPS = 7;
    static final int VISION_DIM = 4;

    private NnFixtures() {
    }

    /** A small unaligned (or aligned, every length = T_l) configuration with dropouts on. */
    static CiderNetworkConfig.Builder small(boolean aligned) {
        CiderNetworkConfig.Builder b = CiderNetworkConfig.builder().textFeatureDim(TEXT_DIM).textSteps(TEXT_STEPS)
                .layers(2).heads(4).aligned(aligned);
        return aligned ? b.audio(TEXT_STEPS, AUDIO_DIM).vision(TEXT_STEPS, VISION_DIM)
                : b.audio(AUDIO_STEPS, AUDIO_DIM).vision(VISION_STEPS, VISION_DIM);
    }

    /** Uniform(-1, 1) values in a fixed-seed sequence. */
    static NDArray random(NDManager manager, Random rng, long... shape) {
        Shape s = new Shape(shape);
        float[] values = new float[(int) s.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = rng.nextFloat() * 2f - 1f;
        }
        return manager.create(values, s);
    }

    /** A (B, steps) padding mask with the given valid lengths. */
    static NDArray mask(NDManager manager, int steps, int... lengths) {
        float[] values = new float[lengths.length * steps];
        for (int b = 0; b < lengths.length; b++) {
            for (int t = 0; t < lengths[b]; t++) {
                values[b * steps + t] = 1f;
            }
        }
        return manager.create(values, new Shape(lengths.length, steps));
    }

    /** Backbone inputs with random features everywhere (padding included) and the given lengths. */
    static NDList inputs(NDManager manager, CiderNetworkConfig c, long seed, int[] textLengths, int[] audioLengths,
                         int[] visionLengths) {
        Random rng = new Random(seed);
        int b = textLengths.length;
        return new NDList(random(manager, rng, b, c.textSteps(), c.textFeatureDim()), mask(manager, c.textSteps(), textLengths),
                random(manager, rng, b, c.audioSteps(), c.audioDim()), mask(manager, c.audioSteps(), audioLengths),
                random(manager, rng, b, c.visionSteps(), c.visionDim()), mask(manager, c.visionSteps(), visionLengths));
    }

    /** The float values of an array. */
    static float[] values(NDArray array) {
        return array.toFloatArray();
    }

    /** Saves a block's parameters to bytes. */
    static byte[] save(Block block) throws java.io.IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            block.saveParameters(out);
        }
        return bytes.toByteArray();
    }

    /** Loads a block's parameters from bytes. */
    static void load(Block block, NDManager manager, byte[] bytes) throws Exception {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            block.loadParameters(manager, in);
        }
    }

    /** Whether every value of an array is finite. */
    static boolean finite(NDArray array) {
        for (float f : array.toFloatArray()) {
            if (!Float.isFinite(f)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Asserts every parameter of a block has a gradient with a non-zero entry, naming the first that has none. The one
     * exception is the bias of an attention-pooling scorer: it adds the same constant to every step's score before the
     * softmax over time, so its gradient is zero in exact arithmetic (the public implementation has it too, and the
     * spec's parameter count includes it); for it the gradient must be finite and negligible instead.
     */
    static void assertEveryParameterHasGradient(Block block) {
        for (Pair<String, Parameter> p : block.getParameters()) {
            NDArray grad = p.getValue().getArray().getGradient();
            float max = grad.abs().max().getFloat();
            if (p.getKey().contains("Pooling") && p.getKey().endsWith("score_bias")) {
                if (!finite(grad) || max > 1e-4f) {
                    throw new AssertionError("Shift-invariant pooling bias '" + p.getKey() + "' has gradient " + max + ", expected ~0");
                }
                continue;
            }
            if (!(max > 0f) || !finite(grad)) {
                throw new AssertionError("Parameter '" + p.getKey() + "' has no non-zero finite gradient (max |g| = " + max + ")");
            }
        }
    }
}
