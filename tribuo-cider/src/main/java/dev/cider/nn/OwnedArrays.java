package dev.cider.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.function.Consumer;

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
 * <p>
 * The values travel through one reusable direct buffer per thread (the staging buffer, as large as the largest array
 * built so far on the thread) rather than a fresh direct buffer per array: a fresh buffer's native memory is released
 * only when the garbage collector gets to its Java object, so with a large heap the buffers of every assembled batch
 * (20 MB of token features for a MOSI batch of 128) piled up between collections, and allocating one cost more than
 * the arithmetic it served.
 */
public final class OwnedArrays {

    private static final ThreadLocal<ByteBuffer> STAGING = new ThreadLocal<>();

    private OwnedArrays() {
    }

    // The thread's staging buffer, grown to hold at least the given bytes, cleared, in native byte order.
    private static ByteBuffer staging(long bytes) {
        if (bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("An array of " + bytes + " bytes is too large to build from Java values");
        }
        ByteBuffer buffer = STAGING.get();
        if (buffer == null || buffer.capacity() < bytes) {
            buffer = ByteBuffer.allocateDirect((int) Math.max(bytes, 4096)).order(ByteOrder.nativeOrder());
            STAGING.set(buffer);
        }
        buffer.clear();
        return buffer;
    }

    // An owned copy of an array written by the writer into the staging buffer (exactly shape.size() values of the type).
    private static NDArray staged(NDManager manager, Shape shape, DataType type, Consumer<ByteBuffer> writer) {
        long bytes = shape.size() * type.getNumOfBytes();
        ByteBuffer buffer = staging(bytes);
        writer.accept(buffer);
        buffer.position(0).limit((int) bytes);
        ByteBuffer exact = buffer.slice().order(ByteOrder.nativeOrder());
        try (NDArray staged = manager.create(exact, shape, type)) {
            return staged.duplicate();
        }
    }

    private static void checkSize(long values, Shape shape) {
        if (shape.size() != values) {
            throw new IllegalArgumentException("Cannot build an array of shape " + shape + " from " + values + " values");
        }
    }

    /**
     * An int32 array with its own native memory.
     * @param manager The manager of the result.
     * @param values The values, row-major.
     * @param shape The shape.
     * @return The array, a copy of the values that does not depend on any Java buffer.
     */
    public static NDArray create(NDManager manager, int[] values, Shape shape) {
        checkSize(values.length, shape);
        return staged(manager, shape, DataType.INT32, buffer -> buffer.asIntBuffer().put(values));
    }

    /**
     * A float array with its own native memory.
     * @param manager The manager of the result.
     * @param values The values, row-major.
     * @param shape The shape.
     * @return The array, a copy of the values that does not depend on any Java buffer.
     */
    public static NDArray create(NDManager manager, float[] values, Shape shape) {
        checkSize(values.length, shape);
        return staged(manager, shape, DataType.FLOAT32, buffer -> buffer.asFloatBuffer().put(values));
    }

    /**
     * A float array with its own native memory, written in place: the writer fills a buffer of exactly
     * {@code shape.size()} floats (absolute or relative puts), with no Java array in between, which keeps large
     * batches off the Java heap. The buffer holds stale values: the writer must write every element.
     * @param manager The manager of the result.
     * @param shape The shape.
     * @param writer Writes the values, row-major.
     * @return The array, a copy of the values that does not depend on any Java buffer.
     */
    public static NDArray create(NDManager manager, Shape shape, Consumer<FloatBuffer> writer) {
        return staged(manager, shape, DataType.FLOAT32, buffer -> {
            FloatBuffer floats = buffer.asFloatBuffer();
            floats.limit((int) shape.size());
            writer.accept(floats);
        });
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
