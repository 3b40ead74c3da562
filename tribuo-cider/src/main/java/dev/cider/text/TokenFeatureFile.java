package dev.cider.text;

import dev.cider.util.AtomicFiles;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * The on-disk form of the token features of one model, big-endian:
 * <pre>
 *   magic    8 bytes  "CIDERTFC"
 *   version  int      {@value #VERSION}
 *   hash     UTF      the model's SHA-256 (modified UTF-8 with a 2-byte length)
 *   dim      int      features per token
 *   count    int      number of entries
 *   entries  count x { length int; ids int[length]; features float[length * dim] }
 *   crc      long     CRC-32 of every byte above
 * </pre>
 * Each entry holds the token ids of a text's valid prefix and the features of those positions.
 */
final class TokenFeatureFile {
    static final byte[] MAGIC = "CIDERTFC".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    /** Longer texts are not plausible token sequences for a BERT-family model; guards against garbage lengths. */
    static final int MAX_TOKENS = 1 << 16;

    private TokenFeatureFile() {
    }

    /**
     * Thrown when a cache file is not a valid token feature file.
     */
    static final class CorruptFileException extends IOException {
        private static final long serialVersionUID = 1L;

        CorruptFileException(String message) {
            super(message);
        }
    }

    /**
     * Writes the entries of one model atomically.
     * @param file The target file.
     * @param modelHash The model hash.
     * @param dim The feature dimension.
     * @param entries Valid-prefix ids to their features ({@code ids.length * dim} floats).
     * @throws IOException on failure; the previous file is then unchanged.
     */
    static void write(Path file, String modelHash, int dim, Map<TokenIds, float[]> entries) throws IOException {
        AtomicFiles.write(file, raw -> {
            CRC32 crc = new CRC32();
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new CheckedOutputStream(raw, crc), 1 << 16));
            out.write(MAGIC);
            out.writeInt(VERSION);
            out.writeUTF(modelHash);
            out.writeInt(dim);
            out.writeInt(entries.size());
            for (Map.Entry<TokenIds, float[]> e : entries.entrySet()) {
                int[] ids = e.getKey().ids();
                float[] values = e.getValue();
                ByteBuffer buf = ByteBuffer.allocate(4 + 4 * ids.length + 4 * values.length);
                buf.putInt(ids.length);
                buf.asIntBuffer().put(ids);
                buf.position(4 + 4 * ids.length);
                buf.asFloatBuffer().put(values);
                out.write(buf.array());
            }
            out.flush();
            // The checksum covers everything written so far; it is itself written past the checked stream.
            new DataOutputStream(raw).writeLong(crc.getValue());
        });
    }

    /**
     * Reads the entries of one model.
     * @param file The file.
     * @param modelHash The expected model hash.
     * @param dim The expected feature dimension.
     * @return The entries in file order.
     * @throws CorruptFileException if the file is truncated, has a wrong header, version, hash, dimension or
     * checksum, or trailing bytes.
     * @throws IOException if the file cannot be read.
     */
    static Map<TokenIds, float[]> read(Path file, String modelHash, int dim) throws IOException {
        CRC32 crc = new CRC32();
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            DataInputStream in = new DataInputStream(new CheckedInputStream(raw, crc));
            try {
                byte[] magic = new byte[MAGIC.length];
                in.readFully(magic);
                if (!Arrays.equals(magic, MAGIC)) {
                    throw new CorruptFileException("not a token feature cache file (bad magic bytes)");
                }
                int version = in.readInt();
                if (version != VERSION) {
                    throw new CorruptFileException("unsupported format version " + version + " (expected " + VERSION + ")");
                }
                String hash = in.readUTF();
                if (!hash.equals(modelHash)) {
                    throw new CorruptFileException("holds features of model " + hash + ", expected " + modelHash);
                }
                int fileDim = in.readInt();
                if (fileDim != dim) {
                    throw new CorruptFileException("holds features of dimension " + fileDim + ", the encoder has " + dim);
                }
                int count = in.readInt();
                if (count < 0) {
                    throw new CorruptFileException("negative entry count " + count);
                }
                Map<TokenIds, float[]> entries = new LinkedHashMap<>();
                for (int i = 0; i < count; i++) {
                    int length = in.readInt();
                    if (length < 0 || length > MAX_TOKENS) {
                        throw new CorruptFileException("entry " + i + " has an invalid length " + length);
                    }
                    byte[] bytes = new byte[4 * length + 4 * length * dim];
                    in.readFully(bytes);
                    ByteBuffer buf = ByteBuffer.wrap(bytes);
                    int[] ids = new int[length];
                    buf.asIntBuffer().get(ids);
                    buf.position(4 * length);
                    float[] values = new float[length * dim];
                    buf.asFloatBuffer().get(values);
                    entries.put(new TokenIds(ids), values);
                }
                long expected = crc.getValue();
                long stored = new DataInputStream(raw).readLong();
                if (stored != expected) {
                    throw new CorruptFileException("checksum mismatch (stored " + Long.toHexString(stored) + ", computed "
                            + Long.toHexString(expected) + ")");
                }
                if (raw.read() != -1) {
                    throw new CorruptFileException("unexpected bytes after the checksum");
                }
                return entries;
            } catch (EOFException e) {
                throw new CorruptFileException("truncated (ends before the declared content)");
            }
        }
    }
}
