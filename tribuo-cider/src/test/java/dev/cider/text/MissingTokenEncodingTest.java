package dev.cider.text;

import dev.cider.data.FeatureSequence;
import dev.cider.data.MultimodalExample;
import dev.cider.data.SpecialTokens;
import dev.cider.data.TextInput;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MissingTokenEncodingTest {

    private static final SpecialTokens SPECIAL = SpecialTokens.BERT_UNCASED;
    private static OnnxTextEncoder encoder;

    @BeforeAll
    static void load() {
        encoder = new OnnxTextEncoder(MiniLmModel.QUANTISED, 32, 1);
    }

    @AfterAll
    static void close() {
        encoder.close();
    }

    private static boolean[] allKept(int n) {
        boolean[] keep = new boolean[n];
        Arrays.fill(keep, true);
        return keep;
    }

    private static MultimodalExample complete() {
        return TokenFeatureCacheTest.example("u1", "the food was absolutely delicious tonight", 2.5);
    }

    /** Drops position 3 of the text ("was"), keeps all audio and vision. */
    private static boolean[] textKeep(MultimodalExample e) {
        boolean[] keep = allKept(e.getText().steps());
        keep[3] = false;
        return keep;
    }

    private static boolean rowsEqual(FeatureSequence a, FeatureSequence b, int t) {
        for (int d = 0; d < a.dim(); d++) {
            if (a.get(t, d) != b.get(t, d)) {
                return false;
            }
        }
        return true;
    }

    @Test
    void unkReencodingEncodesTheCorruptedIds() {
        MultimodalExample complete = complete();
        int n = complete.getText().length();
        FeatureSequence completeFeatures = encoder.encode(complete.getText());
        MultimodalExample incomplete = MissingTokenEncoding.UNK_REENCODED.corrupt(complete, textKeep(complete),
                allKept(10), allKept(10), encoder, null);
        TextInput text = incomplete.getText();
        assertEquals(SPECIAL.unk(), text.tokenId(3));
        assertEquals(SPECIAL.cls(), text.tokenId(0));
        assertEquals(SPECIAL.sep(), text.tokenId(n - 1));
        FeatureSequence f = text.tokenFeatures().orElseThrow();
        assertEquals(encoder.encode(text), f, "the features are those of the [UNK] ids");
        assertFalse(f.isZeroFrame(3), "the [UNK] row is an encoded [UNK], not a zero vector");
        assertFalse(rowsEqual(f, completeFeatures, 3), "the dropped position's feature changed");
        assertFalse(f.isZeroFrame(0), "[CLS] row exists");
        assertFalse(f.isZeroFrame(n - 1), "[SEP] row exists");
        for (int t = n; t < f.steps(); t++) {
            assertTrue(f.isZeroFrame(t));
        }
    }

    @Test
    void zeroedKeepsTheCompleteFeaturesAndZeroesTheDroppedRow() {
        MultimodalExample complete = complete();
        int n = complete.getText().length();
        TokenFeatureCache cache = new TokenFeatureCache();
        MultimodalExample incomplete = MissingTokenEncoding.ZEROED.corrupt(complete, textKeep(complete),
                allKept(10), allKept(10), encoder, cache);
        FeatureSequence completeFeatures = cache.encode(encoder, complete.getText());
        FeatureSequence f = incomplete.getText().tokenFeatures().orElseThrow();
        assertTrue(f.isZeroFrame(3));
        for (int t = 0; t < n; t++) {
            if (t != 3) {
                assertTrue(rowsEqual(f, completeFeatures, t), "row " + t + " keeps the complete text's features");
            }
        }
        assertEquals(1, cache.encodedCount(), "the complete text is encoded once, through the cache");
    }

    @Test
    void encodeCorruptedFollowsTheChoice() {
        MultimodalExample complete = TokenFeatures.attachFeatures(List.of(complete()), encoder, null).get(0);
        MultimodalExample corrupted = complete.withKeepMasks(textKeep(complete), allKept(10), allKept(10));
        MultimodalExample zeroed = MissingTokenEncoding.ZEROED.encodeCorrupted(List.of(corrupted), encoder, null).get(0);
        assertEquals(corrupted.getText(), zeroed.getText());
        MultimodalExample unk = MissingTokenEncoding.UNK_REENCODED.encodeCorrupted(List.of(corrupted), encoder, null).get(0);
        assertEquals(encoder.encode(corrupted.getText()), unk.getText().tokenFeatures().orElseThrow());

        List<TextInput> texts = MissingTokenEncoding.UNK_REENCODED.encodeCorruptedTexts(List.of(corrupted.getText()), encoder, null);
        assertEquals(unk.getText(), texts.get(0));

        MultimodalExample bare = complete().withKeepMasks(textKeep(complete), allKept(10), allKept(10));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MissingTokenEncoding.ZEROED.encodeCorrupted(List.of(bare), encoder, null));
        assertTrue(e.getMessage().contains("u1") && e.getMessage().contains("token features"), e.getMessage());
    }

    @Test
    void counterfactualMasksNonBiasTokensAndIsEncodedWithTheSameEncoder() {
        TextInput text = TestTexts.text("the food was absolutely delicious tonight");
        int bias = text.tokenId(5);
        TextInput cf = MissingTokenEncoding.UNK_REENCODED.counterfactual(text, id -> id == bias, SPECIAL, encoder, null);
        int n = text.length();
        assertEquals(SPECIAL.cls(), cf.tokenId(0));
        assertEquals(SPECIAL.sep(), cf.tokenId(n - 1));
        for (int t = 1; t < n - 1; t++) {
            assertEquals(text.tokenId(t) == bias ? bias : SPECIAL.mask(), cf.tokenId(t), "position " + t);
        }
        assertEquals(encoder.encode(cf), cf.tokenFeatures().orElseThrow());
    }

    @Test
    void missingTokensStayMissingInTheCounterfactual() {
        MultimodalExample complete = complete();
        Set<Integer> biasIds = Set.of(complete.getText().tokenId(5));
        for (MissingTokenEncoding choice : MissingTokenEncoding.values()) {
            MultimodalExample incomplete = choice.corrupt(complete, textKeep(complete), allKept(10), allKept(10), encoder, null);
            TextInput cf = choice.counterfactuals(List.of(incomplete.getText()), biasIds::contains, SPECIAL, encoder, null).get(0);
            assertEquals(SPECIAL.unk(), cf.tokenId(3), choice + ": a missing token stays [UNK]");
            assertEquals(SPECIAL.mask(), cf.tokenId(2), choice + ": a non-bias token becomes [MASK]");
            FeatureSequence f = cf.tokenFeatures().orElseThrow();
            assertEquals(choice == MissingTokenEncoding.ZEROED, f.isZeroFrame(3), choice + ": row of the missing token");
            assertFalse(f.isZeroFrame(2));
        }
    }
}
