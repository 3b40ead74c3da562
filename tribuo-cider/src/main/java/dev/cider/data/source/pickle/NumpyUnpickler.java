package dev.cider.data.source.pickle;

import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Unpickler;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads Python pickles (protocols 2 to 5) that contain numpy arrays, with
 * <a href="https://github.com/irmen/pickle">net.razorvine:pickle</a> for the pickle machine and
 * {@link NumpyArray} for the arrays.
 * <p>
 * Decoded values: dict as {@code Map} (a {@code HashMap}), list as {@code List}, tuple as {@code Object[]},
 * str as {@code String}, int as {@code Integer}, {@code Long} or {@code BigInteger}, float as {@code Double},
 * bool as {@code Boolean}, None as null, bytes as {@code byte[]}, a numpy array as {@link NumpyArray}, a
 * numpy scalar as a Double, Long, Boolean or String, a numpy dtype as {@link NumpyDtype}.
 * <p>
 * Only the numpy callables ({@code numpy.core.multiarray._reconstruct}, {@code numpy.dtype},
 * {@code numpy.ndarray}, {@code numpy.core.multiarray.scalar}, {@code numpy.core.numeric._frombuffer}, and
 * their {@code numpy._core} names from numpy 2), {@code collections.OrderedDict} and the built-ins razorvine
 * knows are accepted; any other Python class is refused by name rather than half-decoded. The numpy
 * callables are resolved by this reader only: the razorvine unpickler's global registry is left untouched.
 * <p>
 * When reading a file, byte strings of at least a threshold size (by default {@value #DEFAULT_MAP_THRESHOLD}
 * bytes: in practice the array data) are memory-mapped rather than copied, so large corpora do not need
 * their raw arrays on the heap.
 * <p>
 * Every length a pickle declares (strings, byte strings, long integers) is checked against the bytes left in the
 * data before anything is allocated: a short file that declares a huge string is reported as truncated, naming
 * the opcode and its offset.
 * <p>
 * Out-of-band buffers (protocol 5 with a {@code buffer_callback}) cannot be read from a file alone and are
 * refused with a clear message.
 */
public final class NumpyUnpickler {

    /** Byte strings of at least this many bytes are memory-mapped when reading a file. */
    public static final long DEFAULT_MAP_THRESHOLD = 1L << 20;

    private static final short BINBYTES = 'B';
    private static final short BINBYTES8 = 0x8e;
    private static final short BYTEARRAY8 = 0x96;
    private static final short BUILD = 'b';
    private static final short GLOBAL = 'c';
    private static final short STACK_GLOBAL = 0x93;

    private static final Map<String, IObjectConstructor> NUMPY_GLOBALS = Map.ofEntries(
            Map.entry("numpy.core.multiarray._reconstruct", NumpyConstructors.RECONSTRUCT),
            Map.entry("numpy._core.multiarray._reconstruct", NumpyConstructors.RECONSTRUCT),
            Map.entry("numpy.core.multiarray.scalar", NumpyConstructors.SCALAR),
            Map.entry("numpy._core.multiarray.scalar", NumpyConstructors.SCALAR),
            Map.entry("numpy.core.numeric._frombuffer", NumpyConstructors.FROMBUFFER),
            Map.entry("numpy._core.numeric._frombuffer", NumpyConstructors.FROMBUFFER),
            Map.entry("numpy.ndarray", NumpyConstructors.NDARRAY_CLASS),
            Map.entry("numpy.dtype", NumpyConstructors.DTYPE),
            Map.entry("collections.OrderedDict", NumpyConstructors.ORDERED_DICT));

    private NumpyUnpickler() {
    }

    /**
     * Reads a pickle file, memory-mapping byte strings of at least {@link #DEFAULT_MAP_THRESHOLD} bytes.
     * @param file The file.
     * @return The decoded value.
     * @throws NumpyPickleException naming the file if it is missing, truncated, not a pickle, or holds
     *                              objects this reader does not support.
     * @throws UncheckedIOException naming the file on an I/O error other than a short file.
     */
    public static Object read(Path file) {
        return read(file, DEFAULT_MAP_THRESHOLD);
    }

    /**
     * Reads a pickle file.
     * @param file The file.
     * @param mapThreshold Byte strings of at least this many bytes are memory-mapped; {@code Long.MAX_VALUE}
     *                     reads everything onto the heap.
     * @return The decoded value.
     * @throws NumpyPickleException naming the file if it is missing, truncated, not a pickle, or holds
     *                              objects this reader does not support.
     * @throws UncheckedIOException naming the file on an I/O error other than a short file.
     */
    public static Object read(Path file, long mapThreshold) {
        if (!Files.exists(file)) {
            throw new NumpyPickleException("pickle file " + file + " does not exist");
        }
        if (!Files.isRegularFile(file)) {
            throw new NumpyPickleException("pickle file " + file + " is not a regular file");
        }
        try (FileInputStream fis = new FileInputStream(file.toFile());
             FileChannel channel = fis.getChannel()) {
            long size = channel.size();
            PositionInputStream in = new PositionInputStream(new BufferedInputStream(fis, 1 << 16));
            return decode(in, channel, size, mapThreshold, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read pickle file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Decodes a pickle held in memory.
     * @param pickle The pickle bytes.
     * @return The decoded value.
     * @throws NumpyPickleException if the data is truncated, not a pickle, or holds unsupported objects.
     */
    public static Object read(byte[] pickle) {
        PositionInputStream in = new PositionInputStream(new ByteArrayInputStream(pickle));
        try {
            return decode(in, null, pickle.length, Long.MAX_VALUE, "in-memory pickle");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Object decode(PositionInputStream in, FileChannel channel, long size, long mapThreshold, String name) throws IOException {
        Decoder decoder = new Decoder(in, channel, size, mapThreshold);
        Object root;
        try {
            root = decoder.load(in);
        } catch (IOException | RuntimeException e) {
            if (e instanceof TruncatedPickleException) {
                throw new NumpyPickleException(name + " is truncated (" + size + " bytes): " + e.getMessage(), e);
            }
            if (in.endReached()) {
                throw new NumpyPickleException(name + " is truncated: the data ends after " + size
                        + " bytes, before the end of the pickle", e);
            }
            if (e instanceof IOException) {
                throw (IOException) e;
            }
            if (e instanceof NumpyPickleException) {
                throw new NumpyPickleException(name + ": " + e.getMessage(), e);
            }
            if (e instanceof PickleException && e.getCause() instanceof NumpyPickleException) {
                throw new NumpyPickleException(name + ": " + e.getCause().getMessage(), e);
            }
            throw new NumpyPickleException(name + " is not a valid pickle (error after byte " + in.position() + "): " + e, e);
        } finally {
            decoder.close();
        }
        try {
            return NumpyConstructors.resolve(root);
        } catch (NumpyPickleException e) {
            throw new NumpyPickleException(name + ": " + e.getMessage(), e);
        }
    }

    /** The razorvine unpickler with numpy globals, BUILD for numpy placeholders and mapped byte strings. */
    private static final class Decoder extends Unpickler {
        private final PositionInputStream in;
        private final FileChannel channel;
        private final long mapThreshold;
        private final DeclaredLengthReader lengths;
        private long opcodeOffset;

        Decoder(PositionInputStream in, FileChannel channel, long size, long mapThreshold) {
            this.in = in;
            this.channel = channel;
            this.mapThreshold = mapThreshold;
            this.lengths = new DeclaredLengthReader(in, size);
        }

        @Override
        public void close() {
            // the caller owns the stream; only drop the stack and memo
            stack = null;
            memo.clear();
        }

        @Override
        protected Object dispatch(short key) throws PickleException, IOException {
            opcodeOffset = in.position() - 1;
            switch (key) {
                case GLOBAL: {
                    String module = PickleUtils.readline(in);
                    String name = PickleUtils.readline(in);
                    stack.add(global(module, name));
                    return NO_RETURN_VALUE;
                }
                case STACK_GLOBAL: {
                    Object name = stack.pop();
                    Object module = stack.pop();
                    if (!(name instanceof String) || !(module instanceof String)) {
                        throw new NumpyPickleException("STACK_GLOBAL needs a module and a name, found "
                                + NumpyArray.describe(module) + " and " + NumpyArray.describe(name));
                    }
                    stack.add(global((String) module, (String) name));
                    return NO_RETURN_VALUE;
                }
                case BUILD: {
                    Object state = stack.pop();
                    Object target = stack.peek();
                    if (target instanceof NumpyConstructors.Stateful) {
                        ((NumpyConstructors.Stateful) target).setState(state);
                        return NO_RETURN_VALUE;
                    }
                    stack.add(state);
                    return super.dispatch(key);
                }
                // every opcode with a length prefix: the length is checked against the bytes left before allocating
                case BINBYTES:
                    stack.add(byteString("BINBYTES", lengths.length4("BINBYTES", opcodeOffset, false)));
                    return NO_RETURN_VALUE;
                case BINBYTES8:
                    stack.add(byteString("BINBYTES8", lengths.length8("BINBYTES8", opcodeOffset)));
                    return NO_RETURN_VALUE;
                case BYTEARRAY8:
                    stack.add(byteString("BYTEARRAY8", lengths.length8("BYTEARRAY8", opcodeOffset)));
                    return NO_RETURN_VALUE;
                case Opcodes.SHORT_BINBYTES:
                    stack.add(payload("SHORT_BINBYTES", lengths.length1("SHORT_BINBYTES", opcodeOffset)));
                    return NO_RETURN_VALUE;
                case Opcodes.BINUNICODE:
                    stack.add(utf8(payload("BINUNICODE", lengths.length4("BINUNICODE", opcodeOffset, false))));
                    return NO_RETURN_VALUE;
                case Opcodes.BINUNICODE8:
                    stack.add(utf8(payload("BINUNICODE8", lengths.length8("BINUNICODE8", opcodeOffset))));
                    return NO_RETURN_VALUE;
                case Opcodes.SHORT_BINUNICODE:
                    stack.add(utf8(payload("SHORT_BINUNICODE", lengths.length1("SHORT_BINUNICODE", opcodeOffset))));
                    return NO_RETURN_VALUE;
                case Opcodes.BINSTRING:
                    stack.add(PickleUtils.rawStringFromBytes(
                            payload("BINSTRING", lengths.length4("BINSTRING", opcodeOffset, true))));
                    return NO_RETURN_VALUE;
                case Opcodes.SHORT_BINSTRING:
                    stack.add(PickleUtils.rawStringFromBytes(
                            payload("SHORT_BINSTRING", lengths.length1("SHORT_BINSTRING", opcodeOffset))));
                    return NO_RETURN_VALUE;
                case Opcodes.LONG1:
                    stack.add(PickleUtils.decode_long(payload("LONG1", lengths.length1("LONG1", opcodeOffset))));
                    return NO_RETURN_VALUE;
                case Opcodes.LONG4:
                    stack.add(PickleUtils.decode_long(payload("LONG4", lengths.length4("LONG4", opcodeOffset, true))));
                    return NO_RETURN_VALUE;
                default:
                    return super.dispatch(key);
            }
        }

        private Object byteString(String opcode, long length) throws IOException {
            lengths.check(opcode, opcodeOffset, length);
            if (channel != null && length >= mapThreshold) {
                ByteSource mapped = ByteSource.map(channel, in.position(), length);
                in.skipNBytes(length);
                return mapped;
            }
            return payload(opcode, length);
        }

        private byte[] payload(String opcode, long length) throws IOException {
            return lengths.payload(opcode, opcodeOffset, length);
        }

        private static String utf8(byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        private static IObjectConstructor global(String module, String name) {
            String full = module + "." + name;
            IObjectConstructor c = NUMPY_GLOBALS.get(full);
            if (c == null && module.equals("builtins")) {
                c = objectConstructors.get("__builtin__." + name);
            }
            if (c == null) {
                c = objectConstructors.get(full);
            }
            if (c == null) {
                throw new NumpyPickleException("the pickle contains a Python object of type " + full
                        + ", which this reader does not support (only numpy arrays, dtypes and scalars and the Python built-ins)");
            }
            return c;
        }

        @Override
        protected Object next_buffer() {
            throw new NumpyPickleException("the pickle refers to out-of-band buffers (protocol 5 with buffer_callback), "
                    + "which are not in the file; save it again without buffer_callback");
        }
    }
}
