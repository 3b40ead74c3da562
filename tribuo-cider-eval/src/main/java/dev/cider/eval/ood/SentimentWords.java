package dev.cider.eval.ood;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The word normalisation of the OOD recipe (cider-spec section 7): lower-case, letters only (punctuation and
 * digits become separators), English stop words removed.
 */
public final class SentimentWords {

    private static final Set<String> STOP_WORDS = Set.of(
            "a", "about", "above", "after", "again", "against", "all", "am", "an", "and", "any", "are", "as", "at",
            "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did",
            "do", "does", "doing", "down", "during", "each", "few", "for", "from", "further", "had", "has", "have",
            "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "i", "if", "in", "into",
            "is", "it", "its", "itself", "just", "me", "more", "most", "my", "myself", "no", "nor", "not", "now", "of",
            "off", "on", "once", "only", "or", "other", "our", "ours", "ourselves", "out", "over", "own", "same", "she",
            "should", "so", "some", "such", "than", "that", "the", "their", "theirs", "them", "themselves", "then",
            "there", "these", "they", "this", "those", "through", "to", "too", "under", "until", "up", "very", "was",
            "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with", "would",
            "you", "your", "yours", "yourself", "yourselves", "s", "t", "d", "ll", "m", "re", "ve", "don", "didn",
            "doesn", "isn", "wasn", "aren", "weren", "couldn", "shouldn", "wouldn", "won", "umm", "uh", "um");

    private SentimentWords() {
    }

    /**
     * Normalises a transcript into its content words.
     * @param text The transcript.
     * @return The words in order (may repeat).
     */
    public static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        for (String w : text.toLowerCase(Locale.ROOT).split("[^a-z]+")) {
            if (!w.isEmpty() && !STOP_WORDS.contains(w)) {
                out.add(w);
            }
        }
        return out;
    }

    /**
     * Whether a word is a stop word of the recipe.
     * @param word A lower-case word.
     * @return True for a stop word.
     */
    public static boolean isStopWord(String word) {
        return STOP_WORDS.contains(word);
    }
}
