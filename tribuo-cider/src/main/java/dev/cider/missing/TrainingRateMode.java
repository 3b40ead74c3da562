package dev.cider.missing;

import java.util.Locale;

/**
 * How the missing rate of a training mask is drawn (a fresh mask each time an example is seen).
 */
public enum TrainingRateMode {
    /**
     * The paper: one rate {@code r ~ U(0,1)} per example, then the pattern's evaluation mask at that rate.
     * The dropped fraction varies strongly between examples (from nothing to almost everything) and is 0.5 on
     * average.
     */
    PER_EXAMPLE,
    /**
     * The public implementation: every independent masking unit of the pattern gets its own rate
     * {@code r ~ U(0,1)}. For RMFM and TMFM a unit is a position, so each position is dropped with
     * probability 0.5 and the dropped fraction concentrates around 0.5; for RMM and Traditional RMFM a unit is
     * a modality; STMFM has one unit per example (one block) and SMM ignores rates. See each pattern.
     */
    PER_POSITION;

    /**
     * Parses a mode, case-insensitively, accepting {@code per-example} and {@code per_example} forms.
     * @param text The text.
     * @return The mode.
     * @throws IllegalArgumentException naming the accepted values.
     */
    public static TrainingRateMode parse(String text) {
        String norm = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (TrainingRateMode mode : values()) {
            if (mode.name().equals(norm)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("Unknown training rate mode '" + text + "', expected per-example or per-position");
    }
}
