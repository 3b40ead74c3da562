package dev.cider.util;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes files atomically: to a temporary file beside the target, then a rename, so a crash never leaves a
 * half-written checkpoint, model or report and never destroys the previous version.
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
     * @throws IOException on failure; the target is then unchanged.
     */
    public static void write(Path target, Writer writer) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + abs.getFileName(), ".tmp");
        try {
            shareLikeAnOrdinaryFile(tmp, abs);
            try (OutputStream out = Files.newOutputStream(tmp)) {
                writer.write(out);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
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
