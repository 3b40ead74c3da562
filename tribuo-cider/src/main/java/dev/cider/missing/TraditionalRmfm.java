package dev.cider.missing;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import dev.cider.data.Modality;
import dev.cider.data.MultimodalExample;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Traditional RMFM: each modality is masked on its own, with its own rate, and loses exactly
 * {@code round(r_m * n_m)} of its {@code n_m} droppable positions (rounding half up).
 * <p>
 * The difference from {@link Rmfm}: RMFM drops every position of the concatenation independently, so the
 * fraction a modality loses fluctuates around {@code r} (binomially, strongly for short modalities) and a
 * whole modality can vanish by chance; here every modality loses exactly its share, and the rates can differ
 * between modalities. By default all three rates follow the rate of the sweep (or of the trainer); a
 * configured rate in [0, 1] fixes that modality's rate.
 * <p>
 * The dropped positions are the first {@code round(r_m * n_m)} of a permutation of the modality's droppable
 * positions drawn from (seed, utterance id), so masks are nested across rates. In
 * {@link TrainingRateMode#PER_POSITION} training each modality that follows the trainer gets its own rate.
 */
public final class TraditionalRmfm extends AbstractMissingPattern {

    /** The value of a per-modality rate meaning "use the sweep or training rate". */
    public static final double FOLLOW = -1.0;

    @Config(description = "Missing rate of the text, in [0, 1]; a negative value (the default) uses the rate of the sweep or of the trainer.")
    private double textRate = FOLLOW;

    @Config(description = "Missing rate of the audio, in [0, 1]; a negative value (the default) uses the rate of the sweep or of the trainer.")
    private double audioRate = FOLLOW;

    @Config(description = "Missing rate of the vision, in [0, 1]; a negative value (the default) uses the rate of the sweep or of the trainer.")
    private double visionRate = FOLLOW;

    /**
     * Creates the pattern with every modality following the sweep or training rate.
     */
    public TraditionalRmfm() {
    }

    /**
     * Creates the pattern with fixed rates for some modalities.
     * @param textRate The text rate in [0, 1], or {@link #FOLLOW}.
     * @param audioRate The audio rate in [0, 1], or {@link #FOLLOW}.
     * @param visionRate The vision rate in [0, 1], or {@link #FOLLOW}.
     * @throws PropertyException if a rate is above 1 or NaN.
     */
    public TraditionalRmfm(double textRate, double audioRate, double visionRate) {
        this.textRate = textRate;
        this.audioRate = audioRate;
        this.visionRate = visionRate;
        postConfig();
    }

    /**
     * Used by the OLCUT configuration system.
     */
    @Override
    public void postConfig() {
        checkFixedRate("textRate", textRate);
        checkFixedRate("audioRate", audioRate);
        checkFixedRate("visionRate", visionRate);
    }

    private static void checkFixedRate(String field, double value) {
        if (Double.isNaN(value) || value > 1.0) {
            throw new PropertyException("", field, field + " must be in [0, 1] or negative (follow the sweep rate), found " + value);
        }
    }

    /**
     * The configured rate of a modality.
     * @param m The modality.
     * @return The fixed rate in [0, 1], or a negative value if the modality follows the sweep or training rate.
     */
    public double fixedRate(Modality m) {
        switch (m) {
            case TEXT: return textRate;
            case AUDIO: return audioRate;
            case VISION: return visionRate;
            default: throw new IllegalStateException("Unknown modality " + m);
        }
    }

    /**
     * The name, {@code Traditional-RMFM}, followed by the fixed rates if any, e.g.
     * {@code Traditional-RMFM:L=0.2,V=0.7} ({@link MissingPatterns#parse} accepts both forms).
     * @return The name.
     */
    @Override
    public String name() {
        List<String> fixed = new ArrayList<>();
        for (Modality m : Modality.values()) {
            if (fixedRate(m) >= 0) {
                fixed.add(m.letter() + "=" + Double.toString(fixedRate(m)));
            }
        }
        return fixed.isEmpty() ? "Traditional-RMFM" : "Traditional-RMFM:" + String.join(",", fixed);
    }

    @Override
    public boolean needsAlignedData() {
        return false;
    }

    /**
     * The number of positions dropped out of {@code n} droppable ones at a rate.
     * @param rate The rate.
     * @param n The number of droppable positions.
     * @return {@code round(rate * n)}, rounding half up.
     */
    public static int droppedCount(double rate, int n) {
        return (int) Math.round(rate * n);
    }

    @Override
    protected KeepMask draw(MultimodalExample ex, UnitRates rates, SplittableRandom draws) {
        boolean[][] keep = new boolean[Modality.values().length][];
        for (Modality m : Modality.values()) {
            boolean[] canDrop = KeepMask.droppableFlags(ex, m);
            int n = 0;
            for (boolean b : canDrop) {
                n += b ? 1 : 0;
            }
            int[] positions = new int[n];
            int k = 0;
            for (int t = 0; t < canDrop.length; t++) {
                if (canDrop[t]) {
                    positions[k++] = t;
                }
            }
            // Fisher-Yates shuffle: the permutation depends on the draws only, never on the rate.
            for (int i = n - 1; i > 0; i--) {
                int j = draws.nextInt(i + 1);
                int tmp = positions[i];
                positions[i] = positions[j];
                positions[j] = tmp;
            }
            double rate = fixedRate(m) >= 0 ? fixedRate(m) : rates.next();
            boolean[] flags = allKept(canDrop.length);
            int drop = droppedCount(rate, n);
            for (int i = 0; i < drop; i++) {
                flags[positions[i]] = false;
            }
            keep[m.ordinal()] = flags;
        }
        return KeepMask.of(ex, keep[0], keep[1], keep[2]);
    }
}
