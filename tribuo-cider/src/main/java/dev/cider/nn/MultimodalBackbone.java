package dev.cider.nn;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;

/**
 * A DJL {@link Block} that turns one batch of the three modalities into a joint representation: the contract the
 * causal head ({@code dev.cider.maci}) relies on, whatever the backbone.
 * <p>
 * <b>Input</b> {@code NDList}, in this order (all float32; masks are 1 on valid steps and 0 on padding, a valid
 * prefix per row; a missing step is a zero vector, never a mask change):
 * <ol start="0">
 *     <li>{@code text} (B, T_l, d_l): token features, [CLS] at position 0 and [SEP] at the last valid position;</li>
 *     <li>{@code textMask} (B, T_l);</li>
 *     <li>{@code audio} (B, T_a, d_a);</li>
 *     <li>{@code audioMask} (B, T_a);</li>
 *     <li>{@code vision} (B, T_v, d_v);</li>
 *     <li>{@code visionMask} (B, T_v).</li>
 * </ol>
 * <b>Output</b> {@code NDList}: element {@link #JOINT} is the joint representation (B, {@link #jointDim()});
 * implementations may append further outputs (see {@link CiderBackbone}).
 * <p>
 * Initialise with {@code initialize(manager, DataType.FLOAT32, inputShapes(batch))}; {@link #forward} in training
 * mode initialises lazily as every DJL block does.
 */
public interface MultimodalBackbone extends Block {

    /** Index of the text token features in the input. */
    int TEXT = 0;
    /** Index of the text mask in the input. */
    int TEXT_MASK = 1;
    /** Index of the audio frames in the input. */
    int AUDIO = 2;
    /** Index of the audio mask in the input. */
    int AUDIO_MASK = 3;
    /** Index of the vision frames in the input. */
    int VISION = 4;
    /** Index of the vision mask in the input. */
    int VISION_MASK = 5;
    /** The number of inputs. */
    int INPUTS = 6;
    /** Index of the joint representation in the output. */
    int JOINT = 0;
    /**
     * A forward parameter: when {@code true}, only the joint representation is needed, and a backbone may return an
     * empty array (no elements) for each of its further outputs instead of computing it. Prediction sets it.
     */
    String JOINT_ONLY = "cider.backbone.jointOnly";

    /**
     * Whether this backbone accepts batches without their trailing padding when only the joint representation is
     * asked for ({@link #JOINT_ONLY}): each modality padded only to the longest valid sequence of the batch (for
     * aligned data, one common length), at most {@link #inputShapes}' steps; and gives then the joint representation
     * of the fully padded batch, up to float rounding. Prediction trims its batches when it does, which makes short
     * utterances much cheaper to predict (the attention costs grow with the square of the padded length).
     * <p>
     * A backbone may say yes only if no output at a valid step depends on how much padding follows it.
     * @return True if trimmed batches are accepted; false (the default) if every batch must have the full shapes.
     */
    default boolean acceptsTrimmedPadding() {
        return false;
    }

    /**
     * The size of the joint representation (the second dimension of output {@link #JOINT}).
     * @return The size.
     */
    int jointDim();

    /**
     * The input shapes for a batch size, in input order, for {@link Block#initialize}.
     * @param batchSize The batch size.
     * @return Six shapes.
     */
    Shape[] inputShapes(long batchSize);

    /**
     * The parameter counts per module of this (initialised) backbone.
     * @return The table.
     */
    default ParameterTable parameterTable() {
        return ParameterTable.ofChildren(this);
    }
}
