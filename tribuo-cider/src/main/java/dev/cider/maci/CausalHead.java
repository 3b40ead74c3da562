package dev.cider.maci;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.cider.data.Modality;
import dev.cider.nn.OwnedArrays;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The MCM head of MACI: label-bias removal by backdoor adjustment over class prototypes.
 * <p>
 * Abbreviations: B = batch, J = joint representation size of the backbone (96 for CIDer), K = number of
 * classes, d_l / d_a / d_v = the prototype dimensions of text, audio and vision, D = the hidden size (32).
 * <p>
 * Three prototype encoders map each class prototype's modality part through
 * {@code d_x -> D -> D -> D} (linear layers with biases, ReLU between them, none after the last). For each
 * class {@code i} the head builds {@code h_i = concat(joint, z_l^i, z_a^i, z_v^i)} of size {@code J + 3D}
 * and applies its own classifier {@code Linear(J + 3D -> K)}; the output is
 * {@code log P(y | do(x)) = log sum_i prior_i * softmax(Classifier_i(h_i))}, with the probability clamped at
 * {@link #MIN_PROBABILITY} before the logarithm so it is never {@code -inf}.
 * <p>
 * Inputs, in order:
 * <ol>
 *     <li>joint representation {@code (B, J)};</li>
 *     <li>text prototypes {@code (K, d_l)};</li>
 *     <li>audio prototypes {@code (K, d_a)};</li>
 *     <li>vision prototypes {@code (K, d_v)};</li>
 *     <li>class priors {@code (K)}.</li>
 * </ol>
 * Output: {@code [log P (B, K)]} (the {@link ClassificationHead} contract). Prototypes and priors come from {@link ClassPrototypes#toNDList}, in
 * training mode (per-class prototypes, training priors) or test mode (mean prototype, uniform priors).
 * <p>
 * Parameter count: {@code sum_x (d_x D + D) + 2 (D D + D)} for the prototype encoders (31,808 for
 * d_l = 768, d_a = 5, d_v = 20, D = 32) and {@code K (K (J + 3D) + K)} for the classifiers (1,737 for K = 3,
 * J = 96).
 */
public final class CausalHead extends AbstractClassificationHead {

    /** The smallest probability the head takes the logarithm of. */
    public static final float MIN_PROBABILITY = 1e-30f;

    private final int hiddenDim;
    private final int textDim;
    private final int audioDim;
    private final int visionDim;

    private final SequentialBlock textEncoder;
    private final SequentialBlock audioEncoder;
    private final SequentialBlock visionEncoder;
    private final List<Linear> classifiers;

    private CausalHead(Builder builder) {
        super("CausalHead", builder);
        this.hiddenDim = builder.hiddenDim;
        this.textDim = builder.textDim;
        this.audioDim = builder.audioDim;
        this.visionDim = builder.visionDim;
        this.textEncoder = addChildBlock("textPrototypeEncoder", buildPrototypeEncoder());
        this.audioEncoder = addChildBlock("audioPrototypeEncoder", buildPrototypeEncoder());
        this.visionEncoder = addChildBlock("visionPrototypeEncoder", buildPrototypeEncoder());
        List<Linear> cls = new ArrayList<>(numClasses);
        for (int i = 0; i < numClasses; i++) {
            cls.add(addChildBlock("classifier" + i, Linear.builder().setUnits(numClasses).optBias(true).build()));
        }
        this.classifiers = Collections.unmodifiableList(cls);
    }

    /** d_x -> D -> D -> D with ReLU between the linear layers. */
    private SequentialBlock buildPrototypeEncoder() {
        return new SequentialBlock()
                .add(Linear.builder().setUnits(hiddenDim).optBias(true).build())
                .add(Activation.reluBlock())
                .add(Linear.builder().setUnits(hiddenDim).optBias(true).build())
                .add(Activation.reluBlock())
                .add(Linear.builder().setUnits(hiddenDim).optBias(true).build());
    }

    /**
     * A new builder.
     * @return The builder.
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Always true: the backdoor adjustment reads the prototypes and priors.
     * @return True.
     */
    @Override
    public boolean usesPrototypes() {
        return true;
    }

    /** @return The hidden size D of the prototype encoders. */
    public int getHiddenDim() {
        return hiddenDim;
    }

    /**
     * The prototype dimension of a modality.
     * @param modality The modality.
     * @return d_l, d_a or d_v.
     */
    public int getPrototypeDim(Modality modality) {
        switch (modality) {
            case TEXT: return textDim;
            case AUDIO: return audioDim;
            case VISION: return visionDim;
            default: throw new IllegalArgumentException("Unknown modality " + modality);
        }
    }

    /** @return The classifier input size {@code J + 3D}. */
    public int getClassifierInputDim() {
        return jointDim + 3 * hiddenDim;
    }

    /**
     * The prototype encoder of a modality ({@code d_x -> D -> D -> D}).
     * @param modality The modality.
     * @return Its encoder block.
     */
    public Block getPrototypeEncoder(Modality modality) {
        switch (modality) {
            case TEXT: return textEncoder;
            case AUDIO: return audioEncoder;
            case VISION: return visionEncoder;
            default: throw new IllegalArgumentException("Unknown modality " + modality);
        }
    }

    /**
     * The classifier of one class slot ({@code J + 3D -> K}).
     * @param classIndex The class index in 0..K-1.
     * @return The linear block.
     */
    public Linear getClassifier(int classIndex) {
        if (classIndex < 0 || classIndex >= numClasses) {
            throw new IllegalArgumentException("Class index " + classIndex + " outside [0, " + numClasses + ")");
        }
        return classifiers.get(classIndex);
    }

    /**
     * The number of scalars in the three prototype encoders (the block must be initialised).
     * @return The parameter count.
     */
    public long prototypeEncoderParameterCount() {
        return countParameters(textEncoder) + countParameters(audioEncoder) + countParameters(visionEncoder);
    }

    /**
     * The number of scalars in the K classifiers (the block must be initialised).
     * @return The parameter count.
     */
    public long classifierParameterCount() {
        long total = 0;
        for (Linear c : classifiers) {
            total += countParameters(c);
        }
        return total;
    }

    /**
     * The number of scalars in all parameters of an initialised block.
     * @param block The block.
     * @return The count.
     * @throws IllegalStateException if a parameter has no shape yet.
     */
    public static long countParameters(Block block) {
        long total = 0;
        for (var pair : block.getParameters()) {
            Parameter p = pair.getValue();
            Shape s = p.getArray() != null ? p.getArray().getShape() : null;
            if (s == null) {
                throw new IllegalStateException("Parameter " + pair.getKey() + " is not initialised; initialise the block first");
            }
            total += s.size();
        }
        return total;
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        checkInputShapes(inputs.getShapes());
        NDArray joint = inputs.get(0);       // (B, J)
        NDArray priors = inputs.get(4);      // (K)
        long batch = joint.getShape().get(0);
        // Prototype codes, each (K, D)
        NDArray zText = textEncoder.forward(parameterStore, new NDList(inputs.get(1)), training, params).singletonOrThrow();
        NDArray zAudio = audioEncoder.forward(parameterStore, new NDList(inputs.get(2)), training, params).singletonOrThrow();
        NDArray zVision = visionEncoder.forward(parameterStore, new NDList(inputs.get(3)), training, params).singletonOrThrow();
        NDArray codes = NDArrays.concat(new NDList(zText, zAudio, zVision), 1); // (K, 3D)
        NDArray mixture = null; // (B, K)
        for (int i = 0; i < numClasses; i++) {
            NDArray code = codes.get(i).reshape(1, 3L * hiddenDim).broadcast(batch, 3L * hiddenDim); // (B, 3D)
            NDArray h = NDArrays.concat(new NDList(joint, code), 1);                                  // (B, J + 3D)
            NDArray logits = classifiers.get(i).forward(parameterStore, new NDList(h), training, params).singletonOrThrow(); // (B, K)
            NDArray weighted = logits.softmax(1).mul(priors.get(i));                                  // (B, K)
            mixture = mixture == null ? weighted : mixture.add(weighted);
        }
        return new NDList(OwnedArrays.maximum(mixture, MIN_PROBABILITY).log());
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        checkInputShapes(inputShapes);
        textEncoder.initialize(manager, dataType, inputShapes[1]);
        audioEncoder.initialize(manager, dataType, inputShapes[2]);
        visionEncoder.initialize(manager, dataType, inputShapes[3]);
        Shape classifierInput = new Shape(inputShapes[0].get(0), getClassifierInputDim());
        for (Linear c : classifiers) {
            c.initialize(manager, dataType, classifierInput);
        }
    }

    /** {@inheritDoc} */
    @Override
    protected String describeOtherInputs() {
        return "text prototypes (" + numClasses + "," + textDim + "), audio prototypes (" + numClasses + "," + audioDim
                + "), vision prototypes (" + numClasses + "," + visionDim + "), priors (" + numClasses + ")]";
    }

    /**
     * Throws a descriptive error unless inputs 1 to 4 are {@code (K, d_l), (K, d_a), (K, d_v), (K)}.
     */
    @Override
    protected void checkOtherInputs(Shape[] shapes) {
        checkShape("text prototypes", shapes[1], numClasses, textDim);
        checkShape("audio prototypes", shapes[2], numClasses, audioDim);
        checkShape("vision prototypes", shapes[3], numClasses, visionDim);
        if (shapes[4].dimension() != 1 || shapes[4].get(0) != numClasses) {
            throw new IllegalArgumentException("CausalHead: priors must have shape (" + numClasses + "), got " + shapes[4]);
        }
    }

    /** Builds a {@link CausalHead}. */
    public static final class Builder extends HeadBuilder<Builder> {
        private int hiddenDim = 32;
        private int textDim = -1;
        private int audioDim = -1;
        private int visionDim = -1;

        private Builder() {}

        /** {@inheritDoc} */
        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Sets the hidden size D of the prototype encoders (default 32).
         * @param hiddenDim D.
         * @return This builder.
         */
        public Builder optHiddenDim(int hiddenDim) {
            this.hiddenDim = hiddenDim;
            return this;
        }

        /**
         * Sets the text prototype dimension d_l, the size of the sentence vector (required).
         * @param textDim d_l.
         * @return This builder.
         */
        public Builder setTextDim(int textDim) {
            this.textDim = textDim;
            return this;
        }

        /**
         * Sets the audio prototype dimension d_a, the audio feature size (required).
         * @param audioDim d_a.
         * @return This builder.
         */
        public Builder setAudioDim(int audioDim) {
            this.audioDim = audioDim;
            return this;
        }

        /**
         * Sets the vision prototype dimension d_v, the vision feature size (required).
         * @param visionDim d_v.
         * @return This builder.
         */
        public Builder setVisionDim(int visionDim) {
            this.visionDim = visionDim;
            return this;
        }

        /**
         * Builds the head.
         * @return The head.
         * @throws IllegalArgumentException naming the first invalid setting.
         */
        public CausalHead build() {
            checkNumClasses("CausalHead");
            if (jointDim <= 0 || hiddenDim <= 0) {
                throw new IllegalArgumentException("CausalHead sizes must be positive: jointDim=" + jointDim + ", hiddenDim=" + hiddenDim);
            }
            if (textDim <= 0 || audioDim <= 0 || visionDim <= 0) {
                throw new IllegalArgumentException("CausalHead prototype dimensions must be set and positive: d_l=" + textDim
                        + ", d_a=" + audioDim + ", d_v=" + visionDim);
            }
            return new CausalHead(this);
        }
    }
}
