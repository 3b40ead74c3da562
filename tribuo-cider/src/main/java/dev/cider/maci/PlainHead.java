package dev.cider.maci;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
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
public final class PlainHead extends AbstractClassificationHead {

    private final Linear classifier;

    private PlainHead(Builder builder) {
        super("PlainHead", builder);
        this.classifier = addChildBlock("classifier", Linear.builder().setUnits(getNumClasses()).build());
    }

    /**
     * A new builder.
     * @return The builder.
     */
    public static Builder builder() {
        return new Builder();
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
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        checkInputShapes(inputShapes);
        classifier.initialize(manager, dataType, inputShapes[0]);
    }

    /** {@inheritDoc} */
    @Override
    protected String describeOtherInputs() {
        return "text prototypes, audio prototypes, vision prototypes, priors] (the last four ignored)";
    }

    /** Nothing to check: inputs 1 to 4 are ignored. */
    @Override
    protected void checkOtherInputs(Shape[] shapes) {
    }

    /** Builds a {@link PlainHead}. */
    public static final class Builder extends HeadBuilder<Builder> {

        private Builder() {
        }

        /** {@inheritDoc} */
        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Builds the head.
         * @return The head.
         * @throws IllegalArgumentException naming the first invalid setting.
         */
        public PlainHead build() {
            checkNumClasses("PlainHead");
            if (jointDim <= 0) {
                throw new IllegalArgumentException("PlainHead needs a positive joint size, got jointDim=" + jointDim);
            }
            return new PlainHead(this);
        }
    }
}
