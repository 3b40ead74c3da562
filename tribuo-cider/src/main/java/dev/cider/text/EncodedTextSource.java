package dev.cider.text;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import dev.cider.data.DataSplit;
import dev.cider.data.MultimodalExample;
import dev.cider.data.MultimodalSource;
import dev.cider.data.SentimentTask;
import dev.cider.data.source.AbstractMultimodalSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Decorates another {@link MultimodalSource} with pretrained token features: the inner source's examples, each with
 * its text's token features from a {@link TextEncoder} attached ({@link TokenFeatures#attachFeatures}), so that
 * {@link dev.cider.train.CiderTrainer} trains in token-feature mode and the pooled Tribuo features of every example
 * become the mean and standard deviation of its token features ({@code text.mean.*}, {@code text.std.*}) instead of
 * token frequencies.
 * <p>
 * Each distinct text is encoded once through a {@link TokenFeatureCache}, shared by the sibling sources of the other
 * splits and, with {@code cacheDir}, kept on disk (one file per model hash), so a second run reads the features back
 * instead of encoding again. The provenance records the inner source's configuration and the encoder's (including
 * the SHA-256 of its model bytes).
 */
public final class EncodedTextSource extends AbstractMultimodalSource {
    private static final Logger logger = Logger.getLogger(EncodedTextSource.class.getName());

    @Config(mandatory = true, description = "The data source whose texts are encoded (any split of it).")
    private MultimodalSource source;

    @Config(mandatory = true, description = "The text encoder giving the token features (e.g. an OnnxTextEncoder running MiniLM).")
    private TextEncoder encoder;

    @Config(description = "Directory of the token feature cache (one file per model hash); unset keeps it in memory.")
    private Path cacheDir;

    private TokenFeatureCache cache;

    /**
     * For OLCUT.
     */
    private EncodedTextSource() {
    }

    /**
     * Creates an encoded source reading the inner source's split.
     * @param source The inner source.
     * @param encoder The text encoder.
     * @param cacheDir The cache directory, or null for an in-memory cache.
     */
    public EncodedTextSource(MultimodalSource source, TextEncoder encoder, Path cacheDir) {
        this(source, encoder, cacheDir, source.getSplit(), null);
    }

    private EncodedTextSource(MultimodalSource source, TextEncoder encoder, Path cacheDir, DataSplit split, TokenFeatureCache cache) {
        super(split, source.getTask());
        this.source = source;
        this.encoder = encoder;
        this.cacheDir = cacheDir;
        this.cache = cache;
        postConfig();
    }

    @Override
    public void postConfig() {
        super.postConfig();
        if (source == null) {
            throw new PropertyException("", "source", "an inner data source is required");
        }
        if (encoder == null) {
            throw new PropertyException("", "encoder", "a text encoder is required");
        }
        if (source.getTask() != task) {
            task = source.getTask();
        }
        if (cache == null) {
            cache = new TokenFeatureCache(cacheDir);
        }
    }

    @Override
    public SentimentTask getTask() {
        return source.getTask();
    }

    /** @return The text encoder. */
    public TextEncoder encoder() {
        return encoder;
    }

    /** @return The token feature cache shared by the sibling sources. */
    public TokenFeatureCache cache() {
        return cache;
    }

    /** @return The inner source (of this source's split). */
    public MultimodalSource inner() {
        return source.forSplit(getSplit());
    }

    @Override
    protected List<MultimodalExample> loadExamples() {
        List<MultimodalExample> inner = inner().examples();
        long encodedBefore = cache.encodedCount();
        long t0 = System.nanoTime();
        List<MultimodalExample> out = TokenFeatures.attachFeatures(inner, encoder, cache);
        double seconds = (System.nanoTime() - t0) / 1e9;
        long encoded = cache.encodedCount() - encodedBefore;
        logger.info(String.format(Locale.ROOT, "%s: %d texts, %d encoded in %.1f s (%.1f sentences/s), the rest from the cache",
                describeSource(), inner.size(), encoded, seconds, encoded == 0 ? 0.0 : encoded / seconds));
        return out;
    }

    @Override
    protected AbstractMultimodalSource copyForSplit(DataSplit split) {
        return new EncodedTextSource(source, encoder, cacheDir, split, cache);
    }

    @Override
    protected Map<String, Path> sourceFiles() {
        return Map.of();
    }

    @Override
    protected String syntheticModalities() {
        return syntheticModalitiesOf(source);
    }

    @Override
    protected String describeSource() {
        return "EncodedTextSource(" + source + ", " + encoder.getClass().getSimpleName() + " " + shortHash(encoder.modelHash())
                + ", " + split + ")";
    }

    private static String shortHash(String hash) {
        return hash.length() > 12 ? hash.substring(0, 12) : hash;
    }
}
