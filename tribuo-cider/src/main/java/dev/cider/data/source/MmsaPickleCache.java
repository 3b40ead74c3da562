package dev.cider.data.source;

import dev.cider.data.source.pickle.NumpyArray;
import dev.cider.data.source.pickle.NumpyUnpickler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.SoftReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * Decoded MMSA pickles, shared by the sources of the three splits of one file so that it is unpickled once.
 * <p>
 * Entries are keyed by the file's absolute path, size and modification time (a rewritten file is read
 * again) and held through soft references, so the JVM may drop them under memory pressure. Array data of
 * real corpora is memory-mapped by the unpickler, so an entry itself is small.
 */
final class MmsaPickleCache {

    private static final Logger logger = Logger.getLogger(MmsaPickleCache.class.getName());

    private record Key(Path path, long size, FileTime modified) {
    }

    private static final Map<Key, SoftReference<Map<?, ?>>> CACHE = new HashMap<>();
    private static final AtomicInteger DECODES = new AtomicInteger();

    private MmsaPickleCache() {
    }

    /**
     * The decoded top-level dict of a pickle, from the cache when the file is unchanged.
     * @param path The pickle.
     * @return The dict (unmodifiable).
     * @throws IllegalArgumentException naming the file if it is missing, unreadable as a pickle, or not a dict.
     */
    static Map<?, ?> load(Path path) {
        Path abs = path.toAbsolutePath().normalize();
        if (!Files.isRegularFile(abs)) {
            throw new IllegalArgumentException("MMSA pickle " + abs + (Files.exists(abs) ? " is not a regular file" : " does not exist"));
        }
        Key key;
        try {
            BasicFileAttributes attrs = Files.readAttributes(abs, BasicFileAttributes.class);
            key = new Key(abs, attrs.size(), attrs.lastModifiedTime());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the attributes of " + abs, e);
        }
        synchronized (CACHE) {
            SoftReference<Map<?, ?>> ref = CACHE.get(key);
            Map<?, ?> cached = ref == null ? null : ref.get();
            if (cached != null) {
                return cached;
            }
            for (Iterator<Map.Entry<Key, SoftReference<Map<?, ?>>>> it = CACHE.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<Key, SoftReference<Map<?, ?>>> e = it.next();
                if (e.getKey().path().equals(abs) || e.getValue().get() == null) {
                    it.remove();
                }
            }
            long start = System.nanoTime();
            Object root = NumpyUnpickler.read(abs);
            DECODES.incrementAndGet();
            if (!(root instanceof Map)) {
                throw new IllegalArgumentException("MMSA pickle " + abs + " is not a dict of splits (it holds a "
                        + describe(root) + "); expected {'train': ..., 'valid': ..., 'test': ...}");
            }
            Map<?, ?> map = Collections.unmodifiableMap((Map<?, ?>) root);
            CACHE.put(key, new SoftReference<>(map));
            logger.fine(() -> String.format("Decoded %s in %.1f s", abs, (System.nanoTime() - start) / 1e9));
            return map;
        }
    }

    private static String describe(Object o) {
        if (o == null) {
            return "None";
        }
        if (o instanceof java.util.List) {
            return "list of " + ((java.util.List<?>) o).size();
        }
        if (o instanceof Object[]) {
            return "tuple of " + ((Object[]) o).length;
        }
        if (o instanceof NumpyArray) {
            return o.toString();
        }
        return o.getClass().getSimpleName();
    }

    /**
     * How many files were decoded since the JVM started (for tests of the cache).
     * @return The count.
     */
    static int decodeCount() {
        return DECODES.get();
    }

    /** Empties the cache (for tests). */
    static void clear() {
        synchronized (CACHE) {
            CACHE.clear();
        }
    }
}
