package dev.cider.data;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Token ids of the bundled bert-base-uncased tokenizer on known sentences (expected ids read from the
 * bert-base-uncased vocabulary), framing with [CLS]/[SEP]/[PAD], truncation, decoding, hashing and loading.
 */
class BertTokenizerTest {

    private static BertTokenizer tok;

    @BeforeAll
    static void load() {
        assertEquals("true", System.getProperty("ai.djl.offline"), "tests must run with -Dai.djl.offline=true so nothing can be downloaded");
        tok = BertTokenizer.bundled();
    }

    @AfterAll
    static void close() {
        tok.close();
    }

    /** The valid prefix of a text input's ids. */
    private static int[] valid(TextInput in) {
        return Arrays.copyOf(in.tokenIds(), in.length());
    }

    @Test
    void specialTokensAreThoseOfBertBaseUncased() {
        assertEquals(SpecialTokens.BERT_UNCASED, tok.specialTokens());
    }

    @Test
    void lowerCasesAndSplitsPunctuation() {
        TextInput in = tok.encode("Hello, WORLD!");
        assertEquals(BertTokenizer.DEFAULT_MAX_LENGTH, in.steps());
        assertEquals(6, in.length());
        assertArrayEquals(new int[] {101, 7592, 1010, 2088, 999, 102}, valid(in));
        for (int t = in.length(); t < in.steps(); t++) {
            assertEquals(0, in.tokenId(t), "padding at " + t);
        }
        assertTrue(in.tokenFeatures().isEmpty());
    }

    @Test
    void stripsAccents() {
        // café -> cafe (7668), naïve -> naive (15743), Zürich -> zurich (10204)
        assertArrayEquals(new int[] {101, 7668, 15743, 10204, 102}, valid(tok.encode("Café naïve Zürich")));
        assertEquals(tok.encode("cafe naive zurich"), tok.encode("CAFÉ NAÏVE ZÜRICH"));
    }

    @Test
    void splitsContractionsAndSubwords() {
        // it didn ' t !
        assertArrayEquals(new int[] {101, 2009, 2134, 1005, 1056, 999, 102}, valid(tok.encode("It didn't!")));
        // token ##ization
        assertEquals(List.of("token", "##ization"), tok.tokenize("Tokenization"));
        assertArrayEquals(new long[] {19204, 3989}, tok.wordPieceIds("tokenization"));
    }

    @Test
    void truncatesLongTextKeepingSep() {
        String longText = String.join(" ", java.util.Collections.nCopies(70, "good"));
        TextInput in = tok.encode(longText);
        assertEquals(50, in.length());
        assertEquals(101, in.tokenId(0));
        assertEquals(102, in.tokenId(49));
        for (int t = 1; t < 49; t++) {
            assertEquals(2204, in.tokenId(t));
        }
        // exactly maxLength - 2 WordPieces fit without truncation, one more is cut
        TextInput fits = tok.encode(String.join(" ", java.util.Collections.nCopies(8, "good")), 10);
        TextInput cut = tok.encode(String.join(" ", java.util.Collections.nCopies(9, "good")), 10);
        assertEquals(10, fits.length());
        assertEquals(fits, cut);
        assertEquals(102, cut.tokenId(9));
    }

    @Test
    void emptyTextIsClsSep() {
        TextInput in = tok.encode("   ", 5);
        assertArrayEquals(new int[] {101, 102, 0, 0, 0}, in.tokenIds());
        assertEquals(2, in.length());
        assertThrows(IllegalArgumentException.class, () -> tok.encode("hi", 1));
        assertThrows(IllegalArgumentException.class, () -> tok.encode(null, 5));
    }

    @Test
    void batchEqualsSingle() {
        List<String> texts = List.of("Hello, WORLD!", "it was really good", "", "Café");
        List<TextInput> batch = tok.encodeBatch(texts, 12);
        assertEquals(texts.size(), batch.size());
        for (int i = 0; i < texts.size(); i++) {
            assertEquals(tok.encode(texts.get(i), 12), batch.get(i), texts.get(i));
        }
    }

    @Test
    void decodesSkippingStructuralTokensButKeepingMask() {
        assertEquals("hello, world!", tok.decode(tok.encode("Hello, WORLD!").tokenIds()));
        TextInput masked = tok.encode("it was really good").withMaskedTokensExcept(id -> id == 2204, tok.specialTokens());
        assertEquals("[MASK] [MASK] [MASK] good", tok.decode(masked.tokenIds()));
        assertEquals("##ization", tok.idToToken(3989));
        assertEquals("[UNK]", tok.idToToken(100));
    }

    @Test
    void concurrentEncodingAgrees() throws Exception {
        String text = "i mean they did a little bit of it";
        TextInput expected = tok.encode(text);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> {
                    for (int k = 0; k < 100; k++) {
                        if (!expected.equals(tok.encode(text))) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> f : results) {
                assertTrue(f.get());
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void hashIsSha256OfTheJsonAndFileLoadingAgrees(@TempDir Path dir) throws Exception {
        byte[] json;
        try (InputStream is = BertTokenizerTest.class.getResourceAsStream("/" + BertTokenizer.BUNDLED_RESOURCE)) {
            json = is.readAllBytes();
        }
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
        assertTrue(expected.equalsIgnoreCase(tok.tokenizerHash()), tok.tokenizerHash());
        Path file = dir.resolve("tokenizer.json");
        Files.write(file, json);
        try (BertTokenizer fromFile = BertTokenizer.fromFile(file); BertTokenizer fromDir = BertTokenizer.load(dir)) {
            assertEquals(tok.tokenizerHash(), fromFile.tokenizerHash());
            assertEquals(tok.encode("Hello, WORLD!"), fromFile.encode("Hello, WORLD!"));
            assertEquals(file.toString(), fromDir.origin());
        }
    }

    @Test
    void badFilesAreNamed(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("nope.json");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> BertTokenizer.fromFile(missing));
        assertTrue(e.getMessage().contains("nope.json"), e.getMessage());
        Path garbage = Files.writeString(dir.resolve("garbage.json"), "{not json");
        IllegalArgumentException g = assertThrows(IllegalArgumentException.class, () -> BertTokenizer.fromFile(garbage));
        assertTrue(g.getMessage().contains("garbage.json"), g.getMessage());
    }

    @Test
    void closedTokenizerRefusesWork() {
        BertTokenizer t = BertTokenizer.bundled();
        t.close();
        t.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> t.encode("hello"));
        assertTrue(e.getMessage().contains("closed"));
    }
}
