package dev.cider.text;

import dev.cider.data.FeatureSequence;
import dev.cider.data.TextInput;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * Encodes each distinct text once: token features keyed by the encoder's model hash and the token ids of the text's
 * valid prefix, kept in memory and, if a directory is given, on disk.
 * <p>
 * On disk there is one file per model, {@code <modelHash>.tfc} (see {@link TokenFeatureFile} for the format: a
 * header with magic bytes, version, model hash and dimension, the entries, and a CRC-32). The file is read the first
 * time a model is used and rewritten atomically (via {@link dev.cider.util.AtomicFiles}) after every call that
 * encoded new texts. A truncated or corrupted file is either rebuilt with a warning (the default) or, in strict
 * mode, rejected with an {@link UncheckedIOException} naming the file and the problem.
 * <p>
 * Thread-safe (calls are serialised). The cached features are exactly the encoder's output, so a hit returns
 * features identical to the first encoding.
 */
public final class TokenFeatureCache {
    private static final Logger logger = Logger.getLogger(TokenFeatureCache.class.getName());
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9._-]+");

    /** The file name suffix of cache files. */
    public static final String FILE_SUFFIX = ".tfc";

    private final Path directory;
    private final boolean failOnCorruptFile;
    private final Map<String, ModelEntries> models = new HashMap<>();
    private long hits;
    private long encoded;

    private static final class ModelEntries {
        final int dim;
        final Map<TokenIds, float[]> rows;

        ModelEntries(int dim, Map<TokenIds, float[]> rows) {
            this.dim = dim;
            this.rows = rows;
        }
    }

    /**
     * An in-memory cache.
     */
    public TokenFeatureCache() {
        this(null, false);
    }

    /**
     * A cache kept in memory and in a directory; corrupted files are rebuilt with a warning.
     * @param directory The directory (created when first written).
     */
    public TokenFeatureCache(Path directory) {
        this(directory, false);
    }

    /**
     * A cache kept in memory and optionally in a directory.
     * @param directory The directory (created when first written), or null for memory only.
     * @param failOnCorruptFile If true an unreadable cache file is an error; if false it is rebuilt with a warning.
     */
    public TokenFeatureCache(Path directory, boolean failOnCorruptFile) {
        this.directory = directory;
        this.failOnCorruptFile = failOnCorruptFile;
    }

    /**
     * The token features of texts, encoding only those not cached yet (each distinct text once, in one call to the
     * encoder).
     * @param encoder The encoder.
     * @param texts The texts.
     * @return One feature sequence per text, {@code steps x encoder.dim()} with zero padding rows.
     * @throws UncheckedIOException if the cache file cannot be read (strict mode) or written.
     */
    public synchronized List<FeatureSequence> encode(TextEncoder encoder, List<TextInput> texts) {
        String hash = encoder.modelHash();
        int dim = encoder.dim();
        ModelEntries model = entriesFor(hash, dim);
        List<TokenIds> keys = new ArrayList<>(texts.size());
        Map<TokenIds, TextInput> missing = new LinkedHashMap<>();
        for (TextInput text : texts) {
            TokenIds key = TokenIds.of(text);
            keys.add(key);
            if (!model.rows.containsKey(key)) {
                // Encode the valid prefix only: padding never changes the features of valid positions.
                missing.putIfAbsent(key, new TextInput(key.ids(), key.length(), null));
            }
        }
        if (!missing.isEmpty()) {
            List<TextInput> batch = new ArrayList<>(missing.values());
            List<FeatureSequence> features = encoder.encode(batch);
            int i = 0;
            for (TokenIds key : missing.keySet()) {
                FeatureSequence f = features.get(i++);
                if (f.dim() != dim || f.steps() != key.length()) {
                    throw new IllegalStateException("Encoder " + encoder + " returned " + f + " for a text of " + key.length()
                            + " tokens, expected dimension " + dim);
                }
                model.rows.put(key, f.toArray());
            }
            encoded += missing.size();
            if (directory != null) {
                save(hash, model);
            }
        }
        hits += texts.size() - missing.size();
        List<FeatureSequence> out = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            TextInput text = texts.get(i);
            // The cached valid rows are shared (never modified), not copied into a padded array per text.
            out.add(FeatureSequence.wrapValid(model.rows.get(keys.get(i)), text.steps(), dim, text.length()));
        }
        return out;
    }

    /**
     * The token features of one text.
     * @param encoder The encoder.
     * @param text The text.
     * @return Its features.
     */
    public FeatureSequence encode(TextEncoder encoder, TextInput text) {
        return encode(encoder, List.of(text)).get(0);
    }

    private ModelEntries entriesFor(String hash, int dim) {
        ModelEntries model = models.get(hash);
        if (model != null) {
            if (model.dim != dim) {
                throw new IllegalArgumentException("Token feature cache holds features of dimension " + model.dim
                        + " for model " + hash + ", the encoder reports " + dim);
            }
            return model;
        }
        Map<TokenIds, float[]> rows = new LinkedHashMap<>();
        if (directory != null) {
            Path file = cacheFile(hash);
            if (Files.exists(file)) {
                try {
                    rows = TokenFeatureFile.read(file, hash, dim);
                } catch (TokenFeatureFile.CorruptFileException e) {
                    if (failOnCorruptFile) {
                        throw new UncheckedIOException("Token feature cache file " + file + " is corrupt: " + e.getMessage()
                                + "; delete it to rebuild it", e);
                    }
                    logger.warning("Token feature cache file " + file + " is corrupt (" + e.getMessage() + "); rebuilding it");
                    rows = new LinkedHashMap<>();
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot read token feature cache file " + file + ": " + e.getMessage(), e);
                }
            }
        }
        model = new ModelEntries(dim, rows);
        models.put(hash, model);
        return model;
    }

    private void save(String hash, ModelEntries model) {
        Path file = cacheFile(hash);
        try {
            TokenFeatureFile.write(file, hash, model.dim, model.rows);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write token feature cache file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The cache file of a model.
     * @param modelHash The model hash.
     * @return The path.
     * @throws IllegalStateException if the cache has no directory.
     * @throws IllegalArgumentException if the hash is not usable as a file name.
     */
    public Path cacheFile(String modelHash) {
        if (directory == null) {
            throw new IllegalStateException("This token feature cache is kept in memory only");
        }
        if (!SAFE_NAME.matcher(modelHash).matches()) {
            throw new IllegalArgumentException("Model hash '" + modelHash + "' cannot name a cache file");
        }
        return directory.resolve(modelHash + FILE_SUFFIX);
    }

    /**
     * The directory of the cache files, if any.
     * @return The directory.
     */
    public Optional<Path> directory() {
        return Optional.ofNullable(directory);
    }

    /**
     * The number of distinct texts held in memory for a model.
     * @param modelHash The model hash.
     * @return The number of entries (0 if the model was never used by this cache).
     */
    public synchronized int size(String modelHash) {
        ModelEntries model = models.get(modelHash);
        return model == null ? 0 : model.rows.size();
    }

    /**
     * The number of texts served without calling the encoder since this cache was created.
     * @return The hit count.
     */
    public synchronized long hits() {
        return hits;
    }

    /**
     * The number of distinct texts the encoder was asked to encode since this cache was created.
     * @return The count.
     */
    public synchronized long encodedCount() {
        return encoded;
    }

    /**
     * Forgets the in-memory entries (the files stay; they are read again on next use).
     */
    public synchronized void clearMemory() {
        models.clear();
    }

    @Override
    public String toString() {
        return "TokenFeatureCache(" + (directory == null ? "memory" : directory.toString()) + ")";
    }
}
