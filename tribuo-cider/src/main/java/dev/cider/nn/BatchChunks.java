package dev.cider.nn;

/**
 * Splitting a batch into chunks of a fixed number of utterances, for computations whose temporaries are as large as
 * the batch's score matrices: they run chunk by chunk through {@code NDArray.split(boundaries, 0)} (a split, whose
 * backward pass joins the chunk gradients once, rather than slices, each of which would zero-fill a gradient of the
 * whole array).
 */
public final class BatchChunks {

    private BatchChunks() {
    }

    /**
     * The split points of a batch into chunks of {@code chunk} utterances; the last chunk may be smaller.
     * @param batch The batch size.
     * @param chunk The utterances per chunk (at least 1).
     * @return The indices where chunks start, after the first: {@code chunk, 2 chunk, ...} below {@code batch}.
     */
    public static long[] boundaries(long batch, int chunk) {
        if (batch < 0 || chunk < 1) {
            throw new IllegalArgumentException("Cannot chunk a batch of " + batch + " into chunks of " + chunk);
        }
        long[] boundaries = new long[(int) ((batch - 1) / chunk)];
        for (int c = 0; c < boundaries.length; c++) {
            boundaries[c] = (c + 1L) * chunk;
        }
        return boundaries;
    }
}
