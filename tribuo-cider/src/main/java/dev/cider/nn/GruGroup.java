package dev.cider.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.recurrent.GRU;
import ai.djl.training.ParameterStore;

import java.util.List;

/**
 * Runs several one-layer, unidirectional, batch-first {@link GRU}s with biases over sequences of the same batch and
 * length as one GRU whose weights are block-diagonal in theirs: the result is each GRU's own output (no hidden unit
 * sees another GRU's inputs or state), and the gradients reach each GRU's own parameters. A GRU steps through time
 * one small operation after another, so one group costs about a third of three separate GRUs for small batches (a
 * single utterance's prediction spends most of its time there).
 * <p>
 * The gate order is PyTorch's (reset, update, new), as in DJL's {@link GRU} parameters
 * {@code l_0_i2h_WEIGHT (3h x in)}, {@code l_0_h2h_WEIGHT (3h x h)}, {@code l_0_i2h_BIAS (3h)},
 * {@code l_0_h2h_BIAS (3h)}.
 */
final class GruGroup {

    private static final int GATES = 3;

    private GruGroup() {
    }

    /**
     * Runs the GRUs.
     * @param ps The parameter store.
     * @param training Whether this is a training pass.
     * @param grus The GRUs (initialised; one layer, unidirectional, batch first, with biases).
     * @param inputs One input {@code (B, T, in_m)} per GRU, all with the same B and T.
     * @return One output {@code (B, T, h_m)} per GRU.
     */
    static NDList forward(ParameterStore ps, boolean training, List<GRU> grus, List<NDArray> inputs) {
        int n = grus.size();
        if (inputs.size() != n || n == 0) {
            throw new IllegalArgumentException("Expected one input per GRU, found " + inputs.size() + " for " + n + " GRUs");
        }
        NDArray first = inputs.get(0);
        NDManager manager = first.getManager();
        Device device = first.getDevice();
        long[] in = new long[n];
        long[] hidden = new long[n];
        NDArray[][] params = new NDArray[n][];
        for (int m = 0; m < n; m++) {
            Shape s = inputs.get(m).getShape();
            if (s.dimension() != 3 || s.get(0) != first.getShape().get(0) || s.get(1) != first.getShape().get(1)) {
                throw new IllegalArgumentException("GRU inputs must share batch and length, found " + first.getShape() + " and " + s);
            }
            in[m] = s.get(2);
            List<Parameter> p = grus.get(m).getDirectParameters().values();
            if (p.size() != 4) {
                throw new IllegalArgumentException("GruGroup needs one-layer unidirectional GRUs with biases, found " + p.size() + " parameters");
            }
            params[m] = new NDArray[4];
            for (int i = 0; i < 4; i++) {
                params[m][i] = ps.getValue(p.get(i), device, training);
            }
            hidden[m] = params[m][1].getShape().get(1);
        }
        long totalIn = sum(in);
        long totalHidden = sum(hidden);
        NDList gruParams = new NDList(blockDiagonal(params, 0, hidden, in, totalIn),
                blockDiagonal(params, 1, hidden, hidden, totalHidden),
                stackedBias(params, 2, hidden), stackedBias(params, 3, hidden));
        NDArray x = n == 1 ? first : NDArrays.concat(new NDList(inputs.toArray(new NDArray[0])), 2);   // (B, T, sum in)
        NDArray state = manager.zeros(new Shape(1, first.getShape().get(0), totalHidden));
        NDList out = x.getNDArrayInternal().gru(x, state, gruParams, true, 1, 0.0, training, false, true);
        NDArray y = out.get(0);                                                                // (B, T, sum h)
        for (int i = 1; i < out.size(); i++) {
            out.get(i).close();
        }
        if (n == 1) {
            return new NDList(y);
        }
        long[] boundaries = new long[n - 1];
        long acc = 0;
        for (int m = 0; m < n - 1; m++) {
            acc += hidden[m];
            boundaries[m] = acc;
        }
        return y.split(boundaries, 2);
    }

    // The (3 sum h) x (sum cols) weight whose gate g, row block m is GRU m's gate g weight in column block m: each
    // GRU's weight, viewed per gate (3, h_m, cols_m), is padded with zero columns to (3, h_m, sum cols), and the padded
    // weights are concatenated per gate (a few operations, whatever the number of GRUs).
    private static NDArray blockDiagonal(NDArray[][] params, int index, long[] hidden, long[] cols, long totalCols) {
        int n = params.length;
        NDList blocks = new NDList(n);
        long left = 0;
        for (int m = 0; m < n; m++) {
            NDArray w = params[m][index].reshape(GATES, hidden[m], cols[m]);                      // (3, h_m, cols_m)
            long right = totalCols - left - cols[m];
            blocks.add(left == 0 && right == 0 ? w : w.pad(new Shape(left, right), 0));             // (3, h_m, sum cols)
            left += cols[m];
        }
        NDArray perGate = blocks.size() == 1 ? blocks.head() : NDArrays.concat(blocks, 1);         // (3, sum h, sum cols)
        return perGate.reshape(GATES * sum(hidden), totalCols);
    }

    // The 3 sum h bias: gate g holds each GRU's gate g bias in turn.
    private static NDArray stackedBias(NDArray[][] params, int index, long[] hidden) {
        int n = params.length;
        NDList parts = new NDList(n);
        for (int m = 0; m < n; m++) {
            parts.add(params[m][index].reshape(GATES, hidden[m]));                                  // (3, h_m)
        }
        NDArray perGate = parts.size() == 1 ? parts.head() : NDArrays.concat(parts, 1);            // (3, sum h)
        return perGate.reshape(GATES * sum(hidden));
    }

    private static long sum(long[] values) {
        long s = 0;
        for (long v : values) {
            s += v;
        }
        return s;
    }
}
