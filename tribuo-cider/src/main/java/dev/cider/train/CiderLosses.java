package dev.cider.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.types.DataType;
import dev.cider.nn.OwnedArrays;

/**
 * The loss terms of CIDer's two-stage optimisation (cider-spec section 5), on DJL arrays.
 */
public final class CiderLosses {

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
        NDArray diff = reconstruction.sub(target.stopGradient()).abs();
        NDArray quadratic = diff.lt(1f);
        NDArray huber = NDArrays.where(quadratic, OwnedArrays.mul(diff.square(), 0.5f), diff.sub(0.5f));
        NDArray weighted = huber.mul(dropped.expandDims(2));
        NDArray count = dropped.sum().mul((float) dim);
        return weighted.sum().div(count.maximum(1f));
    }

    /**
     * Attention distillation: KL(P || Q) with P the softmax of the complete view's scores (detached) and Q the
     * softmax of the incomplete view's scores, over the last axis, summed and divided by {@code B * H}.
     * @param completeScores {@code (B, H, N, N)} raw scores of the complete view.
     * @param incompleteScores {@code (B, H, N, N)} raw scores of the incomplete view.
     * @return A scalar.
     */
    public static NDArray attentionKl(NDArray completeScores, NDArray incompleteScores) {
        long b = completeScores.getShape().get(0);
        long h = completeScores.getShape().get(1);
        // The score-sized temporaries are closed as soon as they are used (autograd keeps the ones its backward
        // pass needs), which lowers the peak memory of a training step by several score matrices.
        NDArray detached = completeScores.stopGradient();
        NDArray logP = detached.logSoftmax(-1);
        detached.close();
        NDArray p = logP.exp();
        NDArray logQ = incompleteScores.logSoftmax(-1);
        NDArray difference = logP.sub(logQ);
        logP.close();
        logQ.close();
        NDArray weighted = p.mul(difference);
        p.close();
        difference.close();
        NDArray sum = weighted.sum();
        weighted.close();
        return OwnedArrays.div(sum, (float) (b * h));
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
