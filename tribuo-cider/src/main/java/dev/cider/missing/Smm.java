package dev.cider.missing;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import dev.cider.data.Modality;
import dev.cider.data.MultimodalExample;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * SMM, specific modality missing: a fixed set of modalities is kept and the others are entirely missing in
 * every utterance. The kept set is one of the six non-empty proper subsets of {L, A, V}; the rate and the
 * seed are ignored ({@link #usesRate()} is false), so there is no curve over rates, one value per subset
 * ({@link #allSubsets()}).
 */
public final class Smm extends AbstractMissingPattern {

    @Config(mandatory = true, description = "The modalities that are kept, as one or two letters of L (text), A (audio) and V (vision), e.g. LA; the others are missing.")
    private String kept;

    private Set<Modality> keptSet = EnumSet.noneOf(Modality.class);

    /**
     * For OLCUT.
     */
    private Smm() {
    }

    /**
     * Creates the pattern from letters.
     * @param kept The kept modalities, e.g. {@code "L"}, {@code "LA"}, {@code "AV"} (any order, any case;
     *             commas, plus signs and spaces between letters are ignored).
     * @throws PropertyException if the letters are not a non-empty proper subset of L, A, V.
     */
    public Smm(String kept) {
        this.kept = kept;
        postConfig();
    }

    /**
     * Creates the pattern from a set of modalities.
     * @param kept The kept modalities, a non-empty proper subset.
     * @throws PropertyException if the set is empty or has all three modalities.
     */
    public Smm(Set<Modality> kept) {
        this(letters(kept));
    }

    /**
     * Used by the OLCUT configuration system.
     */
    @Override
    public void postConfig() {
        if (kept == null || kept.isBlank()) {
            throw new PropertyException("", "kept", "kept must name one or two of the modalities L, A, V");
        }
        EnumSet<Modality> set = EnumSet.noneOf(Modality.class);
        for (char c : kept.trim().toCharArray()) {
            if (c == ',' || c == '+' || Character.isWhitespace(c)) {
                continue;
            }
            Modality m;
            try {
                m = Modality.parse(String.valueOf(c));
            } catch (IllegalArgumentException e) {
                throw new PropertyException(e, "", "kept", "kept='" + kept + "': '" + c + "' is not one of L (text), A (audio), V (vision)");
            }
            if (!set.add(m)) {
                throw new PropertyException("", "kept", "kept='" + kept + "' names " + m.letter() + " twice");
            }
        }
        if (set.size() == Modality.values().length) {
            throw new PropertyException("", "kept", "kept='" + kept + "' keeps every modality, so nothing is missing; use at most two of L, A, V");
        }
        if (set.isEmpty()) {
            throw new PropertyException("", "kept", "kept='" + kept + "' names no modality; use one or two of L, A, V");
        }
        this.keptSet = set;
        this.kept = letters(set);
    }

    private static String letters(Set<Modality> set) {
        StringBuilder sb = new StringBuilder();
        for (Modality m : Modality.values()) {
            if (set.contains(m)) {
                sb.append(m.letter());
            }
        }
        return sb.toString();
    }

    /**
     * The six patterns of the SMM table, in the paper's order: keep {L}, {A}, {V}, {L,A}, {L,V}, {A,V}.
     * @return The patterns.
     */
    public static List<Smm> allSubsets() {
        return List.of(new Smm("L"), new Smm("A"), new Smm("V"), new Smm("LA"), new Smm("LV"), new Smm("AV"));
    }

    /** @return The kept modalities. */
    public Set<Modality> keptModalities() {
        return Collections.unmodifiableSet(EnumSet.copyOf(keptSet));
    }

    /** @return The kept modalities as letters in L, A, V order, e.g. {@code LA}. */
    public String keptLetters() {
        return kept;
    }

    /**
     * The name, e.g. {@code SMM:LA} (the kept modalities).
     * @return The name.
     */
    @Override
    public String name() {
        return "SMM:" + kept;
    }

    @Override
    public boolean needsAlignedData() {
        return false;
    }

    @Override
    public boolean usesRate() {
        return false;
    }

    @Override
    protected KeepMask draw(MultimodalExample ex, UnitRates rates, SplittableRandom draws) {
        boolean[][] keep = new boolean[Modality.values().length][];
        for (Modality m : Modality.values()) {
            keep[m.ordinal()] = keptSet.contains(m) ? allKept(ex.steps(m)) : new boolean[ex.steps(m)];
        }
        return KeepMask.of(ex, keep[0], keep[1], keep[2]);
    }
}
