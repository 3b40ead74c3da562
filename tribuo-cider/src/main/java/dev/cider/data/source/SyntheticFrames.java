package dev.cider.data.source;

import dev.cider.data.FeatureSequence;
import dev.cider.data.SentimentTask;

import java.util.SplittableRandom;

/**
 * Generates one modality's frames for a synthetic utterance: a label signal, temporal structure and noise.
 * <p>
 * Frame {@code t} (for {@code t < length}) is
 * <pre>
 *   x_t = signal * (y / 3) * envelope(t) * w  +  structure_t  +  noise * e_t
 * </pre>
 * where {@code y} is the sentiment score, {@code w} a fixed unit "sentiment direction" of the modality,
 * {@code envelope} a smooth bump over a randomly placed window of the utterance (so the evidence is local in time
 * and attention has something to find), {@code structure_t} a per-utterance AR(1) process in every dimension
 * (speaker and recording variation that carries no label information) and {@code e_t} white Gaussian noise.
 * The direction and the per-dimension offsets depend only on {@code directionSeed}, so every split of a corpus
 * shares them; everything else is drawn from the caller's random stream. Padding frames are zero.
 */
public final class SyntheticFrames {

    private final int steps;
    private final int dim;
    private final double signal;
    private final double noise;
    private final double[] direction;
    private final double[] offset;

    /**
     * Creates a generator for one modality.
     * @param steps The padded number of steps.
     * @param dim The feature dimension.
     * @param signal The amplitude of the label signal (0 for none).
     * @param noise The standard deviation of the white noise.
     * @param directionSeed The seed of the corpus-wide sentiment direction and offsets.
     */
    public SyntheticFrames(int steps, int dim, double signal, double noise, long directionSeed) {
        if (steps <= 0 || dim <= 0) {
            throw new IllegalArgumentException("steps and dim must be positive, found " + steps + " x " + dim);
        }
        if (!(signal >= 0) || !(noise >= 0) || Double.isInfinite(signal) || Double.isInfinite(noise)) {
            throw new IllegalArgumentException("signal and noise must be finite and non-negative, found " + signal + ", " + noise);
        }
        this.steps = steps;
        this.dim = dim;
        this.signal = signal;
        this.noise = noise;
        SplittableRandom rng = new SplittableRandom(directionSeed);
        this.direction = new double[dim];
        double norm = 0;
        for (int d = 0; d < dim; d++) {
            direction[d] = gaussian(rng);
            norm += direction[d] * direction[d];
        }
        norm = Math.sqrt(norm);
        for (int d = 0; d < dim; d++) {
            direction[d] /= norm;
        }
        this.offset = new double[dim];
        for (int d = 0; d < dim; d++) {
            offset[d] = 0.5 * gaussian(rng);
        }
    }

    /** @return The padded number of steps. */
    public int steps() {
        return steps;
    }

    /** @return The feature dimension. */
    public int dim() {
        return dim;
    }

    /**
     * Generates the frames of one utterance.
     * @param score The sentiment score in [-3, 3].
     * @param length The valid length, in [1, steps].
     * @param rng The random stream of this utterance.
     * @return The frames, zero-padded to {@code steps}.
     */
    public FeatureSequence generate(double score, int length, SplittableRandom rng) {
        SentimentTask.checkScore(score);
        if (length < 1 || length > steps) {
            throw new IllegalArgumentException("length " + length + " outside [1, " + steps + "]");
        }
        float[] values = new float[steps * dim];
        double centre = rng.nextDouble() * length;
        double width = Math.max(1.0, length * (0.15 + 0.35 * rng.nextDouble()));
        double[] state = new double[dim];
        for (int d = 0; d < dim; d++) {
            state[d] = offset[d] + 0.3 * gaussian(rng);
        }
        double amplitude = signal * score / SentimentTask.MAX_SCORE;
        for (int t = 0; t < length; t++) {
            double z = (t - centre) / width;
            double envelope = Math.exp(-0.5 * z * z);
            for (int d = 0; d < dim; d++) {
                state[d] = offset[d] + 0.9 * (state[d] - offset[d]) + 0.2 * gaussian(rng);
                double v = amplitude * envelope * direction[d] * Math.sqrt(dim) + state[d] + noise * gaussian(rng);
                values[t * dim + d] = (float) v;
            }
        }
        return FeatureSequence.wrap(values, steps, dim, length);
    }

    private static double gaussian(SplittableRandom rng) {
        // Box-Muller; SplittableRandom has no nextGaussian on Java 17.
        double u1 = rng.nextDouble();
        double u2 = rng.nextDouble();
        return Math.sqrt(-2.0 * Math.log(1.0 - u1)) * Math.cos(2.0 * Math.PI * u2);
    }
}
