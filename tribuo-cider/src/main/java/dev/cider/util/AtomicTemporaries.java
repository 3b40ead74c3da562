package dev.cider.util;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The temporary files of {@link AtomicFiles}: their names, their creation and the removal of the ones a killed
 * process left behind.
 * <p>
 * The temporary file of target {@code NAME} is {@code .NAME.DIGITS.tmp} in the target's directory, DIGITS an unsigned
 * random long. A writer holds an exclusive {@link FileLock} on its temporary file from creation to rename, and this JVM
 * also remembers the ones it is writing. A temporary file of the same target that is neither locked nor in use here and
 * older than {@link #MIN_STALE_AGE} belongs to a dead writer and is deleted; nothing else in the directory is touched.
 */
final class AtomicTemporaries {

    /**
     * Files younger than this are never treated as stale: it covers the instant between a writer creating its
     * temporary file and locking it.
     */
    static final Duration MIN_STALE_AGE = Duration.ofSeconds(2);

    private static final String SUFFIX = ".tmp";

    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,20}");

    private static final SecureRandom RANDOM = new SecureRandom();

    /** Temporary files being written by this JVM (file locks do not exclude threads of one process). */
    private static final Set<Path> IN_USE = ConcurrentHashMap.newKeySet();

    /** An open, locked temporary file. */
    record Temporary(Path path, FileChannel channel) implements AutoCloseable {
        /**
         * Closes the channel (releasing the lock) and forgets the file as in use; the file itself stays.
         * @throws IOException on failure.
         */
        @Override
        public void close() throws IOException {
            try {
                channel.close();
            } finally {
                IN_USE.remove(path);
            }
        }
    }

    private AtomicTemporaries() {
    }

    /**
     * The prefix of the temporary files of a target.
     * @param target The final path.
     * @return {@code .NAME.}
     */
    static String prefix(Path target) {
        return "." + target.getFileName() + ".";
    }

    /**
     * Whether a file name is one of our temporary files for the target.
     * @param target The final path.
     * @param fileName A file name in the target's directory.
     * @return True for {@code .NAME.DIGITS.tmp}.
     */
    static boolean isTemporaryOf(Path target, String fileName) {
        String prefix = prefix(target);
        if (!fileName.startsWith(prefix) || !fileName.endsWith(SUFFIX)
                || fileName.length() <= prefix.length() + SUFFIX.length()) {
            return false;
        }
        String digits = fileName.substring(prefix.length(), fileName.length() - SUFFIX.length());
        return DIGITS.matcher(digits).matches();
    }

    /**
     * Creates and locks a new temporary file for the target.
     * @param target The absolute final path; its directory exists.
     * @return The open, locked temporary file.
     * @throws IOException on failure.
     */
    static Temporary create(Path target) throws IOException {
        Path dir = target.getParent();
        while (true) {
            Path tmp = dir.resolve(prefix(target) + Long.toUnsignedString(RANDOM.nextLong()) + SUFFIX);
            if (!IN_USE.add(tmp)) {
                continue;
            }
            FileChannel channel;
            try {
                channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } catch (FileAlreadyExistsException e) {
                IN_USE.remove(tmp);
                continue;
            } catch (IOException | RuntimeException e) {
                IN_USE.remove(tmp);
                throw e;
            }
            try {
                channel.lock();
            } catch (IOException | RuntimeException e) {
                channel.close();
                IN_USE.remove(tmp);
                Files.deleteIfExists(tmp);
                throw e;
            }
            return new Temporary(tmp, channel);
        }
    }

    /**
     * Deletes the stale temporary files of the target; best effort, failures are ignored (they cost disk space only).
     * @param target The absolute final path.
     * @return How many files were deleted.
     */
    static int deleteStale(Path target) {
        Path dir = target.getParent();
        int deleted = 0;
        Instant youngest = Instant.now().minus(MIN_STALE_AGE);
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                if (isTemporaryOf(target, entry.getFileName().toString()) && !IN_USE.contains(entry)
                        && deleteIfStale(entry, youngest)) {
                    deleted++;
                }
            }
        } catch (IOException | RuntimeException e) {
            // A directory that cannot be listed has nothing we could clean.
        }
        return deleted;
    }

    private static boolean deleteIfStale(Path file, Instant youngest) {
        try {
            if (!Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                return false;
            }
            FileTime modified = Files.getLastModifiedTime(file, java.nio.file.LinkOption.NOFOLLOW_LINKS);
            if (modified.toInstant().isAfter(youngest)) {
                return false;
            }
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE);
                 FileLock lock = channel.tryLock()) {
                if (lock == null) {
                    return false;
                }
                Files.delete(file);
                return true;
            }
        } catch (IOException | OverlappingFileLockException e) {
            return false;
        }
    }
}
