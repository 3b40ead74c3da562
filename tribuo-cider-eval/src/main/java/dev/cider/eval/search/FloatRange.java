package dev.cider.eval.search;

import com.oracle.labs.mlrg.olcut.config.Config;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A real-valued search dimension: uniform in [low, high], log-uniform with {@code logScale}, or on a grid of
 * {@code step} from {@code low} (the paper's dropouts and loss weights: 0 to 1 in steps of 0.1). Drawn values are
 * rounded to six significant digits so that they read back exactly from a configuration file.
 */
public final class FloatRange extends SearchDimension {

    @Config(mandatory = true, description = "Lowest value.")
    private double low;

    @Config(mandatory = true, description = "Highest value.")
    private double high;

    @Config(description = "Draw log-uniformly (low must be positive); for learning rates.")
    private boolean logScale = false;

    @Config(description = "Grid step from low (0, the default: continuous); not with logScale.")
    private double step = 0;

    private FloatRange() {
    }

    /**
     * Creates a range.
     * @param property The trainer property.
     * @param low The lowest value.
     * @param high The highest value.
     * @param logScale Whether to draw log-uniformly.
     * @param step The grid step, or 0 for a continuous range.
     */
    public FloatRange(String property, double low, double high, boolean logScale, double step) {
        super(property);
        this.low = low;
        this.high = high;
        this.logScale = logScale;
        this.step = step;
        postConfig();
    }

    @Override
    public void postConfig() {
        super.postConfig();
        if (!Double.isFinite(low) || !Double.isFinite(high) || low > high) {
            throw invalid("high", "needs finite low <= high, found [" + low + ", " + high + "]");
        }
        if (logScale && low <= 0) {
            throw invalid("low", "a log-scale range needs low > 0, found " + low);
        }
        if (!(step >= 0) || (step > 0 && logScale)) {
            throw invalid("step", "step must be 0 or positive and is not used with logScale, found " + step);
        }
    }

    @Override
    public String sample(SplittableRandom rng) {
        double v;
        if (step > 0) {
            long points = (long) Math.floor((high - low) / step + 1e-9) + 1;
            v = low + step * rng.nextLong(points);
        } else if (logScale) {
            v = Math.exp(Math.log(low) + rng.nextDouble() * (Math.log(high) - Math.log(low)));
        } else {
            v = low + rng.nextDouble() * (high - low);
        }
        return new BigDecimal(v).round(new MathContext(6)).stripTrailingZeros().toString();
    }

    @Override
    public String describe() {
        if (step > 0) {
            return String.format(Locale.ROOT, "%s to %s in steps of %s", plain(low), plain(high), plain(step));
        }
        return String.format(Locale.ROOT, "%s in [%s, %s]", logScale ? "log-uniform" : "uniform", plain(low), plain(high));
    }

    private static String plain(double v) {
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
