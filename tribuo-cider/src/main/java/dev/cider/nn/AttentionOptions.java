package dev.cider.nn;

/**
 * The options every multi-head attention builder shares: the hidden size {@code d}, the number of heads {@code H}
 * and the dropout on the attention weights. Subclasses add their own options and a {@code build()} method.
 * @param <B> The concrete builder type, returned by every setter for chaining.
 */
public abstract class AttentionOptions<B extends AttentionOptions<B>> {

    int hiddenDim = 32;
    int heads = 8;
    float attentionDropout = 0f;

    /**
     * For subclasses.
     */
    protected AttentionOptions() {
    }

    /**
     * This builder as its concrete type.
     * @return This builder.
     */
    protected abstract B self();

    /**
     * Sets the hidden size {@code d}. Default 32.
     * @param hiddenDim The size.
     * @return This builder.
     */
    public B hiddenDim(int hiddenDim) {
        this.hiddenDim = hiddenDim;
        return self();
    }

    /**
     * Sets the number of attention heads {@code H}; must divide {@code d}. Default 8.
     * @param heads The number of heads.
     * @return This builder.
     */
    public B heads(int heads) {
        this.heads = heads;
        return self();
    }

    /**
     * Sets the dropout on the attention weights (for the MCA, on the tri-modal view's weights). Default 0.
     * @param rate The rate in [0, 1).
     * @return This builder.
     */
    public B optAttentionDropout(float rate) {
        this.attentionDropout = rate;
        return self();
    }

    /**
     * Throws unless {@code d} and {@code H} are positive and {@code H} divides {@code d}.
     * @param subject The block named in the error, e.g. "Self-attention".
     */
    void checkHeads(String subject) {
        if (hiddenDim <= 0 || heads <= 0 || hiddenDim % heads != 0) {
            throw new IllegalArgumentException(subject + " needs a positive hidden dimension divisible by a positive"
                    + " number of heads, found d=" + hiddenDim + ", heads=" + heads);
        }
    }

    /**
     * Throws unless a dropout rate is in [0, 1).
     * @param name The option named in the error.
     * @param rate The rate.
     */
    static void checkRate(String name, float rate) {
        if (!(rate >= 0f && rate < 1f)) {
            throw new IllegalArgumentException("The " + name + " rate must be in [0, 1), found " + rate);
        }
    }
}
