package dev.cider.train;

import ai.djl.nn.Block;
import ai.djl.util.Pair;
import dev.cider.nn.bert.BertEncoderBlock;

import java.util.Optional;

/**
 * The {@link CheckpointableAdam} parameter groups of a fine-tuned BERT encoder inside a larger network: one learning
 * rate for all its parameters and decoupled weight decay on all but its biases and LayerNorm parameters
 * (cider-spec section 5: lr 5e-5, weight decay 1e-3).
 */
public final class EncoderParameterGroups {

    /** The paper's learning rate of a fine-tuned BERT. */
    public static final float DEFAULT_LEARNING_RATE = 5e-5f;
    /** The paper's weight decay of a fine-tuned BERT (not on biases and LayerNorm). */
    public static final float DEFAULT_WEIGHT_DECAY = 1e-3f;

    private EncoderParameterGroups() {
    }

    /**
     * The groups of an encoder with the paper's learning rate and weight decay.
     * @param encoder The encoder.
     * @param prefix The prefix of the encoder's parameter names in the network being optimised (see
     * {@link #prefixOf}); empty if the encoder is that network.
     * @return The groups, to pass to {@link CheckpointableAdam} before any other groups.
     */
    public static CheckpointableAdam.Group[] paperDefaults(BertEncoderBlock encoder, String prefix) {
        return of(encoder, prefix, DEFAULT_LEARNING_RATE, DEFAULT_WEIGHT_DECAY);
    }

    /**
     * The groups of an encoder: its biases and LayerNorm parameters with {@code learningRate} and no decay, then
     * its other parameters with {@code learningRate} and {@code weightDecay}. Names outside the encoder match
     * neither group.
     * @param encoder The encoder.
     * @param prefix The prefix of the encoder's parameter names in the network being optimised.
     * @param learningRate The learning rate of the encoder.
     * @param weightDecay The weight decay of its weights and embedding tables.
     * @return The two groups, in the order {@link CheckpointableAdam} must check them.
     */
    public static CheckpointableAdam.Group[] of(BertEncoderBlock encoder, String prefix, float learningRate,
                                                float weightDecay) {
        if (!(learningRate > 0) || Float.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be positive and finite, found " + learningRate);
        }
        if (!(weightDecay >= 0) || Float.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("weight decay must be non-negative and finite, found " + weightDecay);
        }
        return new CheckpointableAdam.Group[] {
            new CheckpointableAdam.Group(encoder.noDecayParameters(prefix), learningRate, 0f),
            new CheckpointableAdam.Group(encoder.allParameters(prefix), learningRate, weightDecay)
        };
    }

    /**
     * The prefix that {@code root.getParameters()} puts before the parameter names of a descendant block, e.g.
     * {@code 03text_} for a child registered third as "text".
     * @param root The network.
     * @param descendant A block inside it (by identity).
     * @return The prefix ("" if {@code descendant} is {@code root}).
     * @throws IllegalArgumentException if the block is not inside the network.
     */
    public static String prefixOf(Block root, Block descendant) {
        return find(root, descendant).orElseThrow(() -> new IllegalArgumentException(
                "Block " + descendant + " is not inside " + root.getClass().getSimpleName()));
    }

    private static Optional<String> find(Block block, Block target) {
        if (block == target) {
            return Optional.of("");
        }
        for (Pair<String, Block> child : block.getChildren()) {
            Optional<String> inner = find(child.getValue(), target);
            if (inner.isPresent()) {
                return Optional.of(child.getKey() + "_" + inner.get());
            }
        }
        return Optional.empty();
    }
}
