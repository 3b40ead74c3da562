package dev.cider.missing;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * The random streams of the evaluation masks: one stream per (pattern, seed, utterance id), so a mask does
 * not depend on the order in which examples are visited, nor on the rate.
 */
final class MaskRandom {

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;
    private static final long GOLDEN = 0x9e3779b97f4a7c15L;

    private MaskRandom() {
    }

    /**
     * The draw stream of one utterance.
     * @param salt A per-pattern constant, so different patterns do not share draws.
     * @param seed The evaluation seed.
     * @param exampleId The utterance id.
     * @return A fresh generator.
     */
    static SplittableRandom forExample(String salt, long seed, String exampleId) {
        long h = mix64(hash(salt) ^ mix64(seed + GOLDEN));
        h = mix64(h + GOLDEN * hash(exampleId));
        return new SplittableRandom(h);
    }

    /** 64-bit FNV-1a over the UTF-8 bytes, stable across JVMs (unlike identity hashes). */
    static long hash(String text) {
        long h = FNV_OFFSET;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            h ^= (b & 0xff);
            h *= FNV_PRIME;
        }
        return h;
    }

    /** The finaliser of SplitMix64 (Stafford variant 13). */
    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
