package dev.cider.util;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * An exclusive lock that one run holds on a lock file for as long as it works on a shared resource (a checkpoint
 * directory, an output file), so that a second run on the same resource can be refused instead of silently
 * overwriting the first one's files.
 * <p>
 * The lock is an operating-system file lock ({@link FileChannel#tryLock()}): it is released when the run closes it or
 * when its process ends, however it ends, so the lock file a dead process leaves behind never blocks a later run.
 * A second lock on the same file from the same JVM counts as held by another run too. The lock file itself is left in
 * place on release: deleting it would let two runs lock two different files of the same name.
 */
public final class RunLock implements AutoCloseable {

    private final Path lockFile;
    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(Path lockFile, FileChannel channel, FileLock lock) {
        this.lockFile = lockFile;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock on a lock file, creating the file (and its directory) if needed.
     * @param lockFile The lock file.
     * @return The lock, or empty if another run (in this or another process) holds it.
     * @throws IOException if the lock file cannot be created or opened.
     */
    public static Optional<RunLock> tryAcquire(Path lockFile) throws IOException {
        Path abs = lockFile.toAbsolutePath();
        Files.createDirectories(abs.getParent());
        FileChannel channel = FileChannel.open(abs, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
            return Optional.empty();
        }
        return Optional.of(new RunLock(abs, channel, lock));
    }

    /**
     * The lock file beside an output file: {@code .NAME.lock} in the same directory.
     * @param output The output file.
     * @return The path of its lock file.
     */
    public static Path besideFile(Path output) {
        Path abs = output.toAbsolutePath();
        return abs.resolveSibling("." + abs.getFileName() + ".lock");
    }

    /** @return The locked file (absolute). */
    public Path lockFile() {
        return lockFile;
    }

    /**
     * Releases the lock (the lock file stays).
     * @throws IOException if the channel cannot be closed.
     */
    @Override
    public void close() throws IOException {
        try {
            if (lock.isValid()) {
                lock.release();
            }
        } finally {
            channel.close();
        }
    }
}
