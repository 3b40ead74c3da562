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
        if (inputs.size() != MultimodalBackbone.INPUTS) {
            throw new IllegalArgumentException(owner + " expects " + MultimodalBackbone.INPUTS
                    + " inputs [text, textMask, audio, audioMask, vision, visionMask], found " + inputs.size());
        }
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
}
