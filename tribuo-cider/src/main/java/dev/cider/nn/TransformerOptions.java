package dev.cider.nn;

/**
 * The options shared by the pre-LayerNorm transformer layers and stacks: those of {@link AttentionOptions} plus the
 * feed-forward width {@code f}, the residual dropout and the feed-forward dropout.
 * @param <B> The concrete builder type, returned by every setter for chaining.
 */
public abstract class TransformerOptions<B extends TransformerOptions<B>> extends AttentionOptions<B> {

    int feedForwardDim = 128;
    float residualDropout = 0.1f;
    float feedForwardDropout = 0.1f;

    /**
     * For subclasses.
     */
    protected TransformerOptions() {
    }

    /**
     * Sets the feed-forward inner width {@code f}. Default 128.
     * @param feedForwardDim The width.
     * @return This builder.
     */
    public B feedForwardDim(int feedForwardDim) {
        this.feedForwardDim = feedForwardDim;
        return self();
    }

    /**
     * Sets the dropout on each sub-layer output before the residual sum (of every layer). Default 0.1.
     * @param rate The rate.
     * @return This builder.
     */
    public B optResidualDropout(float rate) {
        this.residualDropout = rate;
        return self();
    }

    /**
     * Sets the dropout after the feed-forward ReLU (of every layer). Default 0.1.
     * @param rate The rate.
     * @return This builder.
     */
    public B optFeedForwardDropout(float rate) {
        this.feedForwardDropout = rate;
        return self();
    }

    /**
     * Copies {@code d}, {@code H}, {@code f} and the attention, residual and feed-forward dropouts from another
     * builder (a stack handing its options to each of its layers).
     * @param other The builder to copy from.
     * @return This builder.
     */
    B copyTransformerOptions(TransformerOptions<?> other) {
        hiddenDim = other.hiddenDim;
        heads = other.heads;
        attentionDropout = other.attentionDropout;
        feedForwardDim = other.feedForwardDim;
        residualDropout = other.residualDropout;
        feedForwardDropout = other.feedForwardDropout;
        return self();
    }

    /**
     * Throws unless {@code f} is positive and the residual and feed-forward dropout rates are in [0, 1).
     */
    void checkFeedForward() {
        if (feedForwardDim <= 0) {
            throw new IllegalArgumentException("The feed-forward dimension must be positive, found " + feedForwardDim);
        }
        checkRate("residual dropout", residualDropout);
        checkRate("feed-forward dropout", feedForwardDropout);
    }
}
