package dev.cider.maci;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;

/**
 * What every {@link ClassificationHead} shares: the number of classes K, the joint size J, the output shape
 * {@code (B, K)} and the check of the five inputs {@code [joint (B, J), text prototypes, audio prototypes,
 * vision prototypes, priors]} (the count and the joint representation here; the rest by the subclass).
 */
public abstract class AbstractClassificationHead extends AbstractBlock implements ClassificationHead {

    private static final byte VERSION = 1;

    /** The number of classes K. */
    protected final int numClasses;
    /** The joint representation size J. */
    protected final int jointDim;
    private final String name;

    /**
     * For subclasses.
     * @param name The head's name in error messages, e.g. "PlainHead".
     * @param builder The validated builder holding K and J.
     */
    protected AbstractClassificationHead(String name, HeadBuilder<?> builder) {
        super(VERSION);
        this.name = name;
        this.numClasses = builder.numClasses;
        this.jointDim = builder.jointDim;
    }

    /** @return The number of classes K. */
    @Override
    public int getNumClasses() {
        return numClasses;
    }

    /** @return The joint representation size J. */
    @Override
    public int getJointDim() {
        return jointDim;
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        checkInputShapes(inputShapes);
        return new Shape[]{new Shape(inputShapes[0].get(0), numClasses)};
    }

    /**
     * Throws a descriptive error unless there are {@link #INPUTS} inputs, the first of shape {@code (B, J)}, and
     * the others pass {@link #checkOtherInputs(Shape[])}.
     * @param shapes The input shapes.
     */
    protected final void checkInputShapes(Shape[] shapes) {
        if (shapes.length != INPUTS) {
            throw new IllegalArgumentException(name + " expects " + INPUTS + " inputs [joint (B," + jointDim + "), "
                    + describeOtherInputs() + ", got " + shapes.length);
        }
        checkShape("joint representation", shapes[0], -1, jointDim);
        checkOtherInputs(shapes);
    }

    /**
     * The inputs after the joint representation, for the error on a wrong input count, closing the bracket,
     * e.g. {@code "text prototypes, audio prototypes, vision prototypes, priors]"}.
     * @return The description.
     */
    protected abstract String describeOtherInputs();

    /**
     * Checks inputs 1 to 4 (the count and the joint representation are already checked).
     * @param shapes The five input shapes.
     */
    protected abstract void checkOtherInputs(Shape[] shapes);

    /**
     * Throws unless a shape is {@code (rows, cols)}, or {@code (B, cols)} for any B when rows is negative.
     * @param what The input named in the error.
     * @param shape The shape.
     * @param rows The number of rows, negative for any.
     * @param cols The number of columns.
     */
    protected final void checkShape(String what, Shape shape, long rows, long cols) {
        boolean ok = shape.dimension() == 2 && shape.get(1) == cols && (rows < 0 || shape.get(0) == rows);
        if (!ok) {
            throw new IllegalArgumentException(name + ": " + what + " must have shape (" + (rows < 0 ? "B" : rows) + ", "
                    + cols + "), got " + shape);
        }
    }

    /**
     * The options every head's builder shares: K (required) and J (default 96).
     * @param <B> The concrete builder type.
     */
    public abstract static class HeadBuilder<B extends HeadBuilder<B>> {
        int numClasses = -1;
        int jointDim = 96;

        /**
         * For subclasses.
         */
        protected HeadBuilder() {
        }

        /**
         * This builder as its concrete type.
         * @return This builder.
         */
        protected abstract B self();

        /**
         * Sets the number of classes K (required).
         * @param numClasses K, at least 2.
         * @return This builder.
         */
        public B setNumClasses(int numClasses) {
            this.numClasses = numClasses;
            return self();
        }

        /**
         * Sets the joint representation size J (default 96).
         * @param jointDim J.
         * @return This builder.
         */
        public B optJointDim(int jointDim) {
            this.jointDim = jointDim;
            return self();
        }

        /**
         * Throws unless K is at least 2.
         * @param name The head named in the error.
         */
        void checkNumClasses(String name) {
            if (numClasses < 2) {
                throw new IllegalArgumentException(name + " needs at least 2 classes, got numClasses=" + numClasses);
            }
        }
    }
}
