package dev.cider.data.source.pickle;

import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Unpickler;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
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
            if (in.endReached() || e instanceof TruncatedException) {
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

    /** A large byte string that would extend past the end of the file. */
    private static final class TruncatedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TruncatedException(String message) {
            super(message);
        }
    }

    /** The razorvine unpickler with numpy globals, BUILD for numpy placeholders and mapped byte strings. */
    private static final class Decoder extends Unpickler {
        private final PositionInputStream in;
        private final FileChannel channel;
        private final long size;
        private final long mapThreshold;

        Decoder(PositionInputStream in, FileChannel channel, long size, long mapThreshold) {
            this.in = in;
            this.channel = channel;
            this.size = size;
            this.mapThreshold = mapThreshold;
        }

        @Override
        public void close() {
            // the caller owns the stream; only drop the stack and memo
            stack = null;
            memo.clear();
        }

        @Override
        protected Object dispatch(short key) throws PickleException, IOException {
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
                case BINBYTES:
                    stack.add(byteString(PickleUtils.bytes_to_uint(PickleUtils.readbytes(in, 4), 0)));
                    return NO_RETURN_VALUE;
                case BINBYTES8:
                case BYTEARRAY8:
                    stack.add(byteString(PickleUtils.bytes_to_long(PickleUtils.readbytes(in, 8), 0)));
                    return NO_RETURN_VALUE;
                default:
                    return super.dispatch(key);
            }
        }

        private Object byteString(long length) throws IOException {
            if (length < 0) {
                throw new NumpyPickleException("negative byte string length " + length);
            }
            long start = in.position();
            if (start + length > size) {
                throw new TruncatedException("a byte string of " + length + " bytes at offset " + start + " extends past the end");
            }
            if (channel != null && length >= mapThreshold) {
                ByteSource mapped = ByteSource.map(channel, start, length);
                in.skipNBytes(length);
                return mapped;
            }
            if (length > Integer.MAX_VALUE - 8) {
                throw new NumpyPickleException("a byte string of " + length + " bytes is too large to hold in memory");
            }
            return PickleUtils.readbytes(in, (int) length);
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
