package dev.cider.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.nio.FloatBuffer;
import java.util.SplittableRandom;

/**
 * Inverted dropout whose keep mask is drawn on the host: in training, each element is kept with probability
 * {@code 1 - rate} and scaled by {@code 1 / (1 - rate)}, else zeroed; in test mode, and at rate 0, the input passes
 * through unchanged.
 * <p>
 * PyTorch's own dropout draws its mask with {@code bernoulli_}, which on CPUs other than Intel's runs one 64-bit draw
 * per element on one thread: on the benchmark's AMD EPYC it was about a tenth of a training step (BENCHMARKS.md,
 * issue 18). This block draws a 64-bit seed from PyTorch's generator (so {@code Engine.setRandomSeed} still makes
 * training repeatable), then four mask elements from each 64-bit output of a {@link SplittableRandom} with that seed,
 * and multiplies the input by the mask: about a third of the time. Each element compares 16 random bits against
 * {@code round(rate * 65536)} (at most 65535), so the rate is the nearest multiple of {@code 1 / 65536} (0.2 becomes 0.199997), and the
 * scale is the inverse of that effective keep probability, so the expectation of the output is exactly the input.
 * <p>
 * The parameter file holds what {@code ai.djl.nn.norm.Dropout} writes (its version, 2, and the input shapes), so
 * networks saved with either block load into the other.
 * <p>
 * Input: one array of any shape; output: the same shape.
 */
public final class HostMaskDropout extends AbstractBlock {

    /** The version of {@code ai.djl.nn.norm.Dropout}'s parameter file, kept for compatibility. */
    private static final byte VERSION = 2;
    private static final int RESOLUTION_BITS = 16;
    private static final int LEVELS = 1 << RESOLUTION_BITS;

    private final float rate;
    private final int dropThreshold;
    private final float keepScale;

    private HostMaskDropout(Builder builder) {
        super(VERSION);
        this.rate = builder.rate;
        this.dropThreshold = Math.min(Math.round(builder.rate * LEVELS), LEVELS - 1);
        this.keepScale = dropThreshold == 0 ? 1f : (float) LEVELS / (LEVELS - dropThreshold);
    }

    /**
     * A new builder.
     * @return The builder.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** @return The dropout rate as configured. */
    public float getRate() {
        return rate;
    }

    /** @return The rate applied: the nearest multiple of {@code 1 / 65536} to the configured rate. */
    public float effectiveRate() {
        return (float) dropThreshold / LEVELS;
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        if (!training || dropThreshold == 0) {
            return new NDList(x);
        }
        NDManager manager = x.getManager();
        long seed = manager.randomInteger(Long.MIN_VALUE, Long.MAX_VALUE, new Shape(1), DataType.INT64).getLong();
        NDArray mask = OwnedArrays.create(manager, x.getShape(), buffer -> fill(buffer, seed));
        if (mask.getDevice() != x.getDevice()) {
            mask = mask.toDevice(x.getDevice(), false);
        }
        if (x.getDataType() != DataType.FLOAT32) {
            mask = mask.toType(x.getDataType(), false);
        }
        return new NDList(x.mul(mask));
    }

    // The mask: keepScale where 16 random bits reach dropThreshold, else 0; four elements per 64-bit draw.
    private void fill(FloatBuffer buffer, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int n = buffer.remaining();
        int i = 0;
        while (i < n) {
            long bits = random.nextLong();
            for (int k = 0; k < 64 / RESOLUTION_BITS && i < n; k++, i++) {
                int level = (int) (bits >>> (k * RESOLUTION_BITS)) & (LEVELS - 1);
                buffer.put(i, level >= dropThreshold ? keepScale : 0f);
            }
        }
        buffer.position(n);
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[]{inputShapes[0]};
    }

    /**
     * Builds a {@link HostMaskDropout}.
     */
    public static final class Builder {
        private float rate = 0.5f;

        private Builder() {
        }

        /**
         * Sets the probability of dropping an element. Default 0.5.
         * @param rate The rate in [0, 1).
         * @return This builder.
         */
        public Builder optRate(float rate) {
            this.rate = rate;
            return this;
        }

        /**
         * Builds the block.
         * @return The block.
         */
        public HostMaskDropout build() {
            if (!(rate >= 0f && rate < 1f)) {
                throw new IllegalArgumentException("The dropout rate must be in [0, 1), found " + rate);
            }
            return new HostMaskDropout(this);
        }
    }
}
