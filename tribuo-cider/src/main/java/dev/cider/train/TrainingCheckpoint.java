package dev.cider.train;

import dev.cider.util.AtomicFiles;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The state of an interrupted training run at an epoch boundary: the epoch reached, the early-stopping state, the
 * current and best network parameters and the optimizer state, tied to a fingerprint of the configuration and data
 * so a run is never resumed with different settings. Written atomically.
 *
 * @param fingerprint        Identifies the trainer configuration, seed and training data.
 * @param epochsDone         Completed epochs.
 * @param bestValue          Best validation value so far.
 * @param bestEpoch          Epoch of the best value (-1 if none).
 * @param sinceBest          Epochs since the best.
 * @param parameters         Current network parameters (DJL saveParameters bytes).
 * @param bestParameters     Parameters of the best epoch.
 * @param optimizerState     {@link CheckpointableAdam#save} bytes.
 */
public record TrainingCheckpoint(String fingerprint, int epochsDone, double bestValue, int bestEpoch, int sinceBest,
                                 byte[] parameters, byte[] bestParameters, byte[] optimizerState) {

    private static final int MAGIC = 0x43494443; // "CIDC"
    private static final int VERSION = 1;

    /**
     * Writes the checkpoint atomically.
     * @param path The file.
     * @throws IOException on failure (the previous checkpoint, if any, is kept).
     */
    public void write(Path path) throws IOException {
        AtomicFiles.write(path, raw -> {
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw));
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeUTF(fingerprint);
            out.writeInt(epochsDone);
            out.writeDouble(bestValue);
            out.writeInt(bestEpoch);
            out.writeInt(sinceBest);
            writeBytes(out, parameters);
            writeBytes(out, bestParameters);
            writeBytes(out, optimizerState);
            out.flush();
        });
    }

    /**
     * Reads a checkpoint.
     * @param path The file.
     * @return The checkpoint.
     * @throws IOException if the file is missing, truncated or not a checkpoint (the message says which).
     */
    public static TrainingCheckpoint read(Path path) throws IOException {
        try (InputStream raw = Files.newInputStream(path)) {
            DataInputStream in = new DataInputStream(new BufferedInputStream(raw));
            if (in.readInt() != MAGIC) {
                throw new IOException("Not a CIDer training checkpoint: " + path);
            }
            int version = in.readInt();
            if (version != VERSION) {
                throw new IOException("Checkpoint " + path + " has version " + version + ", this library reads version " + VERSION);
            }
            return new TrainingCheckpoint(in.readUTF(), in.readInt(), in.readDouble(), in.readInt(), in.readInt(),
                    readBytes(in), readBytes(in), readBytes(in));
        } catch (NoSuchFileException e) {
            throw new IOException("No checkpoint at " + path, e);
        } catch (EOFException e) {
            throw new IOException("Checkpoint " + path + " is truncated", e);
        }
    }

    private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            throw new IOException("Malformed checkpoint: negative block length " + n);
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }
}
