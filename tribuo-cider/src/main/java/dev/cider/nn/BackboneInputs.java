package dev.cider.nn;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;

/**
 * Validation of a {@link MultimodalBackbone}'s input list.
 */
final class BackboneInputs {

    private static final String[] NAMES = {"text", "textMask", "audio", "audioMask", "vision", "visionMask"};

    private BackboneInputs() {
    }

    /**
     * The six input shapes of a layout.
     * @param batch B.
     * @param textSteps T_l.
     * @param textDim d_l.
     * @param audioSteps T_a.
     * @param audioDim d_a.
     * @param visionSteps T_v.
     * @param visionDim d_v.
     * @return The shapes in input order.
     */
    static Shape[] shapes(long batch, long textSteps, long textDim, long audioSteps, long audioDim, long visionSteps, long visionDim) {
        return new Shape[]{new Shape(batch, textSteps, textDim), new Shape(batch, textSteps),
                new Shape(batch, audioSteps, audioDim), new Shape(batch, audioSteps),
                new Shape(batch, visionSteps, visionDim), new Shape(batch, visionSteps)};
    }

    /**
     * Throws unless the inputs have the expected shapes (any batch size, the same for all).
     * @param owner The block name for the message.
     * @param inputs The inputs.
     * @param expected The expected shapes (their batch dimension is ignored).
     */
    static void check(String owner, NDList inputs, Shape[] expected) {
        checkCount(owner, inputs);
        long batch = inputs.get(0).getShape().get(0);
        for (int i = 0; i < expected.length; i++) {
            Shape actual = inputs.get(i).getShape();
            Shape want = new Shape(batch).addAll(expected[i].slice(1));
            if (!actual.equals(want)) {
                throw new IllegalArgumentException(owner + " input " + i + " (" + NAMES[i] + ") has shape " + actual
                        + " but " + want + " was expected");
            }
        }
    }

    /**
     * Throws unless the inputs fit the expected shapes with their trailing padding possibly cut: any batch size (the
     * same for all), each modality's steps between 1 and the expected steps (data and mask alike), feature sizes as
     * expected, and for aligned data one common number of steps.
     * @param owner The block name for the message.
     * @param inputs The inputs.
     * @param expected The fully padded shapes (their batch dimension is ignored).
     * @param aligned Whether the three modalities must keep one common length.
     */
    static void checkTrimmed(String owner, NDList inputs, Shape[] expected, boolean aligned) {
        checkCount(owner, inputs);
        // The expected shapes with each modality's steps as the data input has them, once they are in range.
        Shape[] trimmed = expected.clone();
        long[] steps = new long[3];
        for (int m = 0; m < 3; m++) {
            Shape data = inputs.get(2 * m).getShape();
            long maxSteps = expected[2 * m].get(1);
            steps[m] = data.dimension() > 1 ? data.get(1) : -1;
            if (steps[m] < 1 || steps[m] > maxSteps) {
                throw new IllegalArgumentException(owner + " input " + 2 * m + " (" + NAMES[2 * m] + ") has shape " + data
                        + " but 1 to " + maxSteps + " steps were expected");
            }
            trimmed[2 * m] = new Shape(expected[2 * m].get(0), steps[m], expected[2 * m].get(2));
            trimmed[2 * m + 1] = new Shape(expected[2 * m + 1].get(0), steps[m]);
        }
        check(owner, inputs, trimmed);
        if (aligned && (steps[0] != steps[1] || steps[0] != steps[2])) {
            throw new IllegalArgumentException(owner + " expects aligned inputs of one common length, found text " + steps[0]
                    + ", audio " + steps[1] + " and vision " + steps[2] + " steps");
        }
    }

    private static void checkCount(String owner, NDList inputs) {
        if (inputs.size() != MultimodalBackbone.INPUTS) {
            throw new IllegalArgumentException(owner + " expects " + MultimodalBackbone.INPUTS
                    + " inputs [text, textMask, audio, audioMask, vision, visionMask], found " + inputs.size());
        }
    }
}
