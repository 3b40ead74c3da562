package dev.cider.data.source.pickle;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads NumPy {@code .npy} files into the same {@link NumpyArray} as arrays unpickled from MMSA pickles: the file's
 * header (a Python dictionary literal) gives the dtype, the order and the shape, and the data that follows is the
 * array's raw bytes, decoded by {@link NumpyArray} and {@link NumpyDtype} like a pickled array's.
 * <p>
 * Supported: format versions 1.0, 2.0 and 3.0; the numeric dtypes {@link NumpyDtype} supports (float32/64, integers,
 * bool) in either byte order; C or Fortran order. Anything else (object arrays, which hold a pickle instead of raw
 * data, other dtypes, truncated data, trailing bytes, a header that is not the dictionary NumPy writes) is rejected
 * with an {@link IOException} naming the file and the problem.
 */
public final class NpyFiles {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private NpyFiles() {}

    /**
     * Reads a {@code .npy} file.
     * @param file The file.
     * @return The array.
     * @throws IOException if the file cannot be read or is not a supported {@code .npy} array.
     */
    public static NumpyArray read(Path file) throws IOException {
        return read(Files.readAllBytes(file), file.toString());
    }

    /**
     * Parses the bytes of a {@code .npy} file.
     * @param bytes The whole file.
     * @param source The name used in error messages (usually the path).
     * @return The array.
     * @throws IOException if the bytes are not a supported {@code .npy} array.
     */
    public static NumpyArray read(byte[] bytes, String source) throws IOException {
        if (bytes.length < MAGIC.length + 2) {
            throw malformed(source, "only " + bytes.length + " bytes, too short for a .npy header");
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (bytes[i] != MAGIC[i]) {
                throw malformed(source, "missing the \\x93NUMPY magic string");
            }
        }
        int major = bytes[6] & 0xFF;
        int minor = bytes[7] & 0xFF;
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength;
        int headerStart;
        Charset charset;
        if (major == 1) {
            if (bytes.length < 10) {
                throw malformed(source, "truncated header length");
            }
            headerLength = buf.getShort(8) & 0xFFFF;
            headerStart = 10;
            charset = StandardCharsets.ISO_8859_1;
        } else if (major == 2 || major == 3) {
            if (bytes.length < 12) {
                throw malformed(source, "truncated header length");
            }
            headerLength = buf.getInt(8) & 0xFFFFFFFFL;
            headerStart = 12;
            charset = major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1;
        } else {
            throw malformed(source, "unsupported format version " + major + "." + minor);
        }
        if (headerStart + headerLength > bytes.length) {
            throw malformed(source, "header of " + headerLength + " bytes runs past the end of the file (" + bytes.length + " bytes)");
        }
        String header = new String(bytes, headerStart, (int) headerLength, charset).trim();
        if (!header.startsWith("{") || !header.endsWith("}")) {
            throw malformed(source, "header is not a dictionary: " + abbreviate(header));
        }
        String descr = group(DESCR, header, "descr", source);
        boolean fortran = "True".equals(group(FORTRAN, header, "fortran_order", source));
        long[] shape = parseShape(group(SHAPE, header, "shape", source), source);
        NumpyDtype dtype = NumpyDtype.of(descr, null, -1, false);
        if (dtype.isObject()) {
            throw malformed(source, "dtype '" + descr + "' is an object array (a pickle inside the file), not raw numbers");
        }
        if (!dtype.isSupported() || !dtype.isNumeric()) {
            throw malformed(source, "unsupported dtype '" + descr + "', expected a float, integer or bool dtype such as '<f4'");
        }
        long count = 1;
        for (long d : shape) {
            count = Math.multiplyExact(count, d);
        }
        long dataStart = headerStart + headerLength;
        long expectedBytes = Math.multiplyExact(count, (long) dtype.itemSize());
        long actualBytes = bytes.length - dataStart;
        if (actualBytes != expectedBytes) {
            throw malformed(source, "shape " + java.util.Arrays.toString(shape) + " of '" + descr + "' needs " + expectedBytes
                    + " data bytes, the file has " + actualBytes + (actualBytes < expectedBytes ? " (truncated)" : " (trailing bytes)"));
        }
        byte[] data = java.util.Arrays.copyOfRange(bytes, (int) dataStart, bytes.length);
        return NumpyArray.ofBytes(dtype, shape, fortran, ByteSource.of(data));
    }

    private static String group(Pattern p, String header, String key, String source) throws IOException {
        Matcher m = p.matcher(header);
        if (!m.find()) {
            throw malformed(source, "header has no valid '" + key + "' entry: " + abbreviate(header));
        }
        return m.group(1);
    }

    private static long[] parseShape(String tuple, String source) throws IOException {
        List<Long> dims = new ArrayList<>();
        for (String part : tuple.split(",")) {
            String s = part.trim();
            if (s.endsWith("L")) {
                s = s.substring(0, s.length() - 1);
            }
            if (s.isEmpty()) {
                continue;
            }
            try {
                long d = Long.parseLong(s);
                if (d < 0) {
                    throw malformed(source, "negative dimension " + d + " in shape (" + tuple + ")");
                }
                dims.add(d);
            } catch (NumberFormatException e) {
                throw malformed(source, "shape (" + tuple + ") has a non-integer dimension '" + s + "'");
            }
        }
        return dims.stream().mapToLong(Long::longValue).toArray();
    }

    private static String abbreviate(String s) {
        return s.length() <= 120 ? s : s.substring(0, 117) + "...";
    }

    private static IOException malformed(String source, String problem) {
        return new IOException("Malformed .npy file " + source + ": " + problem);
    }
}
