package dev.cider.train;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.cider.train.protos.AdamStateProto;
import dev.cider.train.protos.CheckpointFileProto;
import dev.cider.train.protos.TrainingCheckpointProto;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import dev.cider.maci.MaciNetwork;
import dev.cider.util.AtomicFiles;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.CRC32;

/**
 * The state of an interrupted training run at an epoch boundary: the epoch reached, the early-stopping state, the
 * current and best network parameters and the optimizer state, tied to the {@link RunFingerprint} of the run's
 * settings and data (stored as named values) so a run is never resumed with different settings, and a refusal can
 * name the settings that differ. Written atomically.
 * <p>
 * File format, version {@value #VERSION}: a protobuf {@code CheckpointFileProto} (cider-checkpoint.proto) holding the
 * version, the bytes of a {@code TrainingCheckpointProto} and their CRC-32. Reading checks the version first, then the
 * checksum, before parsing or returning anything; protobuf checks every length against the bytes left in the file
 * before allocating. Older versions are refused, with a message to restart the run (a checkpoint only saves the epochs
 * since the run started): versions 1 to 3 were a hand-made binary format starting with the bytes "CIDC"; version 1 had
 * no checksum and version 2 an opaque fingerprint that included the checkpoint directory's path.
 *
 * @param fingerprint        The settings, seed and data of the run.
 * @param epochsDone         Completed epochs.
 * @param bestValue          Best validation value so far.
 * @param bestEpoch          Epoch of the best value (-1 if none).
 * @param sinceBest          Epochs since the best.
 * @param parameters         Current network parameters (DJL saveParameters bytes).
 * @param bestParameters     Parameters of the best epoch.
 * @param optimizerState     {@link CheckpointableAdam#save} bytes (a serialised {@code AdamStateProto}).
 */
public record TrainingCheckpoint(RunFingerprint fingerprint, int epochsDone, double bestValue, int bestEpoch, int sinceBest,
                                 byte[] parameters, byte[] bestParameters, byte[] optimizerState) {

    /** The first four bytes of the hand-made binary format of versions 1 to 3. */
    private static final int LEGACY_MAGIC = 0x43494443; // "CIDC"
    /** The protobuf tag of CheckpointFileProto.version (field 1, varint), the first byte of every checkpoint file. */
    private static final int VERSION_TAG = 0x08;
    /** The format version written and read. */
    static final int VERSION = 4;

    /**
     * Writes the checkpoint atomically.
     * @param path The file.
     * @throws IOException on failure (the previous checkpoint, if any, is kept).
     * @throws IllegalArgumentException if the optimizer state is not a serialised {@code AdamStateProto}.
     */
    public void write(Path path) throws IOException {
        AdamStateProto optimizer;
        try {
            optimizer = AdamStateProto.parseFrom(optimizerState);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("The optimizer state is not a CheckpointableAdam state", e);
        }
        ByteString checkpoint = TrainingCheckpointProto.newBuilder().putAllFingerprint(fingerprint.values()).setEpochsDone(epochsDone)
                .setBestValue(bestValue).setBestEpoch(bestEpoch).setSinceBest(sinceBest).setParameters(ByteString.copyFrom(parameters))
                .setBestParameters(ByteString.copyFrom(bestParameters)).setOptimizer(optimizer).build().toByteString();
        CheckpointFileProto file = CheckpointFileProto.newBuilder().setVersion(VERSION).setCheckpoint(checkpoint)
                .setCrc32((int) crc32(checkpoint)).build();
        AtomicFiles.write(path, file::writeTo);
    }

    /**
     * Reads a checkpoint.
     * @param path The file.
     * @return The checkpoint.
     * @throws IOException if the file is missing, truncated, damaged (checksum mismatch, malformed content), of another
     *                     format version or not a checkpoint; the message names the file and says which.
     */
    public static TrainingCheckpoint read(Path path) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new IOException("No checkpoint at " + path, e);
        }
        if (bytes.length >= Integer.BYTES && ByteBuffer.wrap(bytes).getInt(0) == LEGACY_MAGIC) {
            if (bytes.length < 2 * Integer.BYTES) {
                throw new IOException("Checkpoint " + path + " is truncated");
            }
            throw versionRefusal(path, ByteBuffer.wrap(bytes).getInt(Integer.BYTES));
        }
        if (bytes.length == 0 || bytes[0] != VERSION_TAG) {
            throw new IOException("Not a CIDer training checkpoint: " + path);
        }
        CheckpointFileProto file;
        try {
            file = CheckpointFileProto.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IOException("Checkpoint " + path + (isTruncation(e) ? " is truncated" : " is damaged: " + e.getMessage())
                    + "; delete it or use another checkpoint directory to start the run again", e);
        }
        if (file.getVersion() != VERSION) {
            throw versionRefusal(path, file.getVersion());
        }
        if (!file.getUnknownFields().asMap().isEmpty() || (int) crc32(file.getCheckpoint()) != file.getCrc32()) {
            throw new IOException("Checkpoint " + path + " is damaged: its checksum does not match its content;"
                    + " delete it or use another checkpoint directory to start the run again");
        }
        TrainingCheckpointProto c;
        try {
            c = TrainingCheckpointProto.parseFrom(file.getCheckpoint());
        } catch (InvalidProtocolBufferException e) {
            throw new IOException("Checkpoint " + path + " is damaged: its content is not a training checkpoint although its checksum"
                    + " matches (" + e.getMessage() + ")", e);
        }
        return new TrainingCheckpoint(new RunFingerprint(c.getFingerprintMap()), c.getEpochsDone(), c.getBestValue(), c.getBestEpoch(),
                c.getSinceBest(), c.getParameters().toByteArray(), c.getBestParameters().toByteArray(), c.getOptimizer().toByteArray());
    }

    /**
     * The bytes of a network's parameters, as a checkpoint stores them.
     * @param network The network.
     * @return Its DJL {@code saveParameters} bytes.
     */
    static byte[] parametersOf(MaciNetwork network) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            network.saveParameters(out);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Loads parameter bytes written by {@link #parametersOf} into a network of the same shape.
     * @param network The network.
     * @param manager The manager of the parameters.
     * @param bytes The bytes.
     */
    static void restoreParameters(MaciNetwork network, NDManager manager, byte[] bytes) {
        try {
            network.loadParameters(manager, new DataInputStream(new ByteArrayInputStream(bytes)));
        } catch (IOException | MalformedModelException e) {
            throw new IllegalStateException("Could not restore network parameters", e);
        }
    }

    /**
     * The bytes of an optimizer's state, as a checkpoint stores them.
     * @param optimizer The optimizer.
     * @return Its {@link CheckpointableAdam#save} bytes.
     */
    static byte[] optimizerStateOf(CheckpointableAdam optimizer) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            optimizer.save(out);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Loads optimizer state bytes written by {@link #optimizerStateOf}.
     * @param optimizer The optimizer.
     * @param manager The manager of the state arrays.
     * @param state The bytes.
     */
    static void restoreOptimizer(CheckpointableAdam optimizer, NDManager manager, byte[] state) {
        try {
            optimizer.load(new DataInputStream(new ByteArrayInputStream(state)), manager);
        } catch (IOException e) {
            throw new UncheckedIOException("Malformed optimizer state in the checkpoint", e);
        }
    }

    private static IOException versionRefusal(Path path, int version) {
        return new IOException("Checkpoint " + path + " has format version " + version + ", this library reads only version " + VERSION
                + (version < VERSION ? " (" + olderVersion(version) + "); delete it or use another checkpoint"
                + " directory to start the run again" : "; it was written by a newer CIDer"));
    }

    private static String olderVersion(int version) {
        return version == 1 ? "version 1 is the hand-made binary format without a checksum"
                : version == 2 ? "version 2 cannot name the settings that differ and depends on the directory's location"
                : version == 3 ? "version 3 is the hand-made binary format that protobuf replaced"
                : "an unknown older version";
    }

    private static boolean isTruncation(InvalidProtocolBufferException e) {
        return e.getMessage() != null && e.getMessage().contains("ended unexpectedly");
    }

    private static long crc32(ByteString bytes) {
        CRC32 crc = new CRC32();
        bytes.asReadOnlyByteBufferList().forEach(crc::update);
        return crc.getValue();
    }
}
