package dev.cider.runtime;

import ai.djl.ndarray.types.Shape;
import dev.cider.data.DataLayout;
import dev.cider.data.Modality;
import dev.cider.maci.ClassPrototypes;

/**
 * The input shapes of a MACI network for a batch size: the six batch tensors of {@link BatchAssembler} followed by the
 * causal head's four prototype inputs.
 */
public final class NetworkInputs {

    private NetworkInputs() {
    }

    /**
     * The shapes.
     * @param spec The architecture.
     * @param layout The data layout.
     * @param prototypes The class prototypes (their dimensions).
     * @param batchSize The batch size.
     * @return Ten shapes.
     */
    public static Shape[] shapes(NetworkSpec spec, DataLayout layout, ClassPrototypes prototypes, long batchSize) {
        int k = prototypes.numClasses();
        Shape text = spec.text().usesTokenIds()
                ? new Shape(batchSize, layout.textSteps())
                : new Shape(batchSize, layout.textSteps(), layout.textFeatureDim());
        return new Shape[] {text, new Shape(batchSize, layout.textSteps()),
                new Shape(batchSize, layout.audioSteps(), layout.audioDim()), new Shape(batchSize, layout.audioSteps()),
                new Shape(batchSize, layout.visionSteps(), layout.visionDim()), new Shape(batchSize, layout.visionSteps()),
                new Shape(k, prototypes.dim(Modality.TEXT)), new Shape(k, prototypes.dim(Modality.AUDIO)),
                new Shape(k, prototypes.dim(Modality.VISION)), new Shape(k)};
    }
}
