package dev.cider.data.source;

import dev.cider.data.MultimodalExample;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Draws a seeded, class-stratified subset of a split: each class keeps its share of the subset (largest-remainder
 * rounding of {@code size * classCount / splitSize}, ties to the class that comes first by name), and within a class
 * the utterances with the smallest seeded hashes of their ids are kept. The choice depends on the seed, the ids and
 * the labels only, not on the order of the rows; the kept utterances stay in their original order.
 */
public final class StratifiedSubset {

    private StratifiedSubset() {
    }

    /**
     * Selects a subset.
     * @param examples The split's examples (ids unique).
     * @param size How many to keep.
     * @param seed The seed.
     * @return The kept examples in their original order (all of them if the size is not smaller than the split).
     */
    public static List<MultimodalExample> select(List<MultimodalExample> examples, SubsetSize size, long seed) {
        int n = size.of(examples.size());
        if (n >= examples.size()) {
            return List.copyOf(examples);
        }
        Map<String, List<MultimodalExample>> byClass = new TreeMap<>();
        for (MultimodalExample ex : examples) {
            byClass.computeIfAbsent(ex.getOutput().getLabel(), k -> new ArrayList<>()).add(ex);
        }
        Map<String, Integer> quotas = quotas(byClass, n, examples.size());
        Set<MultimodalExample> kept = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Map.Entry<String, List<MultimodalExample>> e : byClass.entrySet()) {
            List<MultimodalExample> members = new ArrayList<>(e.getValue());
            members.sort(Comparator.comparingLong((MultimodalExample ex) -> rank(ex.getId(), seed)).thenComparing(MultimodalExample::getId));
            kept.addAll(members.subList(0, quotas.get(e.getKey())));
        }
        List<MultimodalExample> out = new ArrayList<>(n);
        for (MultimodalExample ex : examples) {
            if (kept.contains(ex)) {
                out.add(ex);
            }
        }
        return out;
    }

    /**
     * The number of utterances each class keeps: floor of its exact share, then one more for the classes with the
     * largest remainders until the total is {@code n}.
     */
    static Map<String, Integer> quotas(Map<String, List<MultimodalExample>> byClass, int n, int total) {
        Map<String, Integer> quotas = new TreeMap<>();
        List<String> byRemainder = new ArrayList<>(byClass.keySet());
        Map<String, Long> remainders = new TreeMap<>();
        int assigned = 0;
        for (Map.Entry<String, List<MultimodalExample>> e : byClass.entrySet()) {
            long exact = (long) n * e.getValue().size(); // share = exact / total
            quotas.put(e.getKey(), (int) (exact / total));
            remainders.put(e.getKey(), exact % total);
            assigned += (int) (exact / total);
        }
        byRemainder.sort(Comparator.comparingLong((String c) -> remainders.get(c)).reversed().thenComparing(Comparator.naturalOrder()));
        for (int i = 0; assigned < n; i++, assigned++) {
            String c = byRemainder.get(i);
            quotas.put(c, quotas.get(c) + 1);
        }
        return quotas;
    }

    /** A seeded 64-bit hash of an id (FNV-1a of its UTF-8 bytes, mixed with the seed by a SplitMix64 finaliser). */
    static long rank(String id, long seed) {
        long h = 0xcbf29ce484222325L;
        for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        long z = h ^ (seed * 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
