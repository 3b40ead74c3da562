package dev.cider.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.cider.nn.BatchChunks;
import dev.cider.nn.OwnedArrays;

/**
 * The loss terms of CIDer's two-stage optimisation (cider-spec section 5), on DJL arrays.
 */
public final class CiderLosses {

    /** Utterances per chunk of the attention distillation term. */
    private static final int KL_CHUNK = 16;

    private CiderLosses() {
    }

    /**
     * Negative log-likelihood of the true classes, averaged over the batch.
     * @param logProbabilities {@code (B, K)} log P(y | x).
     * @param labels {@code (B)} int class indices.
     * @return A scalar.
     */
    public static NDArray nll(NDArray logProbabilities, NDArray labels) {
        NDArray index = labels.toType(DataType.INT64, false).reshape(-1, 1);
        return logProbabilities.gather(index, 1).mean().neg();
    }

    /**
     * Smooth-L1 (Huber with threshold 1) reconstruction error averaged over the dropped valid positions only:
     * {@code sum over dropped positions and dimensions / (count * dim)}; zero when nothing was dropped.
     * @param reconstruction {@code (B, T, D)}.
     * @param target {@code (B, T, D)} the complete input (not differentiated).
     * @param dropped {@code (B, T)} 1 where a valid position was dropped, else 0.
     * @return A scalar.
     */
    public static NDArray maskedSmoothL1(NDArray reconstruction, NDArray target, NDArray dropped) {
        long dim = reconstruction.getShape().get(2);
        NDArray weighted = huber(reconstruction, target).mul(dropped.expandDims(2));
        NDArray count = dropped.sum().mul((float) dim);
        return weighted.sum().div(count.maximum(1f));
    }

    /**
     * {@link #maskedSmoothL1(NDArray, NDArray, NDArray)} divided by a given count of dropped positions instead of the
     * batch's own: a micro-batch's share of a whole batch's error.
     * @param reconstruction {@code (b, T, D)}.
     * @param target {@code (b, T, D)} the complete input (not differentiated).
     * @param dropped {@code (b, T)} 1 where a valid position was dropped, else 0.
     * @param droppedTotal The dropped positions of the whole batch (0 counts as 1).
     * @return A scalar.
     */
    public static NDArray maskedSmoothL1(NDArray reconstruction, NDArray target, NDArray dropped, float droppedTotal) {
        long dim = reconstruction.getShape().get(2);
        return OwnedArrays.div(huber(reconstruction, target).mul(dropped.expandDims(2)).sum(), Math.max(1f, droppedTotal) * dim);
    }

    // Element-wise smooth-L1 (Huber, threshold 1) of reconstruction - target, the target not differentiated.
    private static NDArray huber(NDArray reconstruction, NDArray target) {
        NDArray diff = reconstruction.sub(target.stopGradient()).abs();
        NDArray quadratic = diff.lt(1f);
        return NDArrays.where(quadratic, OwnedArrays.mul(diff.square(), 0.5f), diff.sub(0.5f));
    }

    /**
     * Attention distillation: KL(P || Q) with P the softmax of the complete view's scores (detached) and Q the
     * softmax of the incomplete view's scores, over the last axis, summed and divided by {@code B * H}.
     * <p>
     * The scores are as large as anything in a training step ({@code B x H x 3T x 3T}, 92 MB for a MOSI batch of
     * 128), so the term is computed in batch chunks, and its gradient is given to autograd in closed form: per row,
     * the derivative of {@code KL(P || softmax(s))} with respect to the scores {@code s} is {@code Q - P}. The result's
     * value is the KL divergence and its gradient the KL divergence's, but autograd keeps one score-sized array
     * ({@code Q - P}) instead of the log-softmax, the teacher's probabilities and their product.
     * @param completeScores {@code (B, H, N, N)} raw scores of the complete view.
     * @param incompleteScores {@code (B, H, N, N)} raw scores of the incomplete view.
     * @return A scalar.
     */
    public static NDArray attentionKl(NDArray completeScores, NDArray incompleteScores) {
        Shape shape = incompleteScores.getShape();
        if (!shape.equals(completeScores.getShape()) || shape.dimension() != 4) {
            throw new IllegalArgumentException("Attention distillation needs two score arrays of one shape (B, H, N, N), found "
                    + completeScores.getShape() + " and " + shape);
        }
        long b = shape.get(0);
        long h = shape.get(1);
        long[] boundaries = BatchChunks.boundaries(b, KL_CHUNK);
        NDList teacher = completeScores.stopGradient().split(boundaries, 0);
        NDList student = incompleteScores.split(boundaries, 0);
        NDArray divergence = null;
        NDArray surrogate = null;
        for (int c = 0; c < student.size(); c++) {
            NDArray part = student.get(c);
            NDArray value;
            NDArray gradient;
            try (NDScope scope = new NDScope()) {
                NDArray logP = teacher.get(c).logSoftmax(-1);
                NDArray logQ = part.stopGradient().logSoftmax(-1);
                NDArray p = logP.exp();
                value = p.mul(logP.sub(logQ)).sum();
                gradient = logQ.exp().sub(p);                                              // Q - P, (b, H, N, N)
                NDScope.unregister(value, gradient);
            }
            NDArray term = gradient.mul(part).sum();                                        // d term / d part = Q - P
            divergence = divergence == null ? value : divergence.add(value);
            surrogate = surrogate == null ? term : surrogate.add(term);
        }
        teacher.close();
        // surrogate - surrogate is exactly 0, so the value is the divergence; the gradient is the surrogate's
        NDArray loss = divergence.add(surrogate.sub(surrogate.stopGradient()));
        return OwnedArrays.div(loss, (float) (b * h));
    }

    /**
     * Joint-representation distillation: {@code 1 - mean cosine similarity(incomplete, complete detached)}.
     * @param incompleteJoint {@code (B, J)}.
     * @param completeJoint {@code (B, J)}.
     * @return A scalar.
     */
    public static NDArray jointCosine(NDArray incompleteJoint, NDArray completeJoint) {
        NDArray target = completeJoint.stopGradient();
        NDArray dot = incompleteJoint.mul(target).sum(new int[] {1});
        NDArray norms = OwnedArrays.maximum(incompleteJoint.norm(new int[] {1}).mul(target.norm(new int[] {1})), 1e-8f);
        return dot.div(norms).mean().neg().add(1f);
    }
}
