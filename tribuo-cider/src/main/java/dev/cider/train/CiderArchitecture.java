package dev.cider.train;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.Configurable;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenancable;
import com.oracle.labs.mlrg.olcut.provenance.impl.ConfiguredObjectProvenanceImpl;
import dev.cider.data.DataLayout;
import dev.cider.nn.CiderNetworkConfig;
import dev.cider.nn.Compression;
import dev.cider.nn.Fusion;
import dev.cider.runtime.BackboneKind;
import dev.cider.runtime.BertFrontEnd;
import dev.cider.runtime.NetworkSpec;
import dev.cider.runtime.TextRepresentation;

/**
 * The network a {@link CiderTrainer} trains, as one configurable component: the backbone and its hyper-parameters,
 * the classification head and the token embedding of token-id text. Everything here describes the network; how it
 * is trained (schedule, losses, missing patterns, text front end fine-tuning) stays on the trainer.
 * <p>
 * {@link #networkSpec} is the one mapping from these settings (plus what only the data decide: the layout, the
 * number of classes, how the text arrives) to the {@link NetworkSpec} the model is built from and saved with, so a
 * new network hyper-parameter is a field here, a line in that mapping and its entry in the persisted spec.
 * <p>
 * The paper's architecture ablations (Table V) are settings of this component: "without WSAM" is
 * {@code compression=MEAN_POOL}, "without MCT" {@code fusion=VANILLA}, "without MCM" {@code causalModule=false},
 * and MACI on another backbone {@code backbone=LATE_FUSION}. Built with {@link #builder()} from Java, or by OLCUT
 * from a configuration file; both validate every value and name the offending property.
 */
public final class CiderArchitecture implements Configurable, Provenancable<ConfiguredObjectProvenance> {

    @Config(description = "The backbone: CIDER (MSSD backbone) or LATE_FUSION (a small late-fusion model, to run MACI on another backbone).")
    private BackboneKind backbone = BackboneKind.CIDER;

    @Config(description = "How unaligned audio and vision are compressed to the text length: WSAM (word-self-aligned attention)"
            + " or MEAN_POOL (masked mean over T_l equal windows, no parameters: the 'without WSAM' ablation). Ignored for aligned data.")
    private Compression compression = Compression.WSAM;

    @Config(description = "The fusion transformer: MCT (multimodal composite transformer) or VANILLA (pre-LayerNorm layers of"
            + " standard multi-head self-attention over the concatenated sequence: the 'without MCT' ablation).")
    private Fusion fusion = Fusion.MCT;

    @Config(description = "Use MACI's causal module MCM (backdoor adjustment over class prototypes). False puts a plain linear"
            + " classifier on the joint representation: the 'without MCM' ablation (counterfactual debiasing still applies).")
    private boolean causalModule = true;

    @Config(description = "The common hidden size d.")
    private int hiddenDim = 32;

    @Config(description = "Number of multimodal composite transformer layers N (the paper searches 1..4).")
    private int layers = 3;

    @Config(description = "Number of attention heads (hiddenDim must be divisible by it).")
    private int heads = 8;

    @Config(description = "Inner width of the fusion transformer's feed-forward network (0: 4 * hiddenDim).")
    private int feedForwardDim = 0;

    @Config(description = "Attention dropout of the tri-modal view.")
    private float attentionDropout = 0.0f;

    @Config(description = "Embedding dropout (after the positional encoding).")
    private float embeddingDropout = 0.2f;

    @Config(description = "Output dropout (in the joint representation MLP).")
    private float outputDropout = 0.3f;

    @Config(description = "Dropout on each fusion transformer sub-layer output before the residual sum.")
    private float residualDropout = 0.1f;

    @Config(description = "Dropout after the ReLU of the fusion transformer's feed-forward network.")
    private float feedForwardDropout = 0.1f;

    @Config(description = "Restart the temporal positional encoding in each modality's segment of the concatenated sequence"
            + " (false: one encoding over the whole concatenation).")
    private boolean segmentPositions = true;

    @Config(description = "Reconstruct the missing inputs from the fusion transformer's output (false: from the per-modality"
            + " GRU outputs, the spec's wording).")
    private boolean reconstructFromTransformer = false;

    @Config(description = "Compute each attention view only on the score blocks it can see (identical results, faster).")
    private boolean blockwiseAttention = true;

    @Config(description = "Size of the trainable token embedding in TOKEN_IDS mode (the text feature size d_l).")
    private int tokenEmbeddingDim = 64;

    @Config(description = "Vocabulary size of the token embedding in TOKEN_IDS mode (30522 for bert-base-uncased).")
    private int vocabularySize = 30522;

    /**
     * For OLCUT.
     */
    private CiderArchitecture() {
    }

    /**
     * The paper's architecture: d = 32, 3 MCT layers, 8 heads, WSAM, MCT and MCM.
     * @return The default architecture.
     */
    public static CiderArchitecture defaults() {
        return new CiderArchitecture();
    }

    /**
     * A builder starting from the paper's architecture.
     * @return A new builder.
     */
    public static Builder builder() {
        return new Builder(new CiderArchitecture());
    }

    /**
     * A builder starting from this architecture's settings.
     * @return A new builder.
     */
    public Builder toBuilder() {
        return new Builder(copy());
    }

    /**
     * Validates every setting.
     * @throws PropertyException naming the offending property.
     */
    @Override
    public void postConfig() {
        ConfigChecks.present("backbone", backbone, "CIDER or LATE_FUSION");
        ConfigChecks.present("compression", compression, "WSAM or MEAN_POOL");
        ConfigChecks.present("fusion", fusion, "MCT or VANILLA");
        ConfigChecks.positive("hiddenDim", hiddenDim);
        ConfigChecks.positive("layers", layers);
        ConfigChecks.positive("heads", heads);
        if (hiddenDim % heads != 0) {
            throw new PropertyException("", "heads", "hiddenDim " + hiddenDim + " is not divisible by heads " + heads);
        }
        if (feedForwardDim < 0) {
            throw new PropertyException("", "feedForwardDim", "feedForwardDim must be 0 (4 * hiddenDim) or positive, found " + feedForwardDim);
        }
        ConfigChecks.dropout("attentionDropout", attentionDropout);
        ConfigChecks.dropout("embeddingDropout", embeddingDropout);
        ConfigChecks.dropout("outputDropout", outputDropout);
        ConfigChecks.dropout("residualDropout", residualDropout);
        ConfigChecks.dropout("feedForwardDropout", feedForwardDropout);
        ConfigChecks.positive("tokenEmbeddingDim", tokenEmbeddingDim);
        ConfigChecks.positive("vocabularySize", vocabularySize);
    }

    /**
     * The network for data of a layout: the one mapping from this component to the model's network settings.
     * @param layout The data layout (sequence lengths and feature sizes, aligned or not).
     * @param numClasses The number of classes K.
     * @param text How the text arrives.
     * @param bert The fine-tuned BERT front end ({@link TextRepresentation#FINE_TUNED_BERT}), else null.
     * @return The network spec.
     */
    public NetworkSpec networkSpec(DataLayout layout, int numClasses, TextRepresentation text, BertFrontEnd bert) {
        int textFeatureDim = text == TextRepresentation.TOKEN_IDS ? tokenEmbeddingDim
                : bert != null ? bert.hiddenSize() : layout.textFeatureDim();
        CiderNetworkConfig.Builder config = CiderNetworkConfig.builder().layout(layout).textFeatureDim(textFeatureDim)
                .hiddenDim(hiddenDim).layers(layers).heads(heads)
                .attentionDropout(attentionDropout).embeddingDropout(embeddingDropout).outputDropout(outputDropout)
                .residualDropout(residualDropout).feedForwardDropout(feedForwardDropout)
                .segmentPositions(segmentPositions).reconstructFromTransformer(reconstructFromTransformer)
                .blockwiseAttention(blockwiseAttention).compression(compression).fusion(fusion);
        if (feedForwardDim > 0) {
            config.feedForwardDim(feedForwardDim);
        }
        return new NetworkSpec(backbone, config.build(), numClasses, text, bert != null ? bert.vocabularySize() : vocabularySize,
                causalModule, bert);
    }

    /** @return The backbone kind. */
    public BackboneKind backbone() {
        return backbone;
    }

    /** @return How unaligned audio and vision are compressed. */
    public Compression compression() {
        return compression;
    }

    /** @return The fusion transformer. */
    public Fusion fusion() {
        return fusion;
    }

    /** @return True for MACI's causal module, false for a plain linear head. */
    public boolean causalModule() {
        return causalModule;
    }

    /** @return The hidden size d. */
    public int hiddenDim() {
        return hiddenDim;
    }

    /** @return The number of fusion transformer layers N. */
    public int layers() {
        return layers;
    }

    /** @return The number of attention heads. */
    public int heads() {
        return heads;
    }

    /** @return The vocabulary size of the token embedding (TOKEN_IDS mode). */
    public int vocabularySize() {
        return vocabularySize;
    }

    @Override
    public ConfiguredObjectProvenance getProvenance() {
        return new ConfiguredObjectProvenanceImpl(this, "architecture");
    }

    @Override
    public String toString() {
        return "CiderArchitecture(backbone=" + backbone + ", compression=" + compression + ", fusion=" + fusion
                + ", causalModule=" + causalModule + ", d=" + hiddenDim + ", layers=" + layers + ", heads=" + heads + ")";
    }

    private CiderArchitecture copy() {
        CiderArchitecture c = new CiderArchitecture();
        c.backbone = backbone;
        c.compression = compression;
        c.fusion = fusion;
        c.causalModule = causalModule;
        c.hiddenDim = hiddenDim;
        c.layers = layers;
        c.heads = heads;
        c.feedForwardDim = feedForwardDim;
        c.attentionDropout = attentionDropout;
        c.embeddingDropout = embeddingDropout;
        c.outputDropout = outputDropout;
        c.residualDropout = residualDropout;
        c.feedForwardDropout = feedForwardDropout;
        c.segmentPositions = segmentPositions;
        c.reconstructFromTransformer = reconstructFromTransformer;
        c.blockwiseAttention = blockwiseAttention;
        c.tokenEmbeddingDim = tokenEmbeddingDim;
        c.vocabularySize = vocabularySize;
        return c;
    }

    /**
     * Sets the architecture's values one by one; {@link #build()} validates them. A builder builds once.
     */
    public static final class Builder {
        private CiderArchitecture a;

        private Builder(CiderArchitecture start) {
            this.a = start;
        }

        /**
         * Sets the backbone.
         * @param backbone CIDER or LATE_FUSION.
         * @return This builder.
         */
        public Builder backbone(BackboneKind backbone) {
            a.backbone = backbone;
            return this;
        }

        /**
         * Sets the compression of unaligned audio and vision.
         * @param compression {@link Compression#MEAN_POOL} for "without WSAM".
         * @return This builder.
         */
        public Builder compression(Compression compression) {
            a.compression = compression;
            return this;
        }

        /**
         * Sets the fusion transformer.
         * @param fusion {@link Fusion#VANILLA} for "without MCT".
         * @return This builder.
         */
        public Builder fusion(Fusion fusion) {
            a.fusion = fusion;
            return this;
        }

        /**
         * Sets whether MACI's causal module is used.
         * @param causalModule False for "without MCM" (a plain linear head).
         * @return This builder.
         */
        public Builder causalModule(boolean causalModule) {
            a.causalModule = causalModule;
            return this;
        }

        /**
         * Sets the size of the fusion transformer.
         * @param hiddenDim d.
         * @param layers N.
         * @param heads H (d must be divisible by it).
         * @return This builder.
         */
        public Builder size(int hiddenDim, int layers, int heads) {
            a.hiddenDim = hiddenDim;
            a.layers = layers;
            a.heads = heads;
            return this;
        }

        /**
         * Sets the hidden size.
         * @param hiddenDim d.
         * @return This builder.
         */
        public Builder hiddenDim(int hiddenDim) {
            a.hiddenDim = hiddenDim;
            return this;
        }

        /**
         * Sets the number of fusion transformer layers.
         * @param layers N.
         * @return This builder.
         */
        public Builder layers(int layers) {
            a.layers = layers;
            return this;
        }

        /**
         * Sets the number of attention heads.
         * @param heads H.
         * @return This builder.
         */
        public Builder heads(int heads) {
            a.heads = heads;
            return this;
        }

        /**
         * Sets the feed-forward width of the fusion transformer.
         * @param feedForwardDim The width (0: 4 * hiddenDim).
         * @return This builder.
         */
        public Builder feedForwardDim(int feedForwardDim) {
            a.feedForwardDim = feedForwardDim;
            return this;
        }

        /**
         * Sets the attention, embedding and output dropouts.
         * @param attention Attention dropout of the tri-modal view.
         * @param embedding Embedding dropout.
         * @param output Output dropout.
         * @return This builder.
         */
        public Builder dropouts(float attention, float embedding, float output) {
            a.attentionDropout = attention;
            a.embeddingDropout = embedding;
            a.outputDropout = output;
            return this;
        }

        /**
         * Sets the fusion transformer's residual and feed-forward dropouts.
         * @param residual Dropout before each residual sum.
         * @param feedForward Dropout inside the feed-forward network.
         * @return This builder.
         */
        public Builder transformerDropouts(float residual, float feedForward) {
            a.residualDropout = residual;
            a.feedForwardDropout = feedForward;
            return this;
        }

        /**
         * Sets whether the positional encoding restarts in each modality segment.
         * @param segmentPositions True to restart it.
         * @return This builder.
         */
        public Builder segmentPositions(boolean segmentPositions) {
            a.segmentPositions = segmentPositions;
            return this;
        }

        /**
         * Sets where the reconstruction heads read from.
         * @param fromTransformer True for the fusion transformer's output.
         * @return This builder.
         */
        public Builder reconstructFromTransformer(boolean fromTransformer) {
            a.reconstructFromTransformer = fromTransformer;
            return this;
        }

        /**
         * Sets whether attention views are computed blockwise.
         * @param blockwise True for the faster blockwise computation.
         * @return This builder.
         */
        public Builder blockwiseAttention(boolean blockwise) {
            a.blockwiseAttention = blockwise;
            return this;
        }

        /**
         * Sets the token embedding of TOKEN_IDS text.
         * @param dim The embedding size d_l.
         * @param vocabularySize The vocabulary size.
         * @return This builder.
         */
        public Builder tokenEmbedding(int dim, int vocabularySize) {
            a.tokenEmbeddingDim = dim;
            a.vocabularySize = vocabularySize;
            return this;
        }

        /**
         * Validates and returns the architecture.
         * @return The architecture.
         * @throws IllegalArgumentException naming the offending property.
         * @throws IllegalStateException if this builder already built.
         */
        public CiderArchitecture build() {
            if (a == null) {
                throw new IllegalStateException("This builder already built its architecture; start a new one");
            }
            CiderArchitecture built = a;
            ConfigChecks.asIllegalArgument(built::postConfig);
            a = null;
            return built;
        }
    }
}
