package dev.cider.runtime;

import dev.cider.maci.CausalHead;
import dev.cider.maci.ClassificationHead;
import dev.cider.maci.MaciNetwork;
import dev.cider.maci.PlainHead;
import dev.cider.nn.CiderBackbone;
import dev.cider.nn.CiderNetworkConfig;
import dev.cider.nn.Compression;
import dev.cider.nn.Fusion;
import dev.cider.nn.LateFusionBackbone;
import dev.cider.nn.MultimodalBackbone;
import dev.cider.nn.TokenEmbedding;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything needed to rebuild a MACI network with the same shapes: the backbone kind and its configuration, the
 * number of classes, how the text arrives, the prototype dimensions of the causal head, and whether the causal
 * module (MCM) is used at all. Written into a model file as a string map and read back; a map without the ablation
 * entries (written before they existed) reads as the full model.
 * <p>
 * The paper's ablations (Table V) map onto it: "without WSAM" and "without MCT" are
 * {@link CiderNetworkConfig#compression()} and {@link CiderNetworkConfig#fusion()}; "without MCM" is
 * {@code causalModule = false}, which puts a {@link PlainHead} in place of the {@link CausalHead}.
 *
 * @param backbone        The backbone kind.
 * @param config          The backbone configuration (its text feature dimension is the token embedding size in
 *                        token-id mode).
 * @param numClasses      K.
 * @param text            How the text arrives.
 * @param vocabularySize  The token-id vocabulary (token-id mode).
 * @param causalModule    True for MACI's causal head (MCM), false for a plain linear head (the "without MCM"
 *                        ablation).
 * @param bert            The fine-tuned BERT text front end ({@link TextRepresentation#FINE_TUNED_BERT}), else null.
 */
public record NetworkSpec(BackboneKind backbone, CiderNetworkConfig config, int numClasses, TextRepresentation text,
                          int vocabularySize, boolean causalModule, BertFrontEnd bert) {

    /**
     * Checks that a fine-tuned BERT front end is described exactly when the text representation asks for one.
     */
    public NetworkSpec {
        if ((text == TextRepresentation.FINE_TUNED_BERT) != (bert != null)) {
            throw new IllegalArgumentException(text == TextRepresentation.FINE_TUNED_BERT
                    ? "FINE_TUNED_BERT needs the shape of its BERT front end" : "A BERT front end needs FINE_TUNED_BERT text, found " + text);
        }
        if (bert != null && bert.hiddenSize() != config.textFeatureDim()) {
            throw new IllegalArgumentException("The BERT front end gives " + bert.hiddenSize() + " features per token, the backbone reads "
                    + config.textFeatureDim());
        }
    }

    /**
     * A spec without a BERT front end.
     * @param backbone        The backbone kind.
     * @param config          The backbone configuration.
     * @param numClasses      K.
     * @param text            How the text arrives (not FINE_TUNED_BERT).
     * @param vocabularySize  The token-id vocabulary (token-id mode).
     * @param causalModule    True for MACI's causal head.
     */
    public NetworkSpec(BackboneKind backbone, CiderNetworkConfig config, int numClasses, TextRepresentation text,
                       int vocabularySize, boolean causalModule) {
        this(backbone, config, numClasses, text, vocabularySize, causalModule, null);
    }

    /**
     * A spec with the causal module (the full MACI network).
     * @param backbone        The backbone kind.
     * @param config          The backbone configuration.
     * @param numClasses      K.
     * @param text            How the text arrives.
     * @param vocabularySize  The token-id vocabulary (token-id mode).
     */
    public NetworkSpec(BackboneKind backbone, CiderNetworkConfig config, int numClasses, TextRepresentation text,
                       int vocabularySize) {
        this(backbone, config, numClasses, text, vocabularySize, true, null);
    }

    /**
     * Builds a fresh, uninitialised network.
     * @return The network.
     */
    public MaciNetwork build() {
        TokenEmbedding embedding = text == TextRepresentation.TOKEN_IDS
                ? TokenEmbedding.builder().setVocabularySize(vocabularySize).setDim(config.textFeatureDim()).build()
                : null;
        MultimodalBackbone bb;
        if (backbone == BackboneKind.CIDER) {
            bb = new CiderBackbone(config);
        } else {
            bb = LateFusionBackbone.builder().hiddenDim(config.hiddenDim()).jointDim(config.jointDim())
                    .optDropout(config.outputDropout()).layout(config).build();
        }
        ClassificationHead head = causalModule
                ? CausalHead.builder().setNumClasses(numClasses).optJointDim(bb.jointDim())
                        .optHiddenDim(config.hiddenDim()).setTextDim(config.textFeatureDim()).setAudioDim(config.audioDim())
                        .setVisionDim(config.visionDim()).build()
                : PlainHead.builder().setNumClasses(numClasses).optJointDim(bb.jointDim()).build();
        if (bert != null) {
            return new MaciNetwork(bert.build(), bb, head);
        }
        return new MaciNetwork(embedding, bb, head);
    }

    /**
     * The spec as a string map (for the model file).
     * @return The map.
     */
    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("backbone", backbone.name());
        m.put("numClasses", Integer.toString(numClasses));
        m.put("text", text.name());
        m.put("vocabularySize", Integer.toString(vocabularySize));
        m.put("hiddenDim", Integer.toString(config.hiddenDim()));
        m.put("layers", Integer.toString(config.layers()));
        m.put("heads", Integer.toString(config.heads()));
        m.put("feedForwardDim", Integer.toString(config.feedForwardDim()));
        m.put("attentionDropout", Float.toString(config.attentionDropout()));
        m.put("embeddingDropout", Float.toString(config.embeddingDropout()));
        m.put("outputDropout", Float.toString(config.outputDropout()));
        m.put("residualDropout", Float.toString(config.residualDropout()));
        m.put("feedForwardDropout", Float.toString(config.feedForwardDropout()));
        m.put("textFeatureDim", Integer.toString(config.textFeatureDim()));
        m.put("textSteps", Integer.toString(config.textSteps()));
        m.put("audioSteps", Integer.toString(config.audioSteps()));
        m.put("audioDim", Integer.toString(config.audioDim()));
        m.put("visionSteps", Integer.toString(config.visionSteps()));
        m.put("visionDim", Integer.toString(config.visionDim()));
        m.put("aligned", Boolean.toString(config.aligned()));
        m.put("segmentPositions", Boolean.toString(config.segmentPositions()));
        m.put("reconstructFromTransformer", Boolean.toString(config.reconstructFromTransformer()));
        m.put("blockwiseAttention", Boolean.toString(config.blockwiseAttention()));
        m.put("compression", config.compression().name());
        m.put("fusion", config.fusion().name());
        m.put("causalModule", Boolean.toString(causalModule));
        if (bert != null) {
            m.putAll(bert.toMap());
        }
        return m;
    }

    /**
     * Reads a spec written by {@link #toMap()}.
     * @param m The map.
     * @return The spec.
     * @throws IllegalArgumentException naming a missing or malformed entry.
     */
    public static NetworkSpec fromMap(Map<String, String> m) {
        CiderNetworkConfig config = CiderNetworkConfig.builder()
                .hiddenDim(integer(m, "hiddenDim")).layers(integer(m, "layers")).heads(integer(m, "heads"))
                .feedForwardDim(integer(m, "feedForwardDim"))
                .attentionDropout(real(m, "attentionDropout")).embeddingDropout(real(m, "embeddingDropout"))
                .outputDropout(real(m, "outputDropout")).residualDropout(real(m, "residualDropout"))
                .feedForwardDropout(real(m, "feedForwardDropout"))
                .textFeatureDim(integer(m, "textFeatureDim")).textSteps(integer(m, "textSteps"))
                .audio(integer(m, "audioSteps"), integer(m, "audioDim")).vision(integer(m, "visionSteps"), integer(m, "visionDim"))
                .aligned(bool(m, "aligned")).segmentPositions(bool(m, "segmentPositions"))
                .reconstructFromTransformer(bool(m, "reconstructFromTransformer"))
                .blockwiseAttention(bool(m, "blockwiseAttention"))
                .compression(constant(m, "compression", Compression.class, Compression.WSAM))
                .fusion(constant(m, "fusion", Fusion.class, Fusion.MCT)).build();
        boolean causalModule = !m.containsKey("causalModule") || bool(m, "causalModule");
        TextRepresentation text = constant(m, "text", TextRepresentation.class, null);
        return new NetworkSpec(constant(m, "backbone", BackboneKind.class, null), config, integer(m, "numClasses"),
                text, integer(m, "vocabularySize"), causalModule,
                text == TextRepresentation.FINE_TUNED_BERT ? BertFrontEnd.fromMap(m) : null);
    }

    /**
     * Whether this spec is the full model or which ablations it applies, e.g. {@code "full"} or
     * {@code "without WSAM, without MCM"} (compression and fusion only count for the CIDer backbone, and
     * compression only for unaligned data).
     * @return A short description.
     */
    public String ablations() {
        StringBuilder sb = new StringBuilder();
        if (backbone == BackboneKind.CIDER && !config.aligned() && config.compression() == Compression.MEAN_POOL) {
            sb.append("without WSAM (mean pool)");
        }
        if (backbone == BackboneKind.CIDER && config.fusion() == Fusion.VANILLA) {
            sb.append(sb.length() > 0 ? ", " : "").append("without MCT (vanilla transformer)");
        }
        if (!causalModule) {
            sb.append(sb.length() > 0 ? ", " : "").append("without MCM (plain head)");
        }
        return sb.length() == 0 ? "full" : sb.toString();
    }

    private static String get(Map<String, String> m, String key) {
        String v = m.get(key);
        if (v == null) {
            throw new IllegalArgumentException("Network settings lack '" + key + "'");
        }
        return v;
    }

    // An enum constant; a missing entry gives the fallback, or an error when the fallback is null.
    private static <E extends Enum<E>> E constant(Map<String, String> m, String key, Class<E> type, E fallback) {
        if (fallback != null && !m.containsKey(key)) {
            return fallback;
        }
        String v = get(m, key);
        try {
            return Enum.valueOf(type, v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Network setting '" + key + "' is not one of "
                    + java.util.Arrays.toString(type.getEnumConstants()) + ": " + v, e);
        }
    }

    private static int integer(Map<String, String> m, String key) {
        try {
            return Integer.parseInt(get(m, key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Network setting '" + key + "' is not an integer: " + m.get(key), e);
        }
    }

    private static float real(Map<String, String> m, String key) {
        try {
            return Float.parseFloat(get(m, key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Network setting '" + key + "' is not a number: " + m.get(key), e);
        }
    }

    private static boolean bool(Map<String, String> m, String key) {
        String v = get(m, key);
        if (!v.equals("true") && !v.equals("false")) {
            throw new IllegalArgumentException("Network setting '" + key + "' is not a boolean: " + v);
        }
        return Boolean.parseBoolean(v);
    }
}
