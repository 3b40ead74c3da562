package dev.cider.data.source.pickle;

import java.math.BigInteger;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An immutable n-dimensional numpy array decoded from a pickle.
 * <p>
 * Elements are addressed by their flat index in C (row-major) order, whatever order the array was stored in:
 * arrays pickled in Fortran order are read through their strides, without a copy. The typed accessors
 * convert between numeric kinds ({@link #getDouble}, {@link #toFloatArray()}), check that integers are
 * integral ({@link #getLong}, {@link #toLongArray()}) and read strings from object, {@code U} and {@code S}
 * arrays ({@link #getString}, {@link #toStringArray()}). Every conversion error is a
 * {@link NumpyPickleException} naming the element and the dtype.
 * <p>
 * Raw data may be memory-mapped from the pickle file; such an array stays valid after the file is closed.
 */
public final class NumpyArray {

    private final NumpyDtype dtype;
    private final long[] shape;
    private final long size;
    private final long[] fortranStrides; // element strides of a Fortran-ordered array, else null
    private final ByteSource bytes;      // raw data of non-object arrays
    private final Object[] objects;      // elements of object arrays, in storage order

    private NumpyArray(NumpyDtype dtype, long[] shape, boolean fortran, ByteSource bytes, Object[] objects) {
        this.dtype = dtype;
        this.shape = shape.clone();
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new NumpyPickleException("negative dimension in array shape " + Arrays.toString(shape));
            }
            n = Math.multiplyExact(n, d);
        }
        this.size = n;
        if (fortran && shape.length > 1) {
            fortranStrides = new long[shape.length];
            long stride = 1;
            for (int k = 0; k < shape.length; k++) {
                fortranStrides[k] = stride;
                stride *= shape[k];
            }
        } else {
            fortranStrides = null;
        }
        this.bytes = bytes;
        this.objects = objects;
    }

    /**
     * An array over raw bytes (any dtype but object).
     * @param dtype The dtype.
     * @param shape The shape.
     * @param fortran Whether the bytes are in Fortran order.
     * @param bytes The raw data.
     * @return The array.
     * @throws NumpyPickleException if the number of bytes does not match the shape.
     */
    static NumpyArray ofBytes(NumpyDtype dtype, long[] shape, boolean fortran, ByteSource bytes) {
        NumpyArray a = new NumpyArray(dtype, shape, fortran, bytes, null);
        if (dtype.isSupported() && dtype.itemSize() > 0) {
            long expected = Math.multiplyExact(a.size, (long) dtype.itemSize());
            if (bytes.length() != expected) {
                throw new NumpyPickleException("array of shape " + Arrays.toString(shape) + " and dtype " + dtype
                        + " needs " + expected + " bytes of data, the pickle holds " + bytes.length());
            }
        }
        return a;
    }

    /**
     * An object array over its elements.
     * @param dtype The dtype (kind O).
     * @param shape The shape.
     * @param fortran Whether the elements are in Fortran order.
     * @param elements The elements in storage order.
     * @return The array.
     * @throws NumpyPickleException if the number of elements does not match the shape.
     */
    static NumpyArray ofObjects(NumpyDtype dtype, long[] shape, boolean fortran, Object[] elements) {
        NumpyArray a = new NumpyArray(dtype, shape, fortran, null, elements);
        if (elements.length != a.size) {
            throw new NumpyPickleException("object array of shape " + Arrays.toString(shape) + " needs " + a.size
                    + " elements, the pickle holds " + elements.length);
        }
        return a;
    }

    /**
     * Views an array-like value as an array: a {@code NumpyArray} is returned as is; a Python list or tuple
     * (possibly nested, rectangular) of numbers, strings and numpy scalars becomes an object array of that
     * shape; a single scalar becomes a 0-dimensional object array.
     * @param value The value.
     * @return The array.
     * @throws NumpyPickleException if the value is null, a map, or a ragged nested list.
     */
    public static NumpyArray fromObject(Object value) {
        if (value instanceof NumpyArray) {
            return (NumpyArray) value;
        }
        if (value == null || value instanceof java.util.Map) {
            throw new NumpyPickleException("expected an array or a list, found " + describe(value));
        }
        List<Long> dims = new ArrayList<>();
        Object probe = value;
        while (isSequence(probe)) {
            List<?> l = asList(probe);
            dims.add((long) l.size());
            probe = l.isEmpty() ? null : l.get(0);
        }
        long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
        List<Object> flat = new ArrayList<>();
        flatten(value, 0, shape, flat);
        NumpyDtype objectType = NumpyDtype.of("O8", "|", -1, false);
        return ofObjects(objectType, shape, false, flat.toArray());
    }

    private static void flatten(Object value, int depth, long[] shape, List<Object> out) {
        if (depth == shape.length) {
            if (isSequence(value) || value instanceof NumpyArray) {
                throw new NumpyPickleException("ragged nested list: expected a scalar at depth " + depth + ", found " + describe(value));
            }
            out.add(value);
            return;
        }
        if (!isSequence(value) || asList(value).size() != shape[depth]) {
            throw new NumpyPickleException("ragged nested list: expected a list of " + shape[depth] + " at depth " + depth
                    + ", found " + describe(value));
        }
        for (Object o : asList(value)) {
            flatten(o, depth + 1, shape, out);
        }
    }

    private static boolean isSequence(Object o) {
        return o instanceof List || o instanceof Object[];
    }

    private static List<?> asList(Object o) {
        return o instanceof List ? (List<?>) o : Arrays.asList((Object[]) o);
    }

    static String describe(Object o) {
        if (o == null) {
            return "None";
        }
        if (o instanceof NumpyArray) {
            return o.toString();
        }
        if (o instanceof String) {
            String s = (String) o;
            return "str '" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "'";
        }
        if (o instanceof Object[]) {
            return "tuple of " + ((Object[]) o).length;
        }
        if (o instanceof List) {
            return "list of " + ((List<?>) o).size();
        }
        if (o instanceof java.util.Map) {
            return "dict of " + ((java.util.Map<?, ?>) o).size();
        }
        if (o instanceof byte[]) {
            return "bytes of " + ((byte[]) o).length;
        }
        return o.getClass().getSimpleName() + " " + o;
    }

    /** @return The dtype. */
    public NumpyDtype dtype() {
        return dtype;
    }

    /** @return A copy of the shape. */
    public long[] shape() {
        return shape.clone();
    }

    /** @return The number of dimensions. */
    public int ndim() {
        return shape.length;
    }

    /**
     * The length of one axis.
     * @param axis The axis.
     * @return Its length.
     */
    public long dim(int axis) {
        return shape[axis];
    }

    /** @return The number of elements. */
    public long size() {
        return size;
    }

    /** @return Whether the data was stored in Fortran (column-major) order. */
    public boolean fortranOrder() {
        return fortranStrides != null;
    }

    /**
     * Whether the raw data is memory-mapped from the pickle file rather than held on the heap.
     * @return True for a mapped array.
     */
    public boolean isMemoryMapped() {
        return bytes != null && bytes.isMapped();
    }

    /**
     * The flat C-order index of the first element under an index prefix: for a {@code (N, T, d)} array,
     * {@code flatIndex(i)} is {@code i * T * d} and {@code flatIndex(i, t)} is {@code (i * T + t) * d}.
     * @param index Up to {@link #ndim()} indices.
     * @return The flat index.
     */
    public long flatIndex(long... index) {
        if (index.length > shape.length) {
            throw new IllegalArgumentException(index.length + " indices for an array of " + shape.length + " dimensions");
        }
        long flat = 0;
        for (int k = 0; k < shape.length; k++) {
            long i = k < index.length ? index[k] : 0;
            if (i < 0 || i >= shape[k]) {
                throw new IndexOutOfBoundsException("index " + i + " out of range for axis " + k + " of shape " + Arrays.toString(shape));
            }
            flat = flat * shape[k] + i;
        }
        return flat;
    }

    private long storage(long i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("flat index " + i + " out of range for " + this);
        }
        if (fortranStrides == null) {
            return i;
        }
        long off = 0;
        long rem = i;
        for (int k = shape.length - 1; k >= 0; k--) {
            off += (rem % shape[k]) * fortranStrides[k];
            rem /= shape[k];
        }
        return off;
    }

    private int rawInt(long pos) {
        int v = bytes.getInt(pos);
        return dtype.byteOrder() == ByteOrder.BIG_ENDIAN ? Integer.reverseBytes(v) : v;
    }

    private long rawLong(long pos) {
        long v = bytes.getLong(pos);
        return dtype.byteOrder() == ByteOrder.BIG_ENDIAN ? Long.reverseBytes(v) : v;
    }

    private short rawShort(long pos) {
        short v = bytes.getShort(pos);
        return dtype.byteOrder() == ByteOrder.BIG_ENDIAN ? Short.reverseBytes(v) : v;
    }

    /**
     * An element as a double. Object elements must be numbers or booleans; bools read as 0 and 1.
     * @param i The flat C-order index.
     * @return The value.
     * @throws NumpyPickleException for a string or unsupported dtype, or a non-numeric object element.
     */
    public double getDouble(long i) {
        long s = storage(i);
        long pos = s * dtype.itemSize();
        switch (dtype.kind()) {
            case 'f':
                if (dtype.itemSize() == 4) {
                    return Float.intBitsToFloat(rawInt(pos));
                } else if (dtype.itemSize() == 8) {
                    return Double.longBitsToDouble(rawLong(pos));
                }
                break;
            case 'i':
            case 'u':
            case 'b':
                if (dtype.isSupported()) {
                    return dtype.kind() == 'u' && dtype.itemSize() == 8 ? unsignedToDouble(rawLong(pos)) : readInteger(pos);
                }
                break;
            case 'O':
                return objectToDouble(objects[(int) s], i);
            default:
                break;
        }
        dtype.checkSupported();
        throw new NumpyPickleException("a " + dtype.name() + " array holds no numbers");
    }

    private static double unsignedToDouble(long v) {
        return v >= 0 ? v : new BigInteger(Long.toUnsignedString(v)).doubleValue();
    }

    private long readInteger(long pos) {
        int n = dtype.itemSize();
        boolean unsigned = dtype.kind() == 'u' || dtype.kind() == 'b';
        switch (n) {
            case 1: {
                byte b = bytes.get(pos);
                return unsigned ? (b & 0xFFL) : b;
            }
            case 2: {
                short v = rawShort(pos);
                return unsigned ? (v & 0xFFFFL) : v;
            }
            case 4: {
                int v = rawInt(pos);
                return unsigned ? (v & 0xFFFFFFFFL) : v;
            }
            default:
                return rawLong(pos);
        }
    }

    private double objectToDouble(Object o, long i) {
        if (o instanceof Number) {
            return ((Number) o).doubleValue();
        }
        if (o instanceof Boolean) {
            return (Boolean) o ? 1.0 : 0.0;
        }
        throw new NumpyPickleException("element " + i + " of an object array is " + describe(o) + ", not a number");
    }

    /**
     * An element as an exact integer: integer and bool arrays directly, floating-point and object elements
     * only when they hold an integral value (token ids stored as floats, lengths stored as floats).
     * @param i The flat C-order index.
     * @return The value.
     * @throws NumpyPickleException if the element is not an integer or does not fit in a long.
     */
    public long getLong(long i) {
        long s = storage(i);
        long pos = s * dtype.itemSize();
        switch (dtype.kind()) {
            case 'i':
            case 'u':
            case 'b':
                if (dtype.isSupported()) {
                    long v = readInteger(pos);
                    if (dtype.kind() == 'u' && dtype.itemSize() == 8 && v < 0) {
                        throw new NumpyPickleException("element " + i + " (" + Long.toUnsignedString(v) + ") of a uint64 array does not fit in a long");
                    }
                    return v;
                }
                break;
            case 'f':
                if (dtype.isSupported()) {
                    return exactLong(getDouble(i), i);
                }
                break;
            case 'O': {
                Object o = objects[(int) s];
                if (o instanceof Long || o instanceof Integer || o instanceof Short || o instanceof Byte) {
                    return ((Number) o).longValue();
                }
                if (o instanceof BigInteger) {
                    try {
                        return ((BigInteger) o).longValueExact();
                    } catch (ArithmeticException e) {
                        throw new NumpyPickleException("element " + i + " (" + o + ") does not fit in a long");
                    }
                }
                if (o instanceof Boolean) {
                    return (Boolean) o ? 1 : 0;
                }
                return exactLong(objectToDouble(o, i), i);
            }
            default:
                break;
        }
        dtype.checkSupported();
        throw new NumpyPickleException("a " + dtype.name() + " array holds no numbers");
    }

    private long exactLong(double v, long i) {
        if (v != Math.rint(v) || Math.abs(v) > 0x1p63) {
            throw new NumpyPickleException("element " + i + " (" + v + ") of a " + dtype.name() + " array is not an integer");
        }
        return (long) v;
    }

    /**
     * An element as a string: an object element that is a str (or bytes, decoded as UTF-8), or a fixed-width
     * {@code U} or {@code S} element without its trailing NUL padding.
     * @param i The flat C-order index.
     * @return The string.
     * @throws NumpyPickleException if the array or element holds no string.
     */
    public String getString(long i) {
        long s = storage(i);
        switch (dtype.kind()) {
            case 'O': {
                Object o = objects[(int) s];
                if (o instanceof String) {
                    return (String) o;
                }
                if (o instanceof byte[]) {
                    return new String((byte[]) o, StandardCharsets.UTF_8);
                }
                throw new NumpyPickleException("element " + i + " of an object array is " + describe(o) + ", not a str");
            }
            case 'U': {
                long pos = s * dtype.itemSize();
                StringBuilder sb = new StringBuilder();
                for (int c = 0; c < dtype.itemSize() / 4; c++) {
                    int cp = rawInt(pos + 4L * c);
                    if (cp == 0) {
                        break;
                    }
                    sb.appendCodePoint(cp);
                }
                return sb.toString();
            }
            case 'S': {
                long pos = s * dtype.itemSize();
                byte[] b = new byte[dtype.itemSize()];
                int n = 0;
                while (n < b.length && bytes.get(pos + n) != 0) {
                    b[n] = bytes.get(pos + n);
                    n++;
                }
                return new String(b, 0, n, StandardCharsets.UTF_8);
            }
            default:
                dtype.checkSupported();
                throw new NumpyPickleException("a " + dtype.name() + " array holds no strings");
        }
    }

    /**
     * An element as a Java value: Double (float arrays), Long (integer arrays), Boolean (bool arrays), String
     * ({@code U}, {@code S}) or the Python object itself (object arrays).
     * @param i The flat C-order index.
     * @return The value.
     */
    public Object get(long i) {
        switch (dtype.kind()) {
            case 'O':
                return objects[(int) storage(i)];
            case 'U':
            case 'S':
                return getString(i);
            case 'b':
                return getLong(i) != 0;
            case 'f':
                return getDouble(i);
            default:
                return getLong(i);
        }
    }

    /**
     * All elements as floats in C order.
     * @return The values.
     */
    public float[] toFloatArray() {
        return toFloatArray(0, checkedCount(size));
    }

    /**
     * A range of elements as floats, in C order (doubles are rounded to the nearest float).
     * @param offset The first flat index.
     * @param count The number of elements.
     * @return The values.
     */
    public float[] toFloatArray(long offset, int count) {
        checkRange(offset, count);
        float[] out = new float[count];
        if (fortranStrides == null && dtype.kind() == 'f' && dtype.isSupported()) {
            long pos = offset * dtype.itemSize();
            if (dtype.itemSize() == 4) {
                for (int j = 0; j < count; j++, pos += 4) {
                    out[j] = Float.intBitsToFloat(rawInt(pos));
                }
            } else {
                for (int j = 0; j < count; j++, pos += 8) {
                    out[j] = (float) Double.longBitsToDouble(rawLong(pos));
                }
            }
            return out;
        }
        for (int j = 0; j < count; j++) {
            out[j] = (float) getDouble(offset + j);
        }
        return out;
    }

    /**
     * All elements as doubles in C order.
     * @return The values.
     */
    public double[] toDoubleArray() {
        return toDoubleArray(0, checkedCount(size));
    }

    /**
     * A range of elements as doubles, in C order.
     * @param offset The first flat index.
     * @param count The number of elements.
     * @return The values.
     */
    public double[] toDoubleArray(long offset, int count) {
        checkRange(offset, count);
        double[] out = new double[count];
        for (int j = 0; j < count; j++) {
            out[j] = getDouble(offset + j);
        }
        return out;
    }

    /**
     * All elements as exact integers in C order (see {@link #getLong}).
     * @return The values.
     */
    public long[] toLongArray() {
        return toLongArray(0, checkedCount(size));
    }

    /**
     * A range of elements as exact integers, in C order (see {@link #getLong}).
     * @param offset The first flat index.
     * @param count The number of elements.
     * @return The values.
     */
    public long[] toLongArray(long offset, int count) {
        checkRange(offset, count);
        long[] out = new long[count];
        for (int j = 0; j < count; j++) {
            out[j] = getLong(offset + j);
        }
        return out;
    }

    /**
     * All elements as strings in C order (see {@link #getString}).
     * @return The strings.
     */
    public String[] toStringArray() {
        int n = checkedCount(size);
        String[] out = new String[n];
        for (int j = 0; j < n; j++) {
            out[j] = getString(j);
        }
        return out;
    }

    private void checkRange(long offset, int count) {
        if (offset < 0 || count < 0 || offset + count > size) {
            throw new IndexOutOfBoundsException("range [" + offset + ", " + (offset + count) + ") outside " + this);
        }
    }

    private int checkedCount(long n) {
        if (n > Integer.MAX_VALUE - 8) {
            throw new NumpyPickleException(this + " has too many elements for one Java array; read it in ranges");
        }
        return (int) n;
    }

    @Override
    public String toString() {
        return "NumpyArray(" + dtype + ", shape " + Arrays.toString(shape) + (fortranStrides != null ? ", Fortran order" : "") + ")";
    }
}
