package dev.cider.nn;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;

/**
 * Fix-up after {@link Block#loadParameters}: DJL's {@code Parameter.load} replaces each array without marking it
 * as requiring a gradient, so a loaded block would not train, and on PyTorch it may even take other kernels (results
 * differing in the last bits from the saved block's). This restores the gradient flag of every trainable parameter.
 */
final class LoadedParameters {

    private LoadedParameters() {
    }

    /**
     * Marks every parameter of a block that requires a gradient as such again.
     * @param block The block just loaded.
     */
    static void restoreGradients(Block block) {
        for (Parameter p : block.getParameters().values()) {
            if (p.requiresGradient() && p.isInitialized() && !p.getArray().hasGradient()) {
                p.getArray().setRequiresGradient(true);
            }
        }
    }
}
