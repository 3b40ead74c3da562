package dev.cider.util;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads small UTF-8 text files (CSV inputs) whole, with errors that name the file and what is wrong with it: no such
 * file, a directory, or bytes that are not UTF-8, with the line and byte offset where decoding failed (the JDK's
 * own message is only {@code MalformedInputException: Input length = 1}). A leading byte order mark is dropped.
 */
public final class TextFiles {

    /** The byte order mark some editors put at the start of a UTF-8 file. */
    public static final char BYTE_ORDER_MARK = '\uFEFF';

    private TextFiles() {
    }

    /**
     * Reads a UTF-8 text file.
     * @param file The file.
     * @param what What the file is, for messages, e.g. {@code "split assignment file"}.
     * @return Its text without a leading byte order mark.
     * @throws IOException naming the file if it is missing, a directory, unreadable or not valid UTF-8.
     */
    public static String readUtf8(Path file, String what) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IOException(capitalised(what) + " " + file + " is a directory, not a file");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IOException("No " + what + " at " + file, e);
        } catch (IOException e) {
            throw new IOException("Cannot read " + what + " " + file + ": " + e.getMessage(), e);
        }
        String text = decode(bytes, file, what);
        return !text.isEmpty() && text.charAt(0) == BYTE_ORDER_MARK ? text.substring(1) : text;
    }

    /**
     * Decodes UTF-8 bytes, refusing malformed or unmappable input.
     * @param bytes The bytes.
     * @param file The file they came from, for the message.
     * @param what What the file is, for the message.
     * @return The text.
     * @throws IOException naming the file, the line and the byte offset of the first byte that is not UTF-8.
     */
    static String decode(byte[] bytes, Path file, String what) throws IOException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult r = decoder.decode(in, out, true);
        if (!r.isError()) {
            r = decoder.flush(out);
        }
        if (r.isError()) {
            int offset = in.position();
            int line = 1;
            for (int i = 0; i < offset; i++) {
                if (bytes[i] == '\n') {
                    line++;
                }
            }
            String at = offset < bytes.length ? String.format(Locale.ROOT, " (0x%02X)", bytes[offset] & 0xFF) : "";
            throw new IOException(String.format(Locale.ROOT, "%s %s is not valid UTF-8: line %d, byte offset %d%s does not"
                    + " decode; save the file as UTF-8", capitalised(what), file, line, offset, at));
        }
        out.flip();
        return out.toString();
    }

    private static String capitalised(String what) {
        return what.isEmpty() ? what : Character.toUpperCase(what.charAt(0)) + what.substring(1);
    }
}
