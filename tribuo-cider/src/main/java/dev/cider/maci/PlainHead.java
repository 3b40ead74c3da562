package dev.cider.maci;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A plain classification head, the "without MCM" ablation: {@code log P(y | x) = log_softmax(W h_m + b)} with one
 * linear {@code J -> K}. It takes the inputs of every {@link ClassificationHead} and ignores the prototypes and
 * priors, so a {@link MaciNetwork} keeps its input contract; MACI's counterfactual debiasing still applies, since it
 * needs only {@code log P(y | x)} and {@code log P(y | x_cf)}.
 * <p>
 * Input: {@code [joint (B, J), text prototypes, audio prototypes, vision prototypes, priors]} (the last four
 * ignored). Output: {@code [log P (B, K)]}. Parameters: {@code K J + K} (291 for {@code J = 96, K = 3}).
 */
public final class PlainHead extends AbstractBlock implements ClassificationHead {

    private static final byte VERSION = 1;

    private final int numClasses;
    private final int jointDim;
    private final Linear classifier;

    private PlainHead(Builder builder) {
        super(VERSION);
        this.numClasses = builder.numClasses;
        this.jointDim = builder.jointDim;
        this.classifier = addChildBlock("classifier", Linear.builder().setUnits(numClasses).build());
    }

    /**
     * A new builder.
     * @return The builder.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** {@inheritDoc} */
    @Override
    public int getNumClasses() {
        return numClasses;
    }

    /** {@inheritDoc} */
    @Override
    public int getJointDim() {
        return jointDim;
    }

    /**
     * Always false: this head ignores the prototypes and priors.
     * @return False.
     */
    @Override
    public boolean usesPrototypes() {
        return false;
    }

    /**
     * The linear classifier {@code J -> K}.
     * @return The classifier.
     */
    public Linear getClassifier() {
        return classifier;
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        checkInputShapes(inputs.getShapes());
        NDArray logits = classifier.forward(parameterStore, new NDList(inputs.get(0)), training, params).head(); // (B, K)
        return new NDList(logits.logSoftmax(1));
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        checkInputShapes(inputShapes);
        return new Shape[]{new Shape(inputShapes[0].get(0), numClasses)};
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        checkInputShapes(inputShapes);
        classifier.initialize(manager, dataType, inputShapes[0]);
    }

    private void checkInputShapes(Shape[] shapes) {
        if (shapes.length != INPUTS) {
            throw new IllegalArgumentException("PlainHead expects " + INPUTS + " inputs [joint (B," + jointDim
                    + "), text prototypes, audio prototypes, vision prototypes, priors] (the last four ignored), got " + shapes.length);
        }
        Shape joint = shapes[0];
        if (joint.dimension() != 2 || joint.get(1) != jointDim) {
            throw new IllegalArgumentException("PlainHead: joint representation must have shape (B, " + jointDim + "), got " + joint);
        }
    }

    /** Builds a {@link PlainHead}. */
    public static final class Builder {
        private int numClasses = -1;
        private int jointDim = 96;

        private Builder() {
        }

        /**
         * Sets the number of classes K (required).
         * @param numClasses K, at least 2.
         * @return This builder.
         */
        public Builder setNumClasses(int numClasses) {
            this.numClasses = numClasses;
            return this;
        }

        /**
         * Sets the joint representation size J (default 96).
         * @param jointDim J.
         * @return This builder.
         */
        public Builder optJointDim(int jointDim) {
            this.jointDim = jointDim;
            return this;
        }

        /**
         * Builds the head.
         * @return The head.
         * @throws IllegalArgumentException naming the first invalid setting.
         */
        public PlainHead build() {
            if (numClasses < 2) {
                throw new IllegalArgumentException("PlainHead needs at least 2 classes, got numClasses=" + numClasses);
            }
            if (jointDim <= 0) {
                throw new IllegalArgumentException("PlainHead needs a positive joint size, got jointDim=" + jointDim);
            }
            return new PlainHead(this);
        }
    }
}
