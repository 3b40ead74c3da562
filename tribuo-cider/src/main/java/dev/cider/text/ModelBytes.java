package dev.cider.text;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Reading model files and resources, and their SHA-256.
 */
final class ModelBytes {

    private ModelBytes() {
    }

    /**
     * Reads a classpath resource fully.
     * @param resource The resource name.
     * @param artifact The Maven artifact that ships it, for the error message.
     * @return The bytes.
     * @throws IOException if the resource is missing or unreadable.
     */
    static byte[] readResource(String resource, String artifact) throws IOException {
        ClassLoader loader = ModelBytes.class.getClassLoader();
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("Classpath resource '" + resource + "' not found; add the Maven dependency " + artifact);
            }
            return in.readAllBytes();
        }
    }

    /**
     * The SHA-256 of a byte array.
     * @param bytes The bytes.
     * @return 64 lower-case hexadecimal digits.
     */
    static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(newDigest().digest(bytes));
    }

    /**
     * The SHA-256 of a file, streamed.
     * @param file The file.
     * @return 64 lower-case hexadecimal digits.
     * @throws IOException if the file cannot be read.
     */
    static String sha256(Path file) throws IOException {
        MessageDigest digest = newDigest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }
}
