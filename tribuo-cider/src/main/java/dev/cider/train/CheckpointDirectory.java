package dev.cider.train;

import dev.cider.util.RunLock;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The directory a training run writes its checkpoint to after every epoch: the run holds the directory's lock for
 * its whole duration, an earlier run's checkpoint is replaced only when asked to, and a checkpoint is resumed only by
 * a run with the same {@link RunFingerprint}.
 */
final class CheckpointDirectory implements AutoCloseable {
    private static final Logger logger = Logger.getLogger(CheckpointDirectory.class.getName());

    /** The checkpoint file inside the directory. */
    static final String CHECKPOINT_FILE = "cider-checkpoint.bin";
    /** The lock file inside the directory. */
    static final String LOCK_FILE = ".cider-checkpoint.lock";

    private final Path dir;
    private final Path checkpoint;
    private final RunLock lock;

    private CheckpointDirectory(Path dir, RunLock lock) {
        this.dir = dir;
        this.checkpoint = dir.resolve(CHECKPOINT_FILE);
        this.lock = lock;
    }

    /**
     * Takes the lock of a checkpoint directory and refuses a run that would silently replace an earlier run's
     * checkpoint.
     * @param dir The directory.
     * @param resume Whether the run continues the checkpoint.
     * @param overwrite Whether the run may replace the checkpoint when it does not resume.
     * @return The locked directory; close it when the run ends.
     * @throws IllegalStateException if another run holds the lock.
     * @throws IllegalArgumentException if the directory holds a checkpoint the run would replace without leave.
     */
    static CheckpointDirectory lock(Path dir, boolean resume, boolean overwrite) {
        Path lockFile = dir.resolve(LOCK_FILE);
        RunLock lock;
        try {
            lock = RunLock.tryAcquire(lockFile).orElseThrow(() -> new IllegalStateException("Checkpoint directory "
                    + dir.toAbsolutePath() + " is in use: another training run holds its lock (" + lockFile.toAbsolutePath()
                    + ") until it ends; wait for that run to finish or use another checkpoint directory"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot lock checkpoint directory " + dir.toAbsolutePath() + ": " + e.getMessage(), e);
        }
        CheckpointDirectory d = new CheckpointDirectory(dir, lock);
        if (!resume && !overwrite && Files.exists(d.checkpoint)) {
            try {
                lock.close();
            } catch (IOException e) {
                logger.warning("Could not release " + lockFile + ": " + e.getMessage());
            }
            throw new IllegalArgumentException("Checkpoint directory " + dir.toAbsolutePath() + " already holds a checkpoint ("
                    + CHECKPOINT_FILE + ") of an earlier run; continue it with resume (cider train --resume), replace it with"
                    + " overwriteCheckpoint (cider train --overwrite-checkpoint) or use another checkpoint directory");
        }
        return d;
    }

    /** @return The checkpoint file. */
    Path checkpointFile() {
        return checkpoint;
    }

    /**
     * The checkpoint to resume, if the directory holds one.
     * @param fingerprint The resuming run's fingerprint.
     * @return The checkpoint, empty if there is none.
     * @throws IllegalArgumentException naming the settings that differ if the checkpoint was written by another run.
     */
    Optional<TrainingCheckpoint> readForResume(RunFingerprint fingerprint) {
        if (!Files.isRegularFile(checkpoint)) {
            return Optional.empty();
        }
        TrainingCheckpoint c;
        try {
            c = TrainingCheckpoint.read(checkpoint);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> differences = fingerprint.differencesFrom(c.fingerprint());
        if (!differences.isEmpty()) {
            throw new IllegalArgumentException("Checkpoint " + checkpoint + " was written by a run with other settings or data: "
                    + String.join("; ", differences) + ". Resume with the checkpoint's settings and data, start over with"
                    + " overwriteCheckpoint (cider train --overwrite-checkpoint) or use another checkpoint directory");
        }
        return Optional.of(c);
    }

    /**
     * Writes a checkpoint atomically.
     * @param c The checkpoint.
     */
    void write(TrainingCheckpoint c) {
        try {
            c.write(checkpoint);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write checkpoint " + checkpoint, e);
        }
    }

    /**
     * Releases the directory's lock.
     */
    @Override
    public void close() {
        try {
            lock.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not release the lock of checkpoint directory " + dir + ": " + e.getMessage(), e);
        }
    }
}
