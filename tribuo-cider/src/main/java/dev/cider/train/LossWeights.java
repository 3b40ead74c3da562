package dev.cider.train;

/**
 * The weights of the incomplete-view loss terms (cider-spec section 5), and whether the incomplete view is trained
 * at all (switching it off is the "without MSSD" ablation; a zero weight removes one distillation term).
 *
 * @param incompleteView Whether to run the second (incomplete-view) step.
 * @param reconstruction alpha, the weight of the reconstruction loss.
 * @param attention      beta, the weight of the attention distillation.
 * @param joint          gamma, the weight of the joint-representation distillation.
 */
public record LossWeights(boolean incompleteView, double reconstruction, double attention, double joint) {

    /**
     * Validates the weights.
     */
    public LossWeights {
        check("reconstruction", reconstruction);
        check("attention", attention);
        check("joint", joint);
    }

    private static void check(String name, double w) {
        if (!(w >= 0) || Double.isInfinite(w)) {
            throw new IllegalArgumentException("The " + name + " loss weight must be finite and non-negative, found " + w);
        }
    }
}
