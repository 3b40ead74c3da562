package dev.cider.train;

import dev.cider.util.AtomicFiles;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * The state of an interrupted training run at an epoch boundary: the epoch reached, the early-stopping state, the
 * current and best network parameters and the optimizer state, tied to the {@link RunFingerprint} of the run's
 * settings and data (stored as named values) so a run is never resumed with different settings, and a refusal can
 * name the settings that differ. Written atomically.
 * <p>
 * File format (big-endian), version {@value #VERSION}:
 * <pre>
 *   magic        int      "CIDC"
 *   version      int      3
 *   settings     int      count, then per setting two strings (int length, then that many UTF-8 bytes): name, value
 *   epochsDone   int
 *   bestValue    double
 *   bestEpoch    int
 *   sinceBest    int
 *   3 x block    int length, then that many bytes: parameters, bestParameters, optimizerState
 *   crc          long     CRC-32 of every byte above
 * </pre>
 * Reading checks every block length against the bytes left in the file before allocating, and the checksum before
 * returning anything. Older versions are refused, with a message to restart the run (a checkpoint only saves the
 * epochs since the run started): version 1 files (no checksum) cannot be told apart from damaged ones, and version 2
 * files hold an opaque fingerprint that included the checkpoint directory's path, so neither can be checked.
 *
 * @param fingerprint        The settings, seed and data of the run.
 * @param epochsDone         Completed epochs.
 * @param bestValue          Best validation value so far.
 * @param bestEpoch          Epoch of the best value (-1 if none).
 * @param sinceBest          Epochs since the best.
 * @param parameters         Current network parameters (DJL saveParameters bytes).
 * @param bestParameters     Parameters of the best epoch.
 * @param optimizerState     {@link CheckpointableAdam#save} bytes.
 */
public record TrainingCheckpoint(RunFingerprint fingerprint, int epochsDone, double bestValue, int bestEpoch, int sinceBest,
                                 byte[] parameters, byte[] bestParameters, byte[] optimizerState) {

    private static final int MAGIC = 0x43494443; // "CIDC"
    /** The format version written and read; 1 had no checksum, 2 an opaque fingerprint instead of named settings. */
    static final int VERSION = 3;
    private static final int CRC_BYTES = Long.BYTES;

    /**
     * Writes the checkpoint atomically.
     * @param path The file.
     * @throws IOException on failure (the previous checkpoint, if any, is kept).
     */
    public void write(Path path) throws IOException {
        AtomicFiles.write(path, raw -> {
            CRC32 crc = new CRC32();
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new CheckedOutputStream(raw, crc), 1 << 16));
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(fingerprint.values().size());
            for (Map.Entry<String, String> e : fingerprint.values().entrySet()) {
                writeBytes(out, e.getKey().getBytes(StandardCharsets.UTF_8));
                writeBytes(out, e.getValue().getBytes(StandardCharsets.UTF_8));
            }
            out.writeInt(epochsDone);
            out.writeDouble(bestValue);
            out.writeInt(bestEpoch);
            out.writeInt(sinceBest);
            writeBytes(out, parameters);
            writeBytes(out, bestParameters);
            writeBytes(out, optimizerState);
            out.flush();
            new DataOutputStream(raw).writeLong(crc.getValue());
        });
    }

    /**
     * Reads a checkpoint.
     * @param path The file.
     * @return The checkpoint.
     * @throws IOException if the file is missing, truncated, damaged (checksum or length mismatch), of another format
     *                     version or not a checkpoint; the message names the file and says which.
     */
    public static TrainingCheckpoint read(Path path) throws IOException {
        try (InputStream raw = Files.newInputStream(path)) {
            long size = Files.size(path);
            CRC32 crc = new CRC32();
            CountingInputStream counted = new CountingInputStream(new CheckedInputStream(new BufferedInputStream(raw, 1 << 16), crc));
            DataInputStream in = new DataInputStream(counted);
            if (in.readInt() != MAGIC) {
                throw new IOException("Not a CIDer training checkpoint: " + path);
            }
            int version = in.readInt();
            if (version != VERSION) {
                throw new IOException("Checkpoint " + path + " has format version " + version + ", this library reads only version "
                        + VERSION + (version < VERSION ? " (" + olderVersion(version) + "); delete it or use another checkpoint"
                        + " directory to start the run again" : "; it was written by a newer CIDer"));
            }
            RunFingerprint fingerprint = readFingerprint(in, counted, size, path);
            int epochsDone = in.readInt();
            double bestValue = in.readDouble();
            int bestEpoch = in.readInt();
            int sinceBest = in.readInt();
            byte[] parameters = readBytes(in, counted, size, path);
            byte[] bestParameters = readBytes(in, counted, size, path);
            byte[] optimizerState = readBytes(in, counted, size, path);
            long computed = crc.getValue();
            long stored = in.readLong();
            if (stored != computed || in.read() != -1) {
                throw new IOException("Checkpoint " + path + " is damaged: its checksum does not match its content;"
                        + " delete it or use another checkpoint directory to start the run again");
            }
            return new TrainingCheckpoint(fingerprint, epochsDone, bestValue, bestEpoch, sinceBest, parameters, bestParameters,
                    optimizerState);
        } catch (NoSuchFileException e) {
            throw new IOException("No checkpoint at " + path, e);
        } catch (EOFException e) {
            throw new IOException("Checkpoint " + path + " is truncated", e);
        }
    }

    private static String olderVersion(int version) {
        return version == 1 ? "version 1 has no checksum"
                : version == 2 ? "version 2 cannot name the settings that differ and depends on the directory's location"
                : "an unknown older version";
    }

    private static RunFingerprint readFingerprint(DataInputStream in, CountingInputStream counted, long fileSize, Path path)
            throws IOException {
        int count = in.readInt();
        long left = fileSize - counted.count() - CRC_BYTES;
        if (count < 0 || count > left / (2L * Integer.BYTES)) {
            throw new IOException("Checkpoint " + path + " is truncated or damaged: it claims " + count + " settings but only "
                    + Math.max(0, left) + " bytes are left in the file");
        }
        Map<String, String> values = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            values.put(readText(in, counted, fileSize, path), readText(in, counted, fileSize, path));
        }
        return new RunFingerprint(values);
    }

    private static String readText(DataInputStream in, CountingInputStream counted, long fileSize, Path path) throws IOException {
        byte[] bytes = readBytes(in, counted, fileSize, path);
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IOException("Checkpoint " + path + " is damaged: a setting is not valid UTF-8 text", e);
        }
    }

    private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static byte[] readBytes(DataInputStream in, CountingInputStream counted, long fileSize, Path path) throws IOException {
        int n = in.readInt();
        long left = fileSize - counted.count() - CRC_BYTES;
        if (n < 0 || n > left) {
            throw new IOException("Checkpoint " + path + " is truncated or damaged: a block claims " + n + " bytes but only "
                    + Math.max(0, left) + " are left in the file");
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }

    /** Counts the bytes read, so block lengths can be checked against what is left of the file. */
    private static final class CountingInputStream extends FilterInputStream {
        private long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        long count() {
            return count;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count += skipped;
            return skipped;
        }
    }
}
