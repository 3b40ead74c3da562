package dev.cider.text;

import dev.cider.data.FeatureSequence;
import dev.cider.data.MultimodalExample;
import dev.cider.data.SpecialTokens;
import dev.cider.data.TextInput;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.classification.Label;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenFeatureCacheTest {

    private static OnnxTextEncoder encoder;

    /** Counts the calls reaching the wrapped encoder; may claim another model hash. */
    static final class CountingEncoder implements TextEncoder {
        final TextEncoder inner;
        final String hash;
        int calls;
        int texts;

        CountingEncoder(TextEncoder inner) {
            this(inner, inner.modelHash());
        }

        CountingEncoder(TextEncoder inner, String hash) {
            this.inner = inner;
            this.hash = hash;
        }

        @Override
        public List<FeatureSequence> encode(List<TextInput> batch) {
            calls++;
            texts += batch.size();
            return inner.encode(batch);
        }

        @Override
        public int dim() {
            return inner.dim();
        }

        @Override
        public String modelHash() {
            return hash;
        }

        @Override
        public void close() {
        }
    }

    @BeforeAll
    static void load() {
        encoder = new OnnxTextEncoder(MiniLmModel.QUANTISED, 32, 1);
    }

    @AfterAll
    static void close() {
        encoder.close();
    }

    private static List<TextInput> texts() {
        return List.of(TestTexts.text("what a lovely day"), TestTexts.text("this is terrible"),
                TestTexts.text("what a lovely day"), TestTexts.text("i guess it was fine"));
    }

    @Test
    void hitReturnsIdenticalFeaturesWithoutCallingTheEncoder() {
        CountingEncoder counting = new CountingEncoder(encoder);
        TokenFeatureCache cache = new TokenFeatureCache();
        List<FeatureSequence> first = cache.encode(counting, texts());
        assertEquals(1, counting.calls);
        assertEquals(3, counting.texts, "the repeated text is encoded once");
        assertEquals(3, cache.size(encoder.modelHash()));
        assertEquals(first.get(0), first.get(2));

        List<FeatureSequence> second = cache.encode(counting, texts());
        assertEquals(1, counting.calls, "no encoder call on a full hit");
        assertEquals(first, second);
        assertEquals(3, cache.encodedCount());
        assertEquals(5, cache.hits());

        List<FeatureSequence> direct = encoder.encode(texts());
        for (int i = 0; i < direct.size(); i++) {
            assertTrue(TestTexts.maxAbsDiff(direct.get(i), first.get(i)) < 1e-5, "text " + i);
        }
    }

    @Test
    void keyIsTheValidPrefixSoPaddingLengthDoesNotMatter() {
        CountingEncoder counting = new CountingEncoder(encoder);
        TokenFeatureCache cache = new TokenFeatureCache();
        TextInput padded50 = TestTexts.ids(101, 7592, 2088, 102);
        int[] ids = Arrays.copyOf(new int[]{101, 7592, 2088, 102}, 20);
        ids[10] = 999; // padding content is not part of the key
        TextInput padded20 = new TextInput(ids, 4, null);
        FeatureSequence a = cache.encode(counting, padded50);
        FeatureSequence b = cache.encode(counting, padded20);
        assertEquals(1, counting.calls);
        assertEquals(50, a.steps());
        assertEquals(20, b.steps());
        assertEquals(4, b.length());
        for (int t = 0; t < 4; t++) {
            for (int d = 0; d < encoder.dim(); d++) {
                assertEquals(a.get(t, d), b.get(t, d));
            }
        }
        for (int t = 4; t < 20; t++) {
            assertTrue(b.isZeroFrame(t));
        }
    }

    @Test
    void modelsAreKeptApart(@TempDir Path dir) {
        TokenFeatureCache cache = new TokenFeatureCache(dir);
        CountingEncoder real = new CountingEncoder(encoder);
        CountingEncoder other = new CountingEncoder(encoder, "another-model");
        cache.encode(real, texts());
        cache.encode(other, texts());
        assertEquals(1, real.calls);
        assertEquals(1, other.calls, "a different model hash is a different cache entry");
        assertTrue(Files.isRegularFile(dir.resolve(encoder.modelHash() + TokenFeatureCache.FILE_SUFFIX)));
        assertTrue(Files.isRegularFile(dir.resolve("another-model" + TokenFeatureCache.FILE_SUFFIX)));
        assertThrows(IllegalArgumentException.class, () -> cache.cacheFile("../escape"));
        assertThrows(IllegalStateException.class, () -> new TokenFeatureCache().cacheFile(encoder.modelHash()));
    }

    @Test
    void diskCacheRoundTrip(@TempDir Path dir) {
        CountingEncoder counting = new CountingEncoder(encoder);
        List<FeatureSequence> first = new TokenFeatureCache(dir).encode(counting, texts());
        assertEquals(1, counting.calls);

        TokenFeatureCache reopened = new TokenFeatureCache(dir, true);
        List<FeatureSequence> second = reopened.encode(counting, texts());
        assertEquals(1, counting.calls, "features come from the file");
        assertEquals(first, second);
        assertEquals(3, reopened.size(encoder.modelHash()));

        // New texts extend the file; a third instance sees all of them.
        reopened.encode(counting, List.of(TestTexts.text("a brand new sentence")));
        assertEquals(2, counting.calls);
        TokenFeatureCache third = new TokenFeatureCache(dir, true);
        third.encode(counting, texts());
        assertEquals(2, counting.calls);
        assertEquals(4, third.size(encoder.modelHash()));
    }

    @Test
    void corruptedFileIsRebuiltWithAWarning(@TempDir Path dir) throws IOException {
        CountingEncoder counting = new CountingEncoder(encoder);
        List<FeatureSequence> first = new TokenFeatureCache(dir).encode(counting, texts());
        Path file = dir.resolve(encoder.modelHash() + TokenFeatureCache.FILE_SUFFIX);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x5A; // flip bits inside a feature value
        Files.write(file, bytes);

        List<String> warnings = new ArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                warnings.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger(TokenFeatureCache.class.getName());
        logger.addHandler(handler);
        try {
            List<FeatureSequence> rebuilt = new TokenFeatureCache(dir).encode(counting, texts());
            assertEquals(2, counting.calls, "the corrupt file is not trusted");
            assertEquals(first, rebuilt);
        } finally {
            logger.removeHandler(handler);
        }
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains(file.toString()) && warnings.get(0).contains("checksum"), warnings.get(0));

        // The rebuilt file is valid again.
        new TokenFeatureCache(dir, true).encode(counting, texts());
        assertEquals(2, counting.calls);
    }

    @Test
    void strictModeRejectsCorruptedAndTruncatedFiles(@TempDir Path dir) throws IOException {
        CountingEncoder counting = new CountingEncoder(encoder);
        new TokenFeatureCache(dir).encode(counting, texts());
        Path file = dir.resolve(encoder.modelHash() + TokenFeatureCache.FILE_SUFFIX);
        byte[] bytes = Files.readAllBytes(file);

        Files.write(file, Arrays.copyOf(bytes, bytes.length - 100));
        UncheckedIOException truncated = assertThrows(UncheckedIOException.class,
                () -> new TokenFeatureCache(dir, true).encode(counting, texts()));
        assertTrue(truncated.getMessage().contains(file.toString()) && truncated.getMessage().contains("truncated"),
                truncated.getMessage());

        Files.writeString(file, "definitely not a cache file");
        UncheckedIOException garbage = assertThrows(UncheckedIOException.class,
                () -> new TokenFeatureCache(dir, true).encode(counting, texts()));
        assertTrue(garbage.getMessage().contains("magic"), garbage.getMessage());

        byte[] extended = Arrays.copyOf(bytes, bytes.length + 1);
        Files.write(file, extended);
        UncheckedIOException trailing = assertThrows(UncheckedIOException.class,
                () -> new TokenFeatureCache(dir, true).encode(counting, texts()));
        assertTrue(trailing.getMessage().contains("after the checksum"), trailing.getMessage());
        assertEquals(1, counting.calls, "strict mode never re-encodes silently");
    }

    @Test
    void attachFeaturesReturnsCopiesWithTokenFeatures() {
        List<MultimodalExample> examples = List.of(example("u1", "what a lovely day", 2.0),
                example("u2", "this is terrible", -1.5));
        CountingEncoder counting = new CountingEncoder(encoder);
        TokenFeatureCache cache = new TokenFeatureCache();
        List<MultimodalExample> withFeatures = TokenFeatures.attachFeatures(examples, counting, cache);
        assertEquals(2, withFeatures.size());
        for (int i = 0; i < examples.size(); i++) {
            MultimodalExample original = examples.get(i);
            MultimodalExample copy = withFeatures.get(i);
            assertFalse(original.getText().tokenFeatures().isPresent(), "the input is not modified");
            FeatureSequence f = copy.getText().tokenFeatures().orElseThrow();
            assertEquals(TestTexts.T_L, f.steps());
            assertEquals(384, f.dim());
            assertEquals(original.getText().length(), f.length());
            assertEquals(original.getId(), copy.getId());
            assertEquals(original.getOutput(), copy.getOutput());
            assertEquals(original.getScore(), copy.getScore());
            assertTrue(copy.pooledFeatureNames().contains("text.mean.0"), "pooled text features come from the token features");
        }
        assertNotEquals(withFeatures.get(0).getText(), withFeatures.get(1).getText());
        TokenFeatures.attachFeatures(examples, counting, cache);
        assertEquals(1, counting.calls);
        List<MultimodalExample> uncached = TokenFeatures.attachFeatures(examples, counting, null);
        assertEquals(2, counting.calls);
        assertEquals(withFeatures.get(0).getText().tokenFeatures(), uncached.get(0).getText().tokenFeatures());
    }

    static MultimodalExample example(String id, String sentence, double score) {
        return new MultimodalExample(new Label(score > 0 ? "positive" : "negative"), id, sentence, score,
                TestTexts.text(sentence), FeatureSequence.zeros(10, 5, 10), FeatureSequence.zeros(10, 20, 10),
                SpecialTokens.BERT_UNCASED);
    }
}
