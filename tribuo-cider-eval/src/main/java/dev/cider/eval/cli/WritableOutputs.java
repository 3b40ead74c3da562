package dev.cider.eval.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks, before a long run starts, that the files and directories it will write at the end can be written: a run
 * must not train for hours and then lose its result to a read-only file system or a parent that is a regular file.
 * Each check names the command-line option whose value is wrong, and so does an error while writing the output
 * ({@link #writing}).
 */
final class WritableOutputs {

    /** Writes one output. */
    @FunctionalInterface
    interface Output {
        /**
         * Writes it.
         * @throws IOException on failure.
         */
        void write() throws IOException;
    }

    private WritableOutputs() {
    }

    /**
     * Writes an output, naming the option and its path if that fails (the file system's own message may name only a
     * temporary file).
     * @param option The option that gave the path, e.g. {@code --predictions}.
     * @param target The file or directory given with it.
     * @param output Writes it.
     * @throws IOException naming the option and the path.
     */
    static void writing(String option, Path target, Output output) throws IOException {
        try {
            output.write();
        } catch (IOException e) {
            throw new IOException("Could not write " + option + " " + target.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Checks that a file can be written at {@code file}: it is not a directory, and its parent directory exists or
     * can be created and accepts new files (probed with a temporary file that is removed again).
     * @param option The option that gave the path, e.g. {@code --output}.
     * @param file The file to be written later.
     * @throws IllegalArgumentException naming the option if the file could not be written.
     */
    static void requireWritableFile(String option, Path file) {
        Path abs = file.toAbsolutePath();
        if (Files.isDirectory(abs)) {
            throw new IllegalArgumentException(option + " " + file + " is a directory; give the path of a file");
        }
        requireWritableDirectory(option, abs.getParent(), "the directory of " + option + " " + file);
    }

    /**
     * Checks that {@code dir} exists or can be created, is a directory and accepts new files.
     * @param option The option that gave the directory, e.g. {@code --checkpoint-dir}.
     * @param dir The directory to be written into later.
     * @throws IllegalArgumentException naming the option if the directory could not be written into.
     */
    static void requireWritableDirectory(String option, Path dir) {
        requireWritableDirectory(option, dir.toAbsolutePath(), option + " " + dir);
    }

    private static void requireWritableDirectory(String option, Path dir, String what) {
        Path existing = dir;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing != null && !Files.isDirectory(existing)) {
            throw new IllegalArgumentException("Cannot write " + what + ": " + existing + " is not a directory");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException | SecurityException e) {
            throw new IllegalArgumentException("Cannot create " + what + " (" + dir + "): " + e, e);
        }
        try {
            Path probe = Files.createTempFile(dir, ".cider-write-check", ".tmp");
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            throw new IllegalArgumentException("Cannot write into " + what + " (" + dir + "): " + e, e);
        }
    }
}
