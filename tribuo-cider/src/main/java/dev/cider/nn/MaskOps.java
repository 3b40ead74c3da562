package dev.cider.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/**
 * Mask arithmetic shared by the attention blocks. Masks are float arrays of 1 (keep) and 0 (drop).
 */
final class MaskOps {

    /** The additive score of a masked position: large and finite, so a fully masked row cannot give NaN. */
    static final float LARGE_NEGATIVE = -1e9f;

    private MaskOps() {
    }

    /**
     * The additive score bias of a keep-mask: 0 where kept, {@link #LARGE_NEGATIVE} where dropped.
     * @param keep A 1/0 float mask of any shape.
     * @return The bias, same shape.
     */
    static NDArray scoreBias(NDArray keep) {
        return keep.sub(1f).mul(-LARGE_NEGATIVE);
    }

    /**
     * Softmax over the last axis with a keep-mask on that axis (broadcast against the scores).
     * @param scores The scores.
     * @param keep A 1/0 mask broadcastable to the scores.
     * @return The weights; exactly zero on dropped positions unless a whole row is dropped (then uniform).
     */
    static NDArray maskedSoftmax(NDArray scores, NDArray keep) {
        return scores.add(scoreBias(keep)).softmax(-1);
    }

    /**
     * A 1/0 float vector of the given length with ones on {@code [from, to)}.
     * @param manager The manager of the result.
     * @param length The length.
     * @param from The first index with a one.
     * @param to One past the last index with a one.
     * @return The vector, shape (length).
     */
    static NDArray range(NDManager manager, int length, int from, int to) {
        float[] values = new float[length];
        for (int i = from; i < to; i++) {
            values[i] = 1f;
        }
        return OwnedArrays.create(manager, values);
    }

    /**
     * Converts any numeric or boolean array into a float 1/0 array.
     * @param array The array.
     * @return The float array.
     */
    static NDArray toFloat(NDArray array) {
        return array.getDataType() == DataType.FLOAT32 ? array : array.toType(DataType.FLOAT32, false);
    }
}
