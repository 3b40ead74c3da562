package dev.cider.data.source.pickle;

import java.io.IOException;

/**
 * Reads the length prefixes of the pickle opcodes that carry a byte payload ({@code BINUNICODE}, {@code BINSTRING},
 * {@code LONG4}, {@code BINBYTES8}, ...) and checks each declared length against the bytes left in the pickle
 * before anything is allocated, so a ten-byte file declaring a 2 GiB string fails at once instead of allocating
 * the string first.
 */
final class DeclaredLengthReader {

    private final PositionInputStream in;
    private final long size;

    /**
     * Creates a reader.
     * @param in The pickle stream, positioned after an opcode.
     * @param size The total number of bytes of the pickle.
     */
    DeclaredLengthReader(PositionInputStream in, long size) {
        this.in = in;
        this.size = size;
    }

    /**
     * The bytes left after the current position.
     * @return The count.
     */
    long remaining() {
        return size - in.position();
    }

    /**
     * A one-byte length.
     * @param opcode The opcode name, for messages.
     * @param offset The opcode's offset in the pickle.
     * @return The length, 0 to 255.
     * @throws IOException on a read error.
     */
    long length1(String opcode, long offset) throws IOException {
        return Byte.toUnsignedLong(prefix(opcode, offset, 1)[0]);
    }

    /**
     * A four-byte little-endian length.
     * @param opcode The opcode name, for messages.
     * @param offset The opcode's offset in the pickle.
     * @param signed Whether Python reads this prefix as a signed integer (a negative value is then an error).
     * @return The length.
     * @throws IOException on a read error.
     */
    long length4(String opcode, long offset, boolean signed) throws IOException {
        byte[] b = prefix(opcode, offset, 4);
        long value = 0;
        for (int i = 3; i >= 0; i--) {
            value = (value << 8) | Byte.toUnsignedLong(b[i]);
        }
        return signed ? (int) value : value;
    }

    /**
     * An eight-byte little-endian unsigned length; values of 2^63 and more are returned as {@link Long#MAX_VALUE}
     * (no pickle is that long).
     * @param opcode The opcode name, for messages.
     * @param offset The opcode's offset in the pickle.
     * @return The length.
     * @throws IOException on a read error.
     */
    long length8(String opcode, long offset) throws IOException {
        byte[] b = prefix(opcode, offset, 8);
        long value = 0;
        for (int i = 7; i >= 0; i--) {
            value = (value << 8) | Byte.toUnsignedLong(b[i]);
        }
        return value < 0 ? Long.MAX_VALUE : value;
    }

    /**
     * Checks a declared length against the bytes left in the pickle.
     * @param opcode The opcode name, for messages.
     * @param offset The opcode's offset in the pickle.
     * @param length The declared length.
     * @throws NumpyPickleException if the length is negative.
     * @throws TruncatedPickleException if fewer bytes than declared are left.
     */
    void check(String opcode, long offset, long length) {
        if (length < 0) {
            throw new NumpyPickleException(opcode + " at offset " + offset + " declares a negative length " + length);
        }
        long remaining = remaining();
        if (length > remaining) {
            throw new TruncatedPickleException(opcode + " at offset " + offset + " declares "
                    + (length == Long.MAX_VALUE ? "2^63 or more" : Long.toString(length))
                    + " bytes but only " + remaining + " bytes follow it");
        }
    }

    /**
     * Reads a payload after checking its declared length.
     * @param opcode The opcode name, for messages.
     * @param offset The opcode's offset in the pickle.
     * @param length The declared length.
     * @return The bytes.
     * @throws IOException on a read error.
     * @throws NumpyPickleException if the length is negative or too large for a Java array.
     * @throws TruncatedPickleException if fewer bytes than declared are left.
     */
    byte[] payload(String opcode, long offset, long length) throws IOException {
        check(opcode, offset, length);
        if (length > Integer.MAX_VALUE - 8) {
            throw new NumpyPickleException(opcode + " at offset " + offset + " declares " + length
                    + " bytes, too many to hold in memory");
        }
        return in.readNBytes((int) length);
    }

    private byte[] prefix(String opcode, long offset, int n) throws IOException {
        if (remaining() < n) {
            throw new TruncatedPickleException(opcode + " at offset " + offset + " needs a " + n
                    + "-byte length but only " + remaining() + " bytes follow it");
        }
        return in.readNBytes(n);
    }
}
