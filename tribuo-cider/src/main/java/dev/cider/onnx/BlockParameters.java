package dev.cider.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

/**
 * Reads the trained parameters of DJL blocks for the export: children by the name their parent gave them, and
 * parameter values as float arrays in DJL's layout.
 */
public final class BlockParameters {

    private BlockParameters() {
    }

    /**
     * The child a block added under a name ({@code addChildBlock(name, ...)}; DJL stores it with a two-digit
     * prefix, {@code 01name}).
     * @param parent The parent block.
     * @param name The name given by the parent.
     * @return The child.
     * @throws IllegalArgumentException naming the parent's children if there is no such child.
     */
    public static Block child(Block parent, String name) {
        for (Pair<String, Block> pair : parent.getChildren()) {
            String key = pair.getKey();
            if (key.length() > 2 && Character.isDigit(key.charAt(0)) && Character.isDigit(key.charAt(1))
                    && key.substring(2).equals(name)) {
                return pair.getValue();
            }
        }
        throw new IllegalArgumentException("Block " + parent.getClass().getSimpleName() + " has no child '" + name
                + "', its children are " + parent.getChildren().keys());
    }

    /**
     * The values of a block's own parameter whose name ends with a suffix ({@code weight}, {@code gamma},
     * {@code i2h_WEIGHT}, ...).
     * @param block The block.
     * @param suffix The end of the parameter's name.
     * @return The values, row-major.
     * @throws IllegalArgumentException if no parameter or more than one matches, or it is not initialised.
     */
    public static float[] values(Block block, String suffix) {
        return array(block, suffix).toFloatArray();
    }

    /**
     * The shape of a block's own parameter whose name ends with a suffix.
     * @param block The block.
     * @param suffix The end of the parameter's name.
     * @return The dimensions.
     * @throws IllegalArgumentException if no parameter or more than one matches, or it is not initialised.
     */
    public static long[] shape(Block block, String suffix) {
        return array(block, suffix).getShape().getShape();
    }

    private static NDArray array(Block block, String suffix) {
        Parameter found = null;
        for (Pair<String, Parameter> pair : block.getDirectParameters()) {
            if (pair.getKey().endsWith(suffix)) {
                if (found != null) {
                    throw new IllegalArgumentException("Block " + block.getClass().getSimpleName() + " has several parameters ending with '" + suffix + "'");
                }
                found = pair.getValue();
            }
        }
        if (found == null) {
            throw new IllegalArgumentException("Block " + block.getClass().getSimpleName() + " has no parameter ending with '"
                    + suffix + "', its parameters are " + block.getDirectParameters().keys());
        }
        NDArray array = found.getArray();
        if (array == null) {
            throw new IllegalArgumentException("Parameter " + found.getName() + " of " + block.getClass().getSimpleName() + " is not initialised");
        }
        return array;
    }

    /**
     * Whether a block has a direct parameter whose name ends with a suffix.
     * @param block The block.
     * @param suffix The end of the name.
     * @return True if it has one.
     */
    public static boolean has(Block block, String suffix) {
        for (Pair<String, Parameter> pair : block.getDirectParameters()) {
            if (pair.getKey().endsWith(suffix)) {
                return true;
            }
        }
        return false;
    }
}
