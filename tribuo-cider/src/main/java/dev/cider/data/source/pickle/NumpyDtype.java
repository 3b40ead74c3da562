package dev.cider.data.source.pickle;

import java.nio.ByteOrder;
import java.util.Objects;

/**
 * A numpy element type as found in a pickle: its kind, item size and byte order.
 * <p>
 * Supported kinds: {@code f} (float32, float64), {@code i} (int8 to int64), {@code u} (uint8 to uint64),
 * {@code b} (bool), {@code O} (Python objects), {@code U} (fixed-width UTF-32 strings) and {@code S}
 * (fixed-width byte strings). Any other dtype (complex, float16, datetime, structured, sub-array) is still
 * decoded as a dtype so that the rest of a pickle can be read, but {@link #isSupported()} is false and
 * reading the values of an array of that type throws a {@link NumpyPickleException} naming it.
 */
public final class NumpyDtype {

    private final char kind;
    private final int itemSize;
    private final ByteOrder order;
    private final String descr;
    private final String unsupportedReason;

    private NumpyDtype(char kind, int itemSize, ByteOrder order, String descr, String unsupportedReason) {
        this.kind = kind;
        this.itemSize = itemSize;
        this.order = order;
        this.descr = descr;
        this.unsupportedReason = unsupportedReason;
    }

    /**
     * Builds a dtype from the arguments numpy pickles: the type string given to {@code numpy.dtype} (such as
     * {@code f8}, {@code O8}, {@code U5}), and the byte order and element size of its pickled state.
     * @param typeString The type string, optionally with a byte-order prefix.
     * @param byteOrder The byte order character from the state ({@code <}, {@code >}, {@code |}, {@code =}), or null.
     * @param elementSize The element size from the state (positive only for flexible types, else -1).
     * @param structured Whether the state declares fields or a sub-array (never supported).
     * @return The dtype.
     */
    static NumpyDtype of(String typeString, String byteOrder, int elementSize, boolean structured) {
        String s = typeString;
        char orderChar = byteOrder == null || byteOrder.isEmpty() ? '=' : byteOrder.charAt(0);
        if (!s.isEmpty() && "<>|=".indexOf(s.charAt(0)) >= 0) {
            if (byteOrder == null) {
                orderChar = s.charAt(0);
            }
            s = s.substring(1);
        }
        ByteOrder order = orderChar == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        if (orderChar == '=') {
            order = ByteOrder.nativeOrder();
        }
        if (s.isEmpty()) {
            return new NumpyDtype('?', 0, order, typeString, "empty type string");
        }
        char kind = s.charAt(0);
        int digits = -1;
        if (s.length() > 1) {
            try {
                digits = Integer.parseInt(s.substring(1));
            } catch (NumberFormatException e) {
                return new NumpyDtype(kind, 0, order, typeString, "unrecognised type string");
            }
        }
        if (structured) {
            return new NumpyDtype(kind, Math.max(elementSize, 0), order, typeString, "structured or sub-array dtype");
        }
        switch (kind) {
            case 'f':
                if (digits == 4 || digits == 8) {
                    return new NumpyDtype(kind, digits, order, typeString, null);
                }
                return new NumpyDtype(kind, Math.max(digits, 0), order, typeString, "only float32 and float64 are supported");
            case 'i':
            case 'u':
                if (digits == 1 || digits == 2 || digits == 4 || digits == 8) {
                    return new NumpyDtype(kind, digits, order, typeString, null);
                }
                return new NumpyDtype(kind, Math.max(digits, 0), order, typeString, "unsupported integer size");
            case 'b':
                return new NumpyDtype(kind, 1, order, typeString, digits == 1 || digits == -1 ? null : "unsupported bool size");
            case 'O':
                return new NumpyDtype(kind, digits > 0 ? digits : 8, order, typeString, null);
            case 'U': {
                int size = elementSize > 0 ? elementSize : Math.max(digits, 0) * 4;
                return new NumpyDtype(kind, size, order, typeString, null);
            }
            case 'S': {
                int size = elementSize > 0 ? elementSize : Math.max(digits, 0);
                return new NumpyDtype(kind, size, order, typeString, null);
            }
            default:
                return new NumpyDtype(kind, Math.max(elementSize > 0 ? elementSize : digits, 0), order, typeString,
                        "unsupported kind '" + kind + "'");
        }
    }

    /**
     * The numpy kind character: f, i, u, b, O, U, S, or another for unsupported types.
     * @return The kind.
     */
    public char kind() {
        return kind;
    }

    /**
     * The size of one element in bytes (for object arrays, the pointer size numpy recorded).
     * @return The size.
     */
    public int itemSize() {
        return itemSize;
    }

    /**
     * The byte order of the raw data.
     * @return The order.
     */
    public ByteOrder byteOrder() {
        return order;
    }

    /**
     * Whether values of this type can be read.
     * @return True for the supported kinds and sizes.
     */
    public boolean isSupported() {
        return unsupportedReason == null;
    }

    /**
     * Whether the type is numeric (float, int, uint or bool).
     * @return True for numeric types.
     */
    public boolean isNumeric() {
        return isSupported() && (kind == 'f' || kind == 'i' || kind == 'u' || kind == 'b');
    }

    /**
     * Whether an array of this type is stored as a list of Python objects rather than raw bytes.
     * @return True for the object dtype.
     */
    public boolean isObject() {
        return kind == 'O';
    }

    /**
     * The numpy name of the type: float32, float64, int8..int64, uint8..uint64, bool, object, str (for
     * {@code U}), bytes (for {@code S}); for an unsupported type, the numpy name where it is known (such as
     * complex64 or float16), otherwise the type string.
     * @return The name.
     */
    public String name() {
        switch (kind) {
            case 'f':
                return itemSize == 2 ? "float16" : "float" + (itemSize * 8);
            case 'i':
                return "int" + (itemSize * 8);
            case 'u':
                return "uint" + (itemSize * 8);
            case 'b':
                return "bool";
            case 'O':
                return "object";
            case 'U':
                return "str";
            case 'S':
                return "bytes";
            case 'c':
                return itemSize > 0 ? "complex" + (itemSize * 8) : "complex";
            case 'M':
                return "datetime64";
            case 'm':
                return "timedelta64";
            default:
                return descr;
        }
    }

    /**
     * Throws unless values of this type can be read.
     * @throws NumpyPickleException naming the type and why it is not supported.
     */
    void checkSupported() {
        if (unsupportedReason != null) {
            throw new NumpyPickleException("unsupported numpy dtype " + name() + " ('" + descr + "'): " + unsupportedReason
                    + "; supported are float32, float64, int8-64, uint8-64, bool, object, str and bytes");
        }
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof NumpyDtype)) {
            return false;
        }
        NumpyDtype that = (NumpyDtype) o;
        return kind == that.kind && itemSize == that.itemSize && order.equals(that.order)
                && Objects.equals(unsupportedReason, that.unsupportedReason);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, itemSize, order, unsupportedReason);
    }

    @Override
    public String toString() {
        return name() + (itemSize > 1 && isNumeric() && order == ByteOrder.BIG_ENDIAN ? " (big-endian)" : "");
    }
}
