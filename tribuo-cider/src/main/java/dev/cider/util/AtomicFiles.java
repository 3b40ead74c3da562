package dev.cider.util;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes files atomically: to a temporary file beside the target, then a rename, so a crash never leaves a
 * half-written checkpoint, model or report and never destroys the previous version.
 * <p>
 * The content is forced to the storage device before the rename and the directory after it, so a power loss leaves
 * either the old or the new file. The temporary files a killed process left behind for the same target are deleted on
 * the next write of that target (see {@link AtomicTemporaries} for which files count as ours).
 */
public final class AtomicFiles {

    /**
     * Writes the content of a file.
     */
    @FunctionalInterface
    public interface Writer {
        /**
         * Writes to the stream.
         * @param out The stream of the temporary file.
         * @throws IOException on failure.
         */
        void write(OutputStream out) throws IOException;
    }

    private AtomicFiles() {
    }

    /**
     * Writes a file atomically, creating its parent directories.
     * @param target The final path.
     * @param writer Writes the content.
     * @throws IOException on failure, naming the target (never only the temporary file); the target is then unchanged.
     */
    public static void write(Path target, Writer writer) throws IOException {
        Path abs = target.toAbsolutePath();
        if (Files.isDirectory(abs)) {
            throw new FileSystemException(abs.toString(), null, "cannot write the file: it is a directory");
        }
        Path dir = abs.getParent();
        Files.createDirectories(dir);
        AtomicTemporaries.deleteStale(abs);
        Path tmp = null;
        try {
            try (AtomicTemporaries.Temporary temporary = AtomicTemporaries.create(abs)) {
                tmp = temporary.path();
                shareLikeAnOrdinaryFile(tmp, abs);
                OutputStream out = unclosable(Channels.newOutputStream(temporary.channel()));
                writer.write(out);
                out.flush();
                temporary.channel().force(true);
                // Renamed while still locked, so no other process takes it for a dead writer's leftover.
                try {
                    try {
                        Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    } catch (AtomicMoveNotSupportedException e) {
                        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
                    }
                } catch (FileSystemException e) {
                    // The platform's message names the temporary file first; say which file could not be written.
                    String reason = e.getReason() != null ? e.getReason() : e.getClass().getSimpleName();
                    throw new FileSystemException(abs.toString(), null, "cannot replace the file with the new content: " + reason);
                }
            }
            forceDirectory(dir);
        } finally {
            if (tmp != null) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /** A writer that closes its stream must not close the channel, which is forced and unlocked afterwards. */
    private static OutputStream unclosable(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }

    /**
     * Makes the rename durable where the platform can open a directory for syncing (POSIX); elsewhere (Windows) the
     * file system does not offer it and the rename is left to the operating system.
     */
    private static void forceDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Not supported for directories on this platform; the content itself was forced before the rename.
        }
    }

    /**
     * Temporary files are created readable by their owner only; the final file gets the permissions of the file it
     * replaces, or rw-r--r-- for a new one, as an ordinary write would.
     */
    private static void shareLikeAnOrdinaryFile(Path tmp, Path target) throws IOException {
        if (!tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        java.util.Set<java.nio.file.attribute.PosixFilePermission> perms = Files.exists(target)
                ? Files.getPosixFilePermissions(target)
                : java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--");
        Files.setPosixFilePermissions(tmp, perms);
    }

    /**
     * Writes bytes atomically.
     * @param target The final path.
     * @param bytes The content.
     * @throws IOException on failure.
     */
    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes));
    }
}
