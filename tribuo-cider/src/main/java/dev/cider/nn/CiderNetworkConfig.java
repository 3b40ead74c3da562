package dev.cider.nn;

import dev.cider.data.DataLayout;

import java.io.Serializable;
import java.util.Objects;

/**
 * The immutable hyper-parameters and input layout of a {@link CiderBackbone} (spec section 3).
 * <p>
 * Built with {@link #builder()}; {@link Builder#build()} validates every value and names the offending one.
 * Defaults follow the spec: {@code d = 32}, 3 layers, 8 heads, attention dropout 0.0, embedding dropout 0.2,
 * output dropout 0.3, residual and feed-forward dropout 0.1, feed-forward width {@code 4d}. The layout
 * ({@code d_l, T_l, T_a, d_a, T_v, d_v}) has no default and must be given, directly or with
 * {@link Builder#layout(DataLayout)}.
 * <p>
 * Two choices the spec leaves open are explicit here:
 * <ul>
 *     <li>{@link #segmentPositions()}: the temporal positional encoding restarts at 0 in each modality's
 *     segment of the concatenated sequence (step {@code t} of text, audio and vision share the same encoding,
 *     which is time after WSAM aligns audio and vision to the words), or, when false, runs over the
 *     whole concatenation {@code 0 .. 3T_l-1}. Default true.</li>
 *     <li>{@link #reconstructFromTransformer()}: the reconstruction heads read the per-modality GRU outputs
 *     {@code H_l, H_a, H_v} (the MCT inputs, the spec's wording, default) or, when true, the per-modality
 *     slices of the MCT output.</li>
 * </ul>
 * Two switches select the paper's ablations (Table V): {@link #compression()} ({@link Compression#MEAN_POOL} for
 * "without WSAM") and {@link #fusion()} ({@link Fusion#VANILLA} for "without MCT").
 */
public final class CiderNetworkConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int hiddenDim;
    private final int layers;
    private final int heads;
    private final int feedForwardDim;
    private final float attentionDropout;
    private final float embeddingDropout;
    private final float outputDropout;
    private final float residualDropout;
    private final float feedForwardDropout;
    private final int textFeatureDim;
    private final int textSteps;
    private final int audioSteps;
    private final int audioDim;
    private final int visionSteps;
    private final int visionDim;
    private final boolean aligned;
    private final boolean segmentPositions;
    private final boolean reconstructFromTransformer;
    private final boolean blockwiseAttention;
    private final Compression compression;
    private final Fusion fusion;

    private CiderNetworkConfig(Builder b) {
        this.hiddenDim = b.hiddenDim;
        this.layers = b.layers;
        this.heads = b.heads;
        this.feedForwardDim = b.feedForwardDim > 0 ? b.feedForwardDim : 4 * b.hiddenDim;
        this.attentionDropout = b.attentionDropout;
        this.embeddingDropout = b.embeddingDropout;
        this.outputDropout = b.outputDropout;
        this.residualDropout = b.residualDropout;
        this.feedForwardDropout = b.feedForwardDropout;
        this.textFeatureDim = b.textFeatureDim;
        this.textSteps = b.textSteps;
        this.audioSteps = b.audioSteps;
        this.audioDim = b.audioDim;
        this.visionSteps = b.visionSteps;
        this.visionDim = b.visionDim;
        this.aligned = b.aligned;
        this.segmentPositions = b.segmentPositions;
        this.reconstructFromTransformer = b.reconstructFromTransformer;
        this.blockwiseAttention = b.blockwiseAttention;
        this.compression = b.compression;
        this.fusion = b.fusion;
    }

    /**
     * A builder with the spec's defaults and no layout.
     * @return A new builder.
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder initialised with every value of this configuration.
     * @return A new builder.
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.hiddenDim = hiddenDim;
        b.layers = layers;
        b.heads = heads;
        b.feedForwardDim = feedForwardDim == 4 * hiddenDim ? -1 : feedForwardDim;
        b.attentionDropout = attentionDropout;
        b.embeddingDropout = embeddingDropout;
        b.outputDropout = outputDropout;
        b.residualDropout = residualDropout;
        b.feedForwardDropout = feedForwardDropout;
        b.textFeatureDim = textFeatureDim;
        b.textSteps = textSteps;
        b.audioSteps = audioSteps;
        b.audioDim = audioDim;
        b.visionSteps = visionSteps;
        b.visionDim = visionDim;
        b.aligned = aligned;
        b.segmentPositions = segmentPositions;
        b.reconstructFromTransformer = reconstructFromTransformer;
        b.blockwiseAttention = blockwiseAttention;
        b.compression = compression;
        b.fusion = fusion;
        return b;
    }

    /** @return {@code d}, the common hidden size (32 in the paper). */
    public int hiddenDim() {
        return hiddenDim;
    }

    /** @return {@code N}, the number of MCT layers. */
    public int layers() {
        return layers;
    }

    /** @return {@code H}, the number of attention heads of every MCA. */
    public int heads() {
        return heads;
    }

    /** @return The inner width of the MCT feed-forward network ({@code 4d} by default). */
    public int feedForwardDim() {
        return feedForwardDim;
    }

    /** @return The dropout on the tri-modal view's attention weights. */
    public float attentionDropout() {
        return attentionDropout;
    }

    /** @return The dropout after the positional encoding at the MCT input. */
    public float embeddingDropout() {
        return embeddingDropout;
    }

    /** @return The dropout inside the joint representation ({@code W2 drop(relu(W1 x)) + x}). */
    public float outputDropout() {
        return outputDropout;
    }

    /** @return The dropout on each MCT sub-layer output before the residual sum. */
    public float residualDropout() {
        return residualDropout;
    }

    /** @return The dropout after the ReLU of the MCT feed-forward network. */
    public float feedForwardDropout() {
        return feedForwardDropout;
    }

    /** @return {@code d_l}, the dimension of the token features. */
    public int textFeatureDim() {
        return textFeatureDim;
    }

    /** @return {@code T_l}, the padded number of token positions. */
    public int textSteps() {
        return textSteps;
    }

    /** @return {@code T_a}. */
    public int audioSteps() {
        return audioSteps;
    }

    /** @return {@code d_a}. */
    public int audioDim() {
        return audioDim;
    }

    /** @return {@code T_v}. */
    public int visionSteps() {
        return visionSteps;
    }

    /** @return {@code d_v}. */
    public int visionDim() {
        return visionDim;
    }

    /** @return True for word-aligned data: WSAM is bypassed (its parameters still exist, as in the reference). */
    public boolean aligned() {
        return aligned;
    }

    /** @return True when the positional encoding restarts in each modality segment (see the class comment). */
    public boolean segmentPositions() {
        return segmentPositions;
    }

    /** @return True when the reconstruction heads read the MCT output instead of the GRU outputs. */
    public boolean reconstructFromTransformer() {
        return reconstructFromTransformer;
    }

    /** @return True to compute each MCA view only on the score blocks it can see (same result, less work). */
    public boolean blockwiseAttention() {
        return blockwiseAttention;
    }

    /**
     * @return How unaligned audio and vision are compressed to {@code T_l}: {@link Compression#WSAM} (default) or
     * {@link Compression#MEAN_POOL} (the "without WSAM" ablation, no WSAM parameters).
     */
    public Compression compression() {
        return compression;
    }

    /**
     * @return The fusion transformer: {@link Fusion#MCT} (default) or {@link Fusion#VANILLA} (the "without MCT"
     * ablation).
     */
    public Fusion fusion() {
        return fusion;
    }

    /** @return The size of the joint representation, {@code 3d}. */
    public int jointDim() {
        return 3 * hiddenDim;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof CiderNetworkConfig)) {
            return false;
        }
        CiderNetworkConfig c = (CiderNetworkConfig) o;
        return hiddenDim == c.hiddenDim && layers == c.layers && heads == c.heads && feedForwardDim == c.feedForwardDim
                && Float.compare(attentionDropout, c.attentionDropout) == 0
                && Float.compare(embeddingDropout, c.embeddingDropout) == 0
                && Float.compare(outputDropout, c.outputDropout) == 0
                && Float.compare(residualDropout, c.residualDropout) == 0
                && Float.compare(feedForwardDropout, c.feedForwardDropout) == 0
                && textFeatureDim == c.textFeatureDim && textSteps == c.textSteps
                && audioSteps == c.audioSteps && audioDim == c.audioDim
                && visionSteps == c.visionSteps && visionDim == c.visionDim
                && aligned == c.aligned && segmentPositions == c.segmentPositions
                && reconstructFromTransformer == c.reconstructFromTransformer
                && blockwiseAttention == c.blockwiseAttention
                && compression == c.compression && fusion == c.fusion;
    }

    @Override
    public int hashCode() {
        return Objects.hash(hiddenDim, layers, heads, feedForwardDim, attentionDropout, embeddingDropout, outputDropout,
                residualDropout, feedForwardDropout, textFeatureDim, textSteps, audioSteps, audioDim, visionSteps,
                visionDim, aligned, segmentPositions, reconstructFromTransformer, blockwiseAttention, compression, fusion);
    }

    @Override
    public String toString() {
        return "CiderNetworkConfig(d=" + hiddenDim + ", layers=" + layers + ", heads=" + heads + ", ffn=" + feedForwardDim
                + ", attentionDropout=" + attentionDropout + ", embeddingDropout=" + embeddingDropout
                + ", outputDropout=" + outputDropout + ", residualDropout=" + residualDropout
                + ", feedForwardDropout=" + feedForwardDropout + ", text " + textSteps + "x" + textFeatureDim
                + ", audio " + audioSteps + "x" + audioDim + ", vision " + visionSteps + "x" + visionDim
                + (aligned ? ", aligned" : ", unaligned") + ", segmentPositions=" + segmentPositions
                + ", reconstructFromTransformer=" + reconstructFromTransformer
                + ", blockwiseAttention=" + blockwiseAttention + ", compression=" + compression + ", fusion=" + fusion + ")";
    }

    /**
     * Builds a {@link CiderNetworkConfig}.
     */
    public static final class Builder {
        private int hiddenDim = 32;
        private int layers = 3;
        private int heads = 8;
        private int feedForwardDim = -1;
        private float attentionDropout = 0.0f;
        private float embeddingDropout = 0.2f;
        private float outputDropout = 0.3f;
        private float residualDropout = 0.1f;
        private float feedForwardDropout = 0.1f;
        private int textFeatureDim = -1;
        private int textSteps = -1;
        private int audioSteps = -1;
        private int audioDim = -1;
        private int visionSteps = -1;
        private int visionDim = -1;
        private boolean aligned = false;
        private boolean segmentPositions = true;
        private boolean reconstructFromTransformer = false;
        private boolean blockwiseAttention = false;
        private Compression compression = Compression.WSAM;
        private Fusion fusion = Fusion.MCT;

        private Builder() {
        }

        /**
         * Sets {@code d}. Default 32.
         * @param hiddenDim The common hidden size.
         * @return This builder.
         */
        public Builder hiddenDim(int hiddenDim) {
            this.hiddenDim = hiddenDim;
            return this;
        }

        /**
         * Sets the number of MCT layers. Default 3 (the paper searches 1..4).
         * @param layers The number of layers.
         * @return This builder.
         */
        public Builder layers(int layers) {
            this.layers = layers;
            return this;
        }

        /**
         * Sets the number of attention heads; must divide {@code d}. Default 8.
         * @param heads The number of heads.
         * @return This builder.
         */
        public Builder heads(int heads) {
            this.heads = heads;
            return this;
        }

        /**
         * Sets the inner width of the MCT feed-forward network. Default {@code 4d}.
         * @param feedForwardDim The width.
         * @return This builder.
         */
        public Builder feedForwardDim(int feedForwardDim) {
            this.feedForwardDim = feedForwardDim;
            return this;
        }

        /**
         * Sets the dropout of the tri-modal view's attention weights. Default 0.0.
         * @param rate The rate in [0, 1).
         * @return This builder.
         */
        public Builder attentionDropout(float rate) {
            this.attentionDropout = rate;
            return this;
        }

        /**
         * Sets the dropout after the positional encoding. Default 0.2.
         * @param rate The rate in [0, 1).
         * @return This builder.
         */
        public Builder embeddingDropout(float rate) {
            this.embeddingDropout = rate;
            return this;
        }

        /**
         * Sets the dropout of the joint representation. Default 0.3.
         * @param rate The rate in [0, 1).
         * @return This builder.
         */
        public Builder outputDropout(float rate) {
            this.outputDropout = rate;
            return this;
        }

        /**
         * Sets the dropout on MCT sub-layer outputs before the residual sum. Default 0.1.
         * @param rate The rate in [0, 1).
         * @return This builder.
         */
        public Builder residualDropout(float rate) {
            this.residualDropout = rate;
            return this;
        }

        /**
         * Sets the dropout after the feed-forward ReLU. Default 0.1.
         * @param rate The rate in [0, 1).
         * @return This builder.
         */
        public Builder feedForwardDropout(float rate) {
            this.feedForwardDropout = rate;
            return this;
        }

        /**
         * Sets {@code d_l}, the token feature dimension (768 for bert-base).
         * @param textFeatureDim The dimension.
         * @return This builder.
         */
        public Builder textFeatureDim(int textFeatureDim) {
            this.textFeatureDim = textFeatureDim;
            return this;
        }

        /**
         * Sets {@code T_l}.
         * @param textSteps The padded number of token positions.
         * @return This builder.
         */
        public Builder textSteps(int textSteps) {
            this.textSteps = textSteps;
            return this;
        }

        /**
         * Sets {@code T_a} and {@code d_a}.
         * @param steps {@code T_a}.
         * @param dim {@code d_a}.
         * @return This builder.
         */
        public Builder audio(int steps, int dim) {
            this.audioSteps = steps;
            this.audioDim = dim;
            return this;
        }

        /**
         * Sets {@code T_v} and {@code d_v}.
         * @param steps {@code T_v}.
         * @param dim {@code d_v}.
         * @return This builder.
         */
        public Builder vision(int steps, int dim) {
            this.visionSteps = steps;
            this.visionDim = dim;
            return this;
        }

        /**
         * Sets whether the data are word-aligned (WSAM bypassed). Default false.
         * @param aligned True for aligned data.
         * @return This builder.
         */
        public Builder aligned(boolean aligned) {
            this.aligned = aligned;
            return this;
        }

        /**
         * Copies the steps and dimensions of a data layout and its alignment. A layout without token
         * features ({@code d_l = 0}) leaves {@code d_l} unchanged: set it with {@link #textFeatureDim(int)}.
         * @param layout The layout.
         * @return This builder.
         */
        public Builder layout(DataLayout layout) {
            this.textSteps = layout.textSteps();
            if (layout.textFeatureDim() > 0) {
                this.textFeatureDim = layout.textFeatureDim();
            }
            this.audioSteps = layout.audioSteps();
            this.audioDim = layout.audioDim();
            this.visionSteps = layout.visionSteps();
            this.visionDim = layout.visionDim();
            this.aligned = layout.aligned();
            return this;
        }

        /**
         * Sets whether the positional encoding restarts in each modality segment. Default true.
         * @param segmentPositions True for per-segment positions, false for positions over the concatenation.
         * @return This builder.
         */
        public Builder segmentPositions(boolean segmentPositions) {
            this.segmentPositions = segmentPositions;
            return this;
        }

        /**
         * Sets whether the reconstruction heads read the MCT output (true) or the GRU outputs (false, default).
         * @param fromTransformer The choice.
         * @return This builder.
         */
        public Builder reconstructFromTransformer(boolean fromTransformer) {
            this.reconstructFromTransformer = fromTransformer;
            return this;
        }

        /**
         * Sets whether the MCA computes each view only on its visible score blocks. Default false (reference).
         * @param blockwise True for the blockwise variant.
         * @return This builder.
         */
        public Builder blockwiseAttention(boolean blockwise) {
            this.blockwiseAttention = blockwise;
            return this;
        }

        /**
         * Sets how unaligned audio and vision are compressed to the text length. Default {@link Compression#WSAM};
         * {@link Compression#MEAN_POOL} is the "without WSAM" ablation. Ignored for aligned data.
         * @param compression The compression.
         * @return This builder.
         */
        public Builder compression(Compression compression) {
            this.compression = compression;
            return this;
        }

        /**
         * Sets the fusion transformer. Default {@link Fusion#MCT}; {@link Fusion#VANILLA} is the "without MCT"
         * ablation.
         * @param fusion The fusion transformer.
         * @return This builder.
         */
        public Builder fusion(Fusion fusion) {
            this.fusion = fusion;
            return this;
        }

        /**
         * Validates and builds.
         * @return The configuration.
         * @throws IllegalArgumentException naming the first invalid value.
         */
        public CiderNetworkConfig build() {
            if (compression == null) {
                throw new IllegalArgumentException("The compression must be set (WSAM or MEAN_POOL), found null");
            }
            if (fusion == null) {
                throw new IllegalArgumentException("The fusion transformer must be set (MCT or VANILLA), found null");
            }
            positive("hidden dimension d", hiddenDim);
            positive("number of MCT layers", layers);
            positive("number of attention heads", heads);
            if (hiddenDim % heads != 0) {
                throw new IllegalArgumentException("The hidden dimension d=" + hiddenDim
                        + " is not divisible by the number of attention heads (" + heads + ")");
            }
            if (feedForwardDim != -1) {
                positive("feed-forward dimension", feedForwardDim);
            }
            rate("attention dropout", attentionDropout);
            rate("embedding dropout", embeddingDropout);
            rate("output dropout", outputDropout);
            rate("residual dropout", residualDropout);
            rate("feed-forward dropout", feedForwardDropout);
            positive("text feature dimension d_l", textFeatureDim);
            positive("text steps T_l", textSteps);
            positive("audio steps T_a", audioSteps);
            positive("audio dimension d_a", audioDim);
            positive("vision steps T_v", visionSteps);
            positive("vision dimension d_v", visionDim);
            if (aligned && (audioSteps != textSteps || visionSteps != textSteps)) {
                throw new IllegalArgumentException("Aligned data need T_l = T_a = T_v, found T_l=" + textSteps
                        + ", T_a=" + audioSteps + ", T_v=" + visionSteps);
            }
            return new CiderNetworkConfig(this);
        }

        private static void positive(String name, int value) {
            if (value <= 0) {
                throw new IllegalArgumentException("The " + name + " must be positive"
                        + (value == -1 ? " and was not set" : ", found " + value));
            }
        }

        private static void rate(String name, float value) {
            if (!(value >= 0f && value < 1f)) {
                throw new IllegalArgumentException("The " + name + " rate must be in [0, 1), found " + value);
            }
        }
    }
}
