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
}
