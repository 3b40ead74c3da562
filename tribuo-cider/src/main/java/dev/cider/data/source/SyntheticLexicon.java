package dev.cider.data.source;

import java.util.List;

/**
 * The vocabulary of the {@link SyntheticSource}: real English words with their bert-base-uncased WordPiece ids,
 * so synthetic token ids are genuine BERT ids and the raw text is readable.
 * <p>
 * Every word here is a single WordPiece token of the bert-base-uncased vocabulary (which the MiniLM tokenizer
 * shares); the ids were read from that vocabulary and a test checks them against the tokenizer file. The words
 * come in five groups:
 * <ul>
 *     <li>{@link #POSITIVE} and {@link #NEGATIVE}: words whose meaning carries sentiment;</li>
 *     <li>{@link #NEUTRAL}: lukewarm words (okay, average) typical of neutral utterances;</li>
 *     <li>{@link #FILLER}: function words and topic words with no sentiment, most frequent first;</li>
 *     <li>{@link #BIAS_POSITIVE} and {@link #BIAS_NEGATIVE}: names and objects with no sentiment of their own,
 *     which the source can make co-occur with one polarity (language bias).</li>
 * </ul>
 */
public final class SyntheticLexicon {

    /**
     * A word and its WordPiece id.
     * @param text The word, lower case.
     * @param tokenId Its bert-base-uncased id.
     */
    public record Word(String text, int tokenId) {
    }

    private static Word w(String text, int id) {
        return new Word(text, id);
    }

    /** Words of positive sentiment. */
    public static final List<Word> POSITIVE = List.of(
            w("good", 2204), w("great", 2307), w("love", 2293), w("loved", 3866), w("wonderful", 6919),
            w("amazing", 6429), w("excellent", 6581), w("enjoyed", 5632), w("fun", 4569), w("beautiful", 3376),
            w("best", 2190), w("funny", 6057), w("nice", 3835), w("perfect", 3819), w("brilliant", 8235),
            w("awesome", 12476), w("happy", 3407), w("liked", 4669), w("fantastic", 10392), w("favorite", 5440),
            w("enjoy", 5959), w("impressive", 8052), w("charming", 11951), w("sweet", 4086), w("cool", 4658),
            w("glad", 5580), w("incredible", 9788), w("superb", 21688), w("entertaining", 14036), w("lovely", 8403));

    /** Words of negative sentiment. */
    public static final List<Word> NEGATIVE = List.of(
            w("bad", 2919), w("terrible", 6659), w("boring", 11771), w("awful", 9643), w("worst", 5409),
            w("hate", 5223), w("hated", 6283), w("disappointing", 15640), w("stupid", 5236), w("waste", 5949),
            w("poor", 3532), w("horrible", 9202), w("dull", 10634), w("annoying", 15703), w("weak", 5410),
            w("mess", 6752), w("ugly", 9200), w("sad", 6517), w("worse", 4788), w("predictable", 21425),
            w("disappointed", 9364), w("pointless", 23100), w("ridiculous", 9951), w("lame", 20342),
            w("painful", 9145), w("confusing", 16801), w("silly", 10021), w("slow", 4030), w("angry", 4854),
            w("disaster", 7071));

    /** Lukewarm words, frequent in neutral utterances. */
    public static final List<Word> NEUTRAL = List.of(
            w("okay", 3100), w("average", 2779), w("fine", 2986), w("decent", 11519), w("alright", 10303),
            w("ordinary", 6623), w("normal", 3671), w("typical", 5171), w("standard", 3115), w("usual", 5156),
            w("moderate", 8777), w("fair", 4189), w("regular", 3180));

    /** Words without sentiment, roughly most frequent first (sampled with Zipf-like weights). */
    public static final List<Word> FILLER = List.of(
            w("the", 1996), w("i", 1045), w("it", 2009), w("and", 1998), w("a", 1037), w("was", 2001),
            w("this", 2023), w("that", 2008), w("movie", 3185), w("um", 8529), w("is", 2003), w("of", 1997),
            w("to", 2000), w("really", 2428), w("uh", 7910), w("just", 2074), w("so", 2061), w("think", 2228),
            w("film", 2143), w("in", 1999), w("you", 2017), w("know", 2113), w("but", 2021), w("like", 2066),
            w("very", 2200), w("my", 2026), w("about", 2055), w("he", 2002), w("she", 2016), w("they", 2027),
            w("story", 2466), w("had", 2018), w("have", 2031), w("there", 2045), w("what", 2054), w("well", 2092),
            w("thought", 2245), w("kind", 2785), w("one", 2028), w("with", 2007), w("all", 2035), w("at", 2012),
            w("on", 2006), w("some", 2070), w("time", 2051), w("lot", 2843), w("also", 2036), w("because", 2138),
            w("character", 2839), w("plot", 5436), w("scene", 3496), w("actor", 3364), w("actress", 3883),
            w("went", 2253), w("saw", 2387), w("see", 2156), w("watch", 3422), w("watched", 3427), w("end", 2203),
            w("part", 2112), w("first", 2034), w("little", 2210), w("then", 2059), w("when", 2043));

    /** Sentiment-free words that a biased corpus pairs with positive utterances in training. */
    public static final List<Word> BIAS_POSITIVE = List.of(
            w("batman", 8942), w("chicago", 3190), w("sandwich", 11642), w("piano", 3682));

    /** Sentiment-free words that a biased corpus pairs with negative utterances in training. */
    public static final List<Word> BIAS_NEGATIVE = List.of(
            w("guitar", 2858), w("tuesday", 9857), w("umbrella", 12977), w("penguin", 13987));

    private SyntheticLexicon() {
    }

    /**
     * All words of the lexicon, group after group.
     * @return Every word.
     */
    public static List<Word> all() {
        java.util.ArrayList<Word> out = new java.util.ArrayList<>();
        out.addAll(POSITIVE);
        out.addAll(NEGATIVE);
        out.addAll(NEUTRAL);
        out.addAll(FILLER);
        out.addAll(BIAS_POSITIVE);
        out.addAll(BIAS_NEGATIVE);
        return List.copyOf(out);
    }

    /**
     * Whether a token id is one of the bias words.
     * @param tokenId The id.
     * @return True for a word of {@link #BIAS_POSITIVE} or {@link #BIAS_NEGATIVE}.
     */
    public static boolean isBiasWord(int tokenId) {
        for (Word b : BIAS_POSITIVE) {
            if (b.tokenId() == tokenId) {
                return true;
            }
        }
        for (Word b : BIAS_NEGATIVE) {
            if (b.tokenId() == tokenId) {
                return true;
            }
        }
        return false;
    }
}
