package dev.cider.eval.search;

import com.oracle.labs.mlrg.olcut.config.Config;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * An integer search dimension: uniform over low, low + step, ..., up to high (e.g. MCT layers 1 to 4).
 */
public final class IntRange extends SearchDimension {

    @Config(mandatory = true, description = "Lowest value.")
    private int low;

    @Config(mandatory = true, description = "Highest value (reached when high - low is a multiple of step).")
    private int high;

    @Config(description = "Step between values (at least 1).")
    private int step = 1;

    private IntRange() {
    }

    /**
     * Creates a range.
     * @param property The trainer property.
     * @param low The lowest value.
     * @param high The highest value.
     * @param step The step.
     */
    public IntRange(String property, int low, int high, int step) {
        super(property);
        this.low = low;
        this.high = high;
        this.step = step;
        postConfig();
    }

    @Override
    public void postConfig() {
        super.postConfig();
        if (low > high) {
            throw invalid("high", "needs low <= high, found [" + low + ", " + high + "]");
        }
        if (step < 1) {
            throw invalid("step", "step must be at least 1, found " + step);
        }
    }

    @Override
    public String sample(SplittableRandom rng) {
        int points = (high - low) / step + 1;
        return Integer.toString(low + step * rng.nextInt(points));
    }

    @Override
    public String describe() {
        return step == 1 ? String.format(Locale.ROOT, "integers %d to %d", low, high)
                : String.format(Locale.ROOT, "integers %d to %d in steps of %d", low, high, step);
    }
}
