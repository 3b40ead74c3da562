package dev.cider.data.source.pickle;

import net.razorvine.pickle.IObjectConstructor;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Python callables a numpy pickle refers to, implemented for the unpickler, and the placeholders they
 * return until the pickle's BUILD opcode supplies their state.
 * <p>
 * How numpy pickles its objects:
 * <ul>
 *     <li>a dtype: {@code numpy.dtype('f8', False, True)} then BUILD with
 *     {@code (version, byteorder, subarray, names, fields, elsize, alignment, flags[, metadata])};</li>
 *     <li>an array (all protocols; object arrays always):
 *     {@code numpy.core.multiarray._reconstruct(numpy.ndarray, (0,), b'b')} then BUILD with
 *     {@code (version, shape, dtype, is_fortran, data)}, where data is the raw bytes, or a list of the
 *     elements for object arrays;</li>
 *     <li>an array with protocol 5 (numpy 1.16 and later):
 *     {@code numpy.core.numeric._frombuffer(buffer, dtype, shape, order)} with the buffer in-band;</li>
 *     <li>a scalar: {@code numpy.core.multiarray.scalar(dtype, raw bytes)} (or the object for dtype O).</li>
 * </ul>
 * numpy 2 writes {@code numpy._core} where numpy 1 wrote {@code numpy.core}; both are accepted.
 */
final class NumpyConstructors {

    private NumpyConstructors() {
    }

    /** Something the BUILD opcode gives its state to. */
    interface Stateful {
        /**
         * Receives the pickled state.
         * @param state The state.
         */
        void setState(Object state);
    }

    /** The class token {@code numpy.ndarray}, passed to {@code _reconstruct}. */
    static final IObjectConstructor NDARRAY_CLASS = args -> {
        throw new NumpyPickleException("the pickle calls numpy.ndarray(...) directly, which is not a numpy pickle format");
    };

    /** {@code numpy.core.multiarray._reconstruct(cls, shape, typecode)}: an array waiting for its state. */
    static final IObjectConstructor RECONSTRUCT = args -> {
        if (args.length < 1 || args[0] != NDARRAY_CLASS) {
            throw new NumpyPickleException("numpy _reconstruct of " + (args.length < 1 ? "nothing" : NumpyArray.describe(args[0]))
                    + ": only plain numpy.ndarray is supported (not matrices, masked or record arrays)");
        }
        return new PendingArray();
    };

    /** {@code numpy.dtype(typestring, align, copy)}: a dtype waiting for its state. */
    static final IObjectConstructor DTYPE = args -> {
        if (args.length < 1 || !(args[0] instanceof String)) {
            throw new NumpyPickleException("numpy.dtype called with " + (args.length < 1 ? "no arguments" : NumpyArray.describe(args[0]))
                    + " instead of a type string");
        }
        return new PickledDtype((String) args[0]);
    };

    /** {@code numpy.core.multiarray.scalar(dtype, data)}: a numpy scalar as a Java value. */
    static final IObjectConstructor SCALAR = args -> {
        if (args.length < 1 || !(args[0] instanceof PickledDtype)) {
            throw new NumpyPickleException("numpy scalar without a dtype");
        }
        NumpyDtype dtype = ((PickledDtype) args[0]).dtype();
        Object data = args.length > 1 ? args[1] : null;
        if (dtype.isObject()) {
            return resolve(data);
        }
        NumpyArray a = NumpyArray.ofBytes(dtype, new long[0], false, toBytes(data, "numpy scalar"));
        return a.get(0);
    };

    /** {@code numpy.core.numeric._frombuffer(buffer, dtype, shape, order)}: a protocol-5 array. */
    static final IObjectConstructor FROMBUFFER = args -> {
        if (args.length != 4 || !(args[1] instanceof PickledDtype)) {
            throw new NumpyPickleException("numpy _frombuffer expects (buffer, dtype, shape, order), found " + args.length + " arguments");
        }
        NumpyDtype dtype = ((PickledDtype) args[1]).dtype();
        long[] shape = toShape(args[2]);
        boolean fortran = "F".equals(args[3]);
        return NumpyArray.ofBytes(dtype, shape, fortran, toBytes(args[0], "numpy _frombuffer"));
    };

    /** {@code collections.OrderedDict()}: read as an insertion-ordered map. */
    static final IObjectConstructor ORDERED_DICT = args -> new LinkedHashMap<Object, Object>();

    /** A dtype between {@code numpy.dtype(...)} and its BUILD. */
    static final class PickledDtype implements Stateful {
        private final String typeString;
        private String byteOrder;
        private int elementSize = -1;
        private boolean structured;

        PickledDtype(String typeString) {
            this.typeString = typeString;
        }

        @Override
        public void setState(Object state) {
            if (!(state instanceof Object[])) {
                throw new NumpyPickleException("numpy dtype state is " + NumpyArray.describe(state) + ", expected a tuple");
            }
            Object[] t = (Object[]) state;
            if (t.length > 1 && t[1] instanceof String) {
                byteOrder = (String) t[1];
            }
            structured = (t.length > 2 && t[2] != null) || (t.length > 3 && t[3] != null) || (t.length > 4 && t[4] != null);
            if (t.length > 5 && t[5] instanceof Number) {
                elementSize = ((Number) t[5]).intValue();
            }
        }

        NumpyDtype dtype() {
            return NumpyDtype.of(typeString, byteOrder, elementSize, structured);
        }
    }

    /** An array between {@code _reconstruct(...)} and its BUILD. */
    static final class PendingArray implements Stateful {
        private NumpyArray array;

        @Override
        public void setState(Object state) {
            if (!(state instanceof Object[])) {
                throw new NumpyPickleException("numpy array state is " + NumpyArray.describe(state) + ", expected a tuple");
            }
            Object[] t = (Object[]) state;
            int o = t.length == 5 ? 1 : 0; // (version, shape, dtype, is_fortran, data) or the old 4-tuple
            if (t.length - o != 4 || !(t[o + 1] instanceof PickledDtype)) {
                throw new NumpyPickleException("numpy array state has " + t.length + " items, expected (version, shape, dtype, is_fortran, data)");
            }
            long[] shape = toShape(t[o]);
            NumpyDtype dtype = ((PickledDtype) t[o + 1]).dtype();
            boolean fortran = truthy(t[o + 2]);
            Object data = t[o + 3];
            if (dtype.isObject()) {
                if (!(data instanceof List)) {
                    throw new NumpyPickleException("numpy object array data is " + NumpyArray.describe(data) + ", expected a list");
                }
                Object[] elements = ((List<?>) data).toArray();
                for (int i = 0; i < elements.length; i++) {
                    elements[i] = resolve(elements[i]);
                }
                array = NumpyArray.ofObjects(dtype, shape, fortran, elements);
            } else {
                array = NumpyArray.ofBytes(dtype, shape, fortran, toBytes(data, "numpy array"));
            }
        }

        NumpyArray array() {
            if (array == null) {
                throw new NumpyPickleException("a numpy array in the pickle never received its data (no BUILD after _reconstruct)");
            }
            return array;
        }
    }

    private static boolean truthy(Object o) {
        if (o instanceof Boolean) {
            return (Boolean) o;
        }
        return o instanceof Number && ((Number) o).longValue() != 0;
    }

    static long[] toShape(Object o) {
        Object[] dims;
        if (o instanceof Object[]) {
            dims = (Object[]) o;
        } else if (o instanceof List) {
            dims = ((List<?>) o).toArray();
        } else if (o instanceof Number) {
            dims = new Object[]{o};
        } else {
            throw new NumpyPickleException("numpy array shape is " + NumpyArray.describe(o) + ", expected a tuple of integers");
        }
        long[] shape = new long[dims.length];
        for (int i = 0; i < dims.length; i++) {
            if (!(dims[i] instanceof Number)) {
                throw new NumpyPickleException("numpy array shape has " + NumpyArray.describe(dims[i]) + " at position " + i);
            }
            shape[i] = ((Number) dims[i]).longValue();
        }
        return shape;
    }

    private static ByteSource toBytes(Object data, String what) {
        if (data instanceof ByteSource) {
            return (ByteSource) data;
        }
        if (data instanceof byte[]) {
            return ByteSource.of((byte[]) data);
        }
        if (data instanceof String) {
            // protocols 0 and 1 of Python 2 store raw bytes as a str whose chars are the bytes
            return ByteSource.of(((String) data).getBytes(StandardCharsets.ISO_8859_1));
        }
        throw new NumpyPickleException(what + " data is " + NumpyArray.describe(data) + ", expected bytes");
    }

    /**
     * Replaces the placeholders in a decoded value (through dicts, lists and tuples, at any depth) by the arrays
     * and dtypes they became. Containers are updated in place and visited once each, with an explicit work list
     * rather than recursion, so a pickle of deeply nested lists cannot overflow the thread stack.
     * @param value The value.
     * @return The resolved value.
     */
    static Object resolve(Object value) {
        Object root = settle(value);
        IdentityHashMap<Object, Boolean> seen = new IdentityHashMap<>();
        Deque<Object> pending = new ArrayDeque<>();
        enqueue(root, seen, pending);
        while (!pending.isEmpty()) {
            resolveChildren(pending.pop(), seen, pending);
        }
        return root;
    }

    /** A placeholder's final value; anything else unchanged. */
    private static Object settle(Object value) {
        if (value instanceof PendingArray) {
            return ((PendingArray) value).array();
        }
        if (value instanceof PickledDtype) {
            return ((PickledDtype) value).dtype();
        }
        return value;
    }

    private static void enqueue(Object value, IdentityHashMap<Object, Boolean> seen, Deque<Object> pending) {
        if ((value instanceof Map || value instanceof List || value instanceof Object[]) && seen.put(value, Boolean.TRUE) == null) {
            pending.push(value);
        }
    }

    /** Settles the direct children of one container and queues the containers among them. */
    @SuppressWarnings("unchecked")
    private static void resolveChildren(Object container, IdentityHashMap<Object, Boolean> seen, Deque<Object> pending) {
        if (container instanceof Map) {
            for (Map.Entry<Object, Object> e : ((Map<Object, Object>) container).entrySet()) {
                Object child = settle(e.getValue());
                e.setValue(child);
                enqueue(child, seen, pending);
            }
        } else if (container instanceof List) {
            List<Object> list = (List<Object>) container;
            for (int i = 0; i < list.size(); i++) {
                Object child = settle(list.get(i));
                list.set(i, child);
                enqueue(child, seen, pending);
            }
        } else {
            Object[] tuple = (Object[]) container;
            for (int i = 0; i < tuple.length; i++) {
                Object child = settle(tuple[i]);
                tuple[i] = child;
                enqueue(child, seen, pending);
            }
        }
    }
}
