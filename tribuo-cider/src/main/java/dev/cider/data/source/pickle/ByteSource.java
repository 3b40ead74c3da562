package dev.cider.data.source.pickle;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;

/**
 * Read-only random access to the raw bytes of a numpy array, either held on the heap or memory-mapped from
 * the pickle file (so multi-gigabyte arrays neither need a Java array over 2 GiB nor count against the heap).
 * <p>
 * The bytes are split into chunks of {@code 2^shift} bytes; multi-byte values are read little-endian and
 * assembled byte by byte when they straddle two chunks.
 */
final class ByteSource {

    /** Chunk size of mapped sources: 1 GiB, a multiple of every numeric item size. */
    private static final int MAPPED_SHIFT = 30;

    private final ByteBuffer[] chunks;
    private final int shift;
    private final long mask;
    private final long length;

    private ByteSource(ByteBuffer[] chunks, int shift, long length) {
        this.chunks = chunks;
        this.shift = shift;
        this.mask = (1L << shift) - 1;
        this.length = length;
        for (ByteBuffer b : chunks) {
            b.order(ByteOrder.LITTLE_ENDIAN);
        }
    }

    /**
     * Wraps a byte array (no copy; the caller must not modify it).
     * @param bytes The bytes.
     * @return The source.
     */
    static ByteSource of(byte[] bytes) {
        return new ByteSource(new ByteBuffer[]{ByteBuffer.wrap(bytes)}, 31, bytes.length);
    }

    /**
     * Maps a region of a file read-only.
     * @param channel The open file.
     * @param offset The first byte of the region.
     * @param length The number of bytes.
     * @return The source, valid after the channel is closed.
     * @throws IOException if the mapping fails.
     */
    static ByteSource map(FileChannel channel, long offset, long length) throws IOException {
        long chunkSize = 1L << MAPPED_SHIFT;
        int n = (int) Math.max(1, (length + chunkSize - 1) / chunkSize);
        ByteBuffer[] chunks = new ByteBuffer[n];
        for (int i = 0; i < n; i++) {
            long start = i * chunkSize;
            long size = Math.min(chunkSize, length - start);
            chunks[i] = channel.map(FileChannel.MapMode.READ_ONLY, offset + start, Math.max(size, 0));
        }
        return new ByteSource(chunks, MAPPED_SHIFT, length);
    }

    /** @return Whether the bytes are memory-mapped from a file. */
    boolean isMapped() {
        return chunks.length > 0 && chunks[0] instanceof java.nio.MappedByteBuffer;
    }

    /** @return The number of bytes. */
    long length() {
        return length;
    }

    /**
     * One byte.
     * @param pos The position.
     * @return The byte.
     */
    byte get(long pos) {
        return chunks[(int) (pos >>> shift)].get((int) (pos & mask));
    }

    /**
     * A little-endian 16-bit value.
     * @param pos The position of its first byte.
     * @return The value.
     */
    short getShort(long pos) {
        ByteBuffer b = chunks[(int) (pos >>> shift)];
        int off = (int) (pos & mask);
        if (off + 2 <= b.limit()) {
            return b.getShort(off);
        }
        return (short) assemble(pos, 2);
    }

    /**
     * A little-endian 32-bit value.
     * @param pos The position of its first byte.
     * @return The value.
     */
    int getInt(long pos) {
        ByteBuffer b = chunks[(int) (pos >>> shift)];
        int off = (int) (pos & mask);
        if (off + 4 <= b.limit()) {
            return b.getInt(off);
        }
        return (int) assemble(pos, 4);
    }

    /**
     * A little-endian 64-bit value.
     * @param pos The position of its first byte.
     * @return The value.
     */
    long getLong(long pos) {
        ByteBuffer b = chunks[(int) (pos >>> shift)];
        int off = (int) (pos & mask);
        if (off + 8 <= b.limit()) {
            return b.getLong(off);
        }
        return assemble(pos, 8);
    }

    private long assemble(long pos, int n) {
        long v = 0;
        for (int i = n - 1; i >= 0; i--) {
            v = (v << 8) | (get(pos + i) & 0xFFL);
        }
        return v;
    }
}
