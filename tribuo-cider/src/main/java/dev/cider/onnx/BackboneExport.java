package dev.cider.onnx;

import ai.djl.nn.Block;
import ai.djl.nn.recurrent.GRU;
import dev.cider.nn.CiderBackbone;
import dev.cider.nn.CiderNetworkConfig;
import dev.cider.nn.Compression;
import dev.cider.nn.Fusion;
import dev.cider.nn.JointRepresentation;
import dev.cider.nn.ModalityProjection;
import dev.cider.nn.MultimodalCompositeTransformer;
import dev.cider.nn.NaiveAttentionPooling;
import dev.cider.nn.WordSelfAlignedAttention;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXRef;

import java.util.Collections;
import java.util.List;

/**
 * Exports the prediction path of a {@link CiderBackbone} (projections, WSAM for unaligned data, the three GRUs, the
 * MCT, pooling and the joint representation) from padded inputs at the configuration's lengths. The reconstruction
 * heads are training-only and are not exported.
 * <p>
 * Supported: WSAM compression (or aligned data) with MCT fusion, the configurations CIDer is trained with; the
 * mean-pool and vanilla-transformer ablations are refused with a message naming them.
 */
public final class BackboneExport {

    private BackboneExport() {
    }

    /**
     * Writes the backbone.
     * @param graph The graph.
     * @param text Text features (B, T_l, d_l).
     * @param textMask Text padding mask (B, T_l), a 1/0 prefix.
     * @param audio Audio features (B, T_a, d_a).
     * @param audioMask Audio padding mask (B, T_a).
     * @param vision Vision features (B, T_v, d_v).
     * @param visionMask Vision padding mask (B, T_v).
     * @param backbone The trained backbone.
     * @return The joint representation (B, 3d).
     * @throws IllegalArgumentException for an ablation the export does not support.
     */
    public static ONNXRef<?> joint(OnnxGraph graph, ONNXRef<?> text, ONNXRef<?> textMask, ONNXRef<?> audio, ONNXRef<?> audioMask,
                                   ONNXRef<?> vision, ONNXRef<?> visionMask, CiderBackbone backbone) {
        CiderNetworkConfig config = backbone.config();
        if (config.fusion() != Fusion.MCT) {
            throw new IllegalArgumentException("The ONNX export supports the MCT fusion, not " + config.fusion());
        }
        if (!config.aligned() && config.compression() != Compression.WSAM) {
            throw new IllegalArgumentException("The ONNX export supports WSAM compression of unaligned data, not " + config.compression());
        }
        ONNXRef<?> hText = LayerExport.projection(graph, text, (ModalityProjection) child(backbone, "textProjection"), "textProjection");
        ONNXRef<?> hAudio = LayerExport.projection(graph, audio, (ModalityProjection) child(backbone, "audioProjection"), "audioProjection");
        ONNXRef<?> hVision = LayerExport.projection(graph, vision, (ModalityProjection) child(backbone, "visionProjection"), "visionProjection");
        if (!config.aligned()) {
            ONNXRef<?> rows = wordRowMask(graph, textMask, config.textSteps());
            hAudio = AttentionExport.wsam(graph, hText, rows, hAudio, audioMask, (WordSelfAlignedAttention) child(backbone, "audioWsam"), "audioWsam");
            hVision = AttentionExport.wsam(graph, hText, rows, hVision, visionMask, (WordSelfAlignedAttention) child(backbone, "visionWsam"), "visionWsam");
            audioMask = textMask;
            visionMask = textMask;
        }
        hText = LayerExport.gru(graph, hText, (GRU) child(backbone, "textGru"), "textGru");           // (B, T_l, d)
        hAudio = LayerExport.gru(graph, hAudio, (GRU) child(backbone, "audioGru"), "audioGru");
        hVision = LayerExport.gru(graph, hVision, (GRU) child(backbone, "visionGru"), "visionGru");
        ONNXRef<?> sequence = graph.concat(1, List.of(hText, hAudio, hVision));                        // (B, 3T_l, d)
        ONNXRef<?> keyMask = graph.concat(1, List.of(textMask, audioMask, visionMask));                 // (B, 3T_l)
        int t = config.textSteps();
        ONNXRef<?> y = AttentionExport.mct(graph, sequence, keyMask, (MultimodalCompositeTransformer) child(backbone, "transformer"),
                config.heads(), t, config.segmentPositions(), "mct");
        ONNXRef<?> gText = PoolingExport.pooling(graph, graph.slice(y, 1, 0, t), textMask,
                (NaiveAttentionPooling) child(backbone, "textPooling"), "textPooling");
        ONNXRef<?> gAudio = PoolingExport.pooling(graph, graph.slice(y, 1, t, 2L * t), audioMask,
                (NaiveAttentionPooling) child(backbone, "audioPooling"), "audioPooling");
        ONNXRef<?> gVision = PoolingExport.pooling(graph, graph.slice(y, 1, 2L * t, 3L * t), visionMask,
                (NaiveAttentionPooling) child(backbone, "visionPooling"), "visionPooling");
        return PoolingExport.joint(graph, graph.concat(1, List.of(gText, gAudio, gVision)),
                (JointRepresentation) child(backbone, "joint"), "joint");
    }

    /**
     * The WSAM row mask of a prefix text mask: 0 on [CLS] (position 0), on [SEP] (the last valid position) and on
     * padding, as {@link WordSelfAlignedAttention#wordRowMask}.
     * @param graph The graph.
     * @param textMask The 1/0 prefix mask (B, T_l).
     * @param steps T_l.
     * @return The row mask (B, T_l).
     */
    public static ONNXRef<?> wordRowMask(OnnxGraph graph, ONNXRef<?> textMask, int steps) {
        float[] positions = new float[steps];
        float[] notFirst = new float[steps];
        for (int i = 0; i < steps; i++) {
            positions[i] = i;
            notFirst[i] = i == 0 ? 0f : 1f;
        }
        ONNXRef<?> last = graph.sub(graph.sumKeepingAxis(textMask, 1), graph.scalar("one", 1f));                  // (B, 1)
        ONNXRef<?> beforeLast = graph.op(ONNXOperators.LESS, "before_last", Collections.emptyMap(),
                graph.constant("positions", positions, 1, steps), last);                                            // (B, T_l) bool
        ONNXRef<?> beforeLastFloat = graph.op(ONNXOperators.CAST, "before_last_float", Collections.singletonMap("to", 1), beforeLast);
        return graph.mul(graph.mul(textMask, graph.constant("not_first", notFirst, 1, steps)), beforeLastFloat);
    }

    private static Block child(CiderBackbone backbone, String name) {
        return BlockParameters.child(backbone, name);
    }
}
