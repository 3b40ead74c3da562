package dev.cider.onnx;

import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXRef;

import java.util.Collections;

/**
 * The one-input layout of the export, which fits {@code ONNXExportable}'s single (B, F) float input: per
 * utterance the padded text features {@code T_l x d_l}, audio {@code T_a x d_a} and vision {@code T_v x d_v}
 * (row-major, time first), then the three valid lengths {@code len_l, len_a, len_v} as floats. A missing step is a
 * zero vector inside the valid length, as in training; padding lies beyond the length.
 * @param textSteps T_l.
 * @param textDim d_l.
 * @param audioSteps T_a.
 * @param audioDim d_a.
 * @param visionSteps T_v.
 * @param visionDim d_v.
 */
public record FlatInput(int textSteps, int textDim, int audioSteps, int audioDim, int visionSteps, int visionDim) {

    /** The number of lengths at the end of a row. */
    public static final int LENGTHS = 3;

    /**
     * The width F of one input row.
     * @return F.
     */
    public int width() {
        return textSteps * textDim + audioSteps * audioDim + visionSteps * visionDim + LENGTHS;
    }

    /**
     * The modalities of a (B, F) input as the backbone takes them.
     * @param graph The graph.
     * @param input The (B, F) input.
     * @return {@code [text (B, T_l, d_l), textMask (B, T_l), audio, audioMask, vision, visionMask]}.
     */
    public ONNXRef<?>[] unpack(OnnxGraph graph, ONNXRef<?> input) {
        long audioStart = (long) textSteps * textDim;
        long visionStart = audioStart + (long) audioSteps * audioDim;
        long lengthStart = visionStart + (long) visionSteps * visionDim;
        ONNXRef<?> text = graph.reshape(graph.slice(input, 1, 0, audioStart), 0, textSteps, textDim);
        ONNXRef<?> audio = graph.reshape(graph.slice(input, 1, audioStart, visionStart), 0, audioSteps, audioDim);
        ONNXRef<?> vision = graph.reshape(graph.slice(input, 1, visionStart, lengthStart), 0, visionSteps, visionDim);
        return new ONNXRef<?>[]{text, mask(graph, graph.slice(input, 1, lengthStart, lengthStart + 1), textSteps, "text"),
                audio, mask(graph, graph.slice(input, 1, lengthStart + 1, lengthStart + 2), audioSteps, "audio"),
                vision, mask(graph, graph.slice(input, 1, lengthStart + 2, lengthStart + 3), visionSteps, "vision")};
    }

    // (B, 1) lengths -> (B, steps) 1/0 prefix mask.
    static ONNXRef<?> mask(OnnxGraph graph, ONNXRef<?> length, int steps, String name) {
        float[] positions = new float[steps];
        for (int i = 0; i < steps; i++) {
            positions[i] = i;
        }
        ONNXRef<?> valid = graph.op(ONNXOperators.LESS, name + "_valid", Collections.emptyMap(),
                graph.constant(name + "_positions", positions, 1, steps), length);
        return graph.op(ONNXOperators.CAST, name + "_mask", Collections.singletonMap("to", 1), valid);
    }
}
