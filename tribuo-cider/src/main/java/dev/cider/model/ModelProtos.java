package dev.cider.model;

import dev.cider.data.DataLayout;
import dev.cider.data.Modality;
import dev.cider.maci.BiasWords;
import dev.cider.maci.ClassPrototypes;
import dev.cider.model.protos.BackboneProto;
import dev.cider.model.protos.BertFrontEndProto;
import dev.cider.model.protos.BiasWordsProto;
import dev.cider.model.protos.NetworkProto;
import dev.cider.model.protos.PrototypesProto;
import dev.cider.model.protos.TextEncoderProto;
import dev.cider.nn.CiderNetworkConfig;
import dev.cider.nn.Compression;
import dev.cider.nn.Fusion;
import dev.cider.runtime.BackboneKind;
import dev.cider.runtime.BertFrontEnd;
import dev.cider.runtime.NetworkSpec;
import dev.cider.runtime.TextRepresentation;
import dev.cider.text.TextEncoderSpec;

import java.util.Arrays;
import java.util.List;

/**
 * Converts the parts of a {@link CiderModel} to and from their protobuf messages ({@code cider-model.proto}). Reading
 * fails with an {@link IllegalArgumentException} naming the field that is missing or malformed.
 */
final class ModelProtos {

    private ModelProtos() {}

    /**
     * The message of an architecture, whose data layout is stored once, beside it in the model.
     * @param spec The architecture.
     * @param layout The model's data layout.
     * @return The message.
     * @throws IllegalStateException if the backbone's steps and dimensions are not the layout's.
     */
    static NetworkProto toProto(NetworkSpec spec, DataLayout layout) {
        CiderNetworkConfig c = spec.config();
        if (c.textSteps() != layout.textSteps() || c.audioSteps() != layout.audioSteps() || c.audioDim() != layout.audioDim()
                || c.visionSteps() != layout.visionSteps() || c.visionDim() != layout.visionDim()) {
            throw new IllegalStateException("The network's shape " + c + " is not the model's data layout " + layout.describe());
        }
        BackboneProto backbone = BackboneProto.newBuilder().setHiddenDim(c.hiddenDim()).setLayers(c.layers()).setHeads(c.heads())
                .setFeedForwardDim(c.feedForwardDim()).setAttentionDropout(c.attentionDropout())
                .setEmbeddingDropout(c.embeddingDropout()).setOutputDropout(c.outputDropout())
                .setResidualDropout(c.residualDropout()).setFeedForwardDropout(c.feedForwardDropout())
                .setTextFeatureDim(c.textFeatureDim()).setAligned(c.aligned()).setSegmentPositions(c.segmentPositions())
                .setReconstructFromTransformer(c.reconstructFromTransformer()).setBlockwiseAttention(c.blockwiseAttention())
                .setCompression(c.compression().name()).setFusion(c.fusion().name()).build();
        NetworkProto.Builder b = NetworkProto.newBuilder().setBackbone(spec.backbone().name()).setNumClasses(spec.numClasses())
                .setTextRepresentation(spec.text().name()).setVocabularySize(spec.vocabularySize())
                .setCausalModule(spec.causalModule()).setBackboneConfig(backbone);
        BertFrontEnd bert = spec.bert();
        if (bert != null) {
            b.setBert(BertFrontEndProto.newBuilder().setVocabularySize(bert.vocabularySize()).setHiddenSize(bert.hiddenSize())
                    .setLayers(bert.layers()).setHeads(bert.heads()).setIntermediateSize(bert.intermediateSize())
                    .setMaxPositions(bert.maxPositions()).setTypeVocabularySize(bert.typeVocabularySize()).setDropout(bert.dropout()));
        }
        return b.build();
    }

    /**
     * The architecture of a message written by {@link #toProto(NetworkSpec, DataLayout)}.
     * @param proto The message.
     * @param layout The model's data layout.
     * @return The architecture.
     * @throws IllegalArgumentException naming a missing or malformed field.
     */
    static NetworkSpec fromProto(NetworkProto proto, DataLayout layout) {
        if (!proto.hasBackboneConfig()) {
            throw new IllegalArgumentException("Invalid CiderModel protobuf: the network has no backbone configuration");
        }
        BackboneProto c = proto.getBackboneConfig();
        CiderNetworkConfig config = CiderNetworkConfig.builder().layout(layout).textFeatureDim(c.getTextFeatureDim())
                .aligned(c.getAligned()).hiddenDim(c.getHiddenDim()).layers(c.getLayers()).heads(c.getHeads())
                .feedForwardDim(c.getFeedForwardDim()).attentionDropout(c.getAttentionDropout())
                .embeddingDropout(c.getEmbeddingDropout()).outputDropout(c.getOutputDropout())
                .residualDropout(c.getResidualDropout()).feedForwardDropout(c.getFeedForwardDropout())
                .segmentPositions(c.getSegmentPositions()).reconstructFromTransformer(c.getReconstructFromTransformer())
                .blockwiseAttention(c.getBlockwiseAttention())
                .compression(constant(Compression.class, "backbone_config.compression", c.getCompression()))
                .fusion(constant(Fusion.class, "backbone_config.fusion", c.getFusion())).build();
        BertFrontEnd bert = null;
        if (proto.hasBert()) {
            BertFrontEndProto p = proto.getBert();
            bert = new BertFrontEnd(p.getVocabularySize(), p.getHiddenSize(), p.getLayers(), p.getHeads(), p.getIntermediateSize(),
                    p.getMaxPositions(), p.getTypeVocabularySize(), p.getDropout());
        }
        return new NetworkSpec(constant(BackboneKind.class, "backbone", proto.getBackbone()), config, proto.getNumClasses(),
                constant(TextRepresentation.class, "text_representation", proto.getTextRepresentation()), proto.getVocabularySize(),
                proto.getCausalModule(), bert);
    }

    /**
     * The message of class prototypes and priors.
     * @param prototypes The prototypes.
     * @return The message.
     */
    static PrototypesProto toProto(ClassPrototypes prototypes) {
        PrototypesProto.Builder b = PrototypesProto.newBuilder().setNumClasses(prototypes.numClasses())
                .setTextDim(prototypes.dim(Modality.TEXT)).setAudioDim(prototypes.dim(Modality.AUDIO))
                .setVisionDim(prototypes.dim(Modality.VISION));
        for (float[] row : prototypes.prototypes(Modality.TEXT)) {
            for (float v : row) {
                b.addText(v);
            }
        }
        for (float[] row : prototypes.prototypes(Modality.AUDIO)) {
            for (float v : row) {
                b.addAudio(v);
            }
        }
        for (float[] row : prototypes.prototypes(Modality.VISION)) {
            for (float v : row) {
                b.addVision(v);
            }
        }
        for (double v : prototypes.priors()) {
            b.addPriors(v);
        }
        return b.build();
    }

    /**
     * The prototypes of a message written by {@link #toProto(ClassPrototypes)}.
     * @param proto The message.
     * @return The prototypes.
     * @throws IllegalArgumentException if a modality's values do not fill its classes x dimension.
     */
    static ClassPrototypes fromProto(PrototypesProto proto) {
        int k = proto.getNumClasses();
        return ClassPrototypes.of(rows(proto.getTextList(), k, proto.getTextDim(), "text"),
                rows(proto.getAudioList(), k, proto.getAudioDim(), "audio"),
                rows(proto.getVisionList(), k, proto.getVisionDim(), "vision"),
                proto.getPriorsList().stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static float[][] rows(List<Float> flat, int k, int dim, String modality) {
        if (k < 0 || dim < 0 || (long) k * dim != flat.size()) {
            throw new IllegalArgumentException("Invalid CiderModel protobuf: " + flat.size() + " " + modality + " prototype values for "
                    + k + " x " + dim);
        }
        float[][] out = new float[k][dim];
        for (int i = 0; i < k; i++) {
            for (int d = 0; d < dim; d++) {
                out[i][d] = flat.get(i * dim + d);
            }
        }
        return out;
    }

    /**
     * The message of the bias words.
     * @param words The bias words.
     * @return The message.
     */
    static BiasWordsProto toProto(BiasWords words) {
        BiasWordsProto.Builder b = BiasWordsProto.newBuilder().setThreshold(words.threshold()).setSize(words.size());
        for (int id : words.ids()) {
            b.addIds(id);
        }
        return b.build();
    }

    /**
     * The bias words of a message.
     * @param proto The message.
     * @return The bias words.
     */
    static BiasWords fromProto(BiasWordsProto proto) {
        return new BiasWords(proto.getIdsList().stream().mapToInt(Integer::intValue).toArray(), proto.getThreshold(), proto.getSize());
    }

    /**
     * The message of a text encoder configuration.
     * @param spec The configuration.
     * @return The message.
     */
    static TextEncoderProto toProto(TextEncoderSpec spec) {
        return TextEncoderProto.newBuilder().setClassName(spec.className()).putAllProperties(spec.properties())
                .setModelHash(spec.modelHash()).build();
    }

    /**
     * The text encoder configuration of a message.
     * @param proto The message.
     * @return The configuration.
     */
    static TextEncoderSpec fromProto(TextEncoderProto proto) {
        return new TextEncoderSpec(proto.getClassName(), proto.getPropertiesMap(), proto.getModelHash());
    }

    private static <E extends Enum<E>> E constant(Class<E> type, String field, String name) {
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Invalid CiderModel protobuf: " + field + " is not one of "
                    + Arrays.toString(type.getEnumConstants()) + ": '" + name + "'", e);
        }
    }
}
