package dev.cider.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Arrays built from Java values whose native memory belongs to the array itself.
 * <p>
 * DJL's PyTorch engine builds an array from Java values as a view of a direct buffer that only the Java array object
 * keeps alive: once that object is closed (explicitly, or by an {@link ai.djl.ndarray.NDScope} or manager) the
 * garbage collector may free the buffer, while PyTorch can still read it, for instance as a tensor that autograd saved
 * for the backward pass (a mask multiplied into a loss) or as the base of a view. Such a read is a use after free:
 * wrong gradients, NaN or a crash, depending on the allocator and on when the collector runs. Constants built inside
 * a forward pass (masks, selectors, window matrices, positional encodings) and closed with the pass's scope before
 * its backward pass must therefore own their memory, which this class gives them at the cost of one copy.
 * <p>
 * The same holds for DJL's arithmetic with a Java number ({@code x.mul(0.5f)}, {@code x.maximum(1e-8f)}): it builds
 * the number as such an array and closes it at once, while autograd keeps it for the backward pass of a product,
 * quotient or maximum. Where the other operand needs a gradient, {@link #mul}, {@link #div} and {@link #maximum} do
 * the same arithmetic with a scalar that owns its memory.
 */
public final class OwnedArrays {

    private OwnedArrays() {
    }

    /**
     * A float array with its own native memory.
     * @param manager The manager of the result.
     * @param values The values, row-major.
     * @param shape The shape.
     * @return The array, a copy of the values that does not depend on any Java buffer.
     */
    public static NDArray create(NDManager manager, float[] values, Shape shape) {
        try (NDArray staged = manager.create(values, shape)) {
            return staged.duplicate();
        }
    }

    /**
     * A one-dimensional float array with its own native memory.
     * @param manager The manager of the result.
     * @param values The values.
     * @return The array of shape {@code (values.length)}.
     */
    public static NDArray create(NDManager manager, float[] values) {
        return create(manager, values, new Shape(values.length));
    }

    /**
     * A scalar (0-dimensional) float array with its own native memory.
     * @param manager The manager of the result.
     * @param value The value.
     * @return The scalar.
     */
    public static NDArray scalar(NDManager manager, float value) {
        return create(manager, new float[]{value}, new Shape());
    }

    /**
     * {@code x * value}, safe to differentiate (see the class documentation).
     * @param x The array.
     * @param value The factor.
     * @return The product.
     */
    public static NDArray mul(NDArray x, float value) {
        try (NDArray s = scalar(x.getManager(), value)) {
            return x.mul(s);
        }
    }

    /**
     * {@code x / value}, safe to differentiate (see the class documentation).
     * @param x The array.
     * @param value The divisor.
     * @return The quotient.
     */
    public static NDArray div(NDArray x, float value) {
        try (NDArray s = scalar(x.getManager(), value)) {
            return x.div(s);
        }
    }

    /**
     * The element-wise maximum of {@code x} and {@code value}, safe to differentiate (see the class documentation).
     * @param x The array.
     * @param value The lower bound.
     * @return The maximum.
     */
    public static NDArray maximum(NDArray x, float value) {
        try (NDArray s = scalar(x.getManager(), value)) {
            return x.maximum(s);
        }
    }
}
