package dev.cider.onnx;

import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.core.Linear;
import ai.djl.util.Pair;
import dev.cider.data.Modality;
import dev.cider.maci.CausalHead;
import org.tribuo.util.onnx.ONNXRef;

import java.util.ArrayList;
import java.util.List;

/**
 * Exports MACI's {@link CausalHead} at prediction time: the prototype encoders applied to the given (test-time)
 * prototypes, one classifier per class on {@code [h_m; z^i]}, and {@code log max(sum_i softmax(.) prior_i, 1e-30)}.
 * The prototypes and priors are constants of the graph.
 */
public final class CausalHeadExport {

    private static final Modality[] MODALITIES = Modality.values();

    private CausalHeadExport() {
    }

    /**
     * Writes the head.
     * @param graph The graph.
     * @param joint The joint representation (B, J).
     * @param head The trained head.
     * @param prototypes Per modality (text, audio, vision) the K prototypes, each of the modality's dimension.
     * @param priors The K class priors.
     * @return {@code log P(y | do(x))} (B, K).
     */
    public static ONNXRef<?> logProbabilities(OnnxGraph graph, ONNXRef<?> joint, CausalHead head, float[][][] prototypes, float[] priors) {
        int k = head.getNumClasses();
        int hidden = head.getHiddenDim();
        if (priors.length != k || prototypes.length != MODALITIES.length) {
            throw new IllegalArgumentException("The causal head has " + k + " classes but " + priors.length + " priors and "
                    + prototypes.length + " prototype sets were given");
        }
        List<ONNXRef<?>> codes = new ArrayList<>();                                          // each (K, D)
        for (int m = 0; m < MODALITIES.length; m++) {
            Modality modality = MODALITIES[m];
            int dim = head.getPrototypeDim(modality);
            float[] flat = new float[k * dim];
            for (int c = 0; c < k; c++) {
                if (prototypes[m][c].length != dim) {
                    throw new IllegalArgumentException("The " + modality.displayName() + " prototype of class " + c + " has "
                            + prototypes[m][c].length + " values, the head expects " + dim);
                }
                System.arraycopy(prototypes[m][c], 0, flat, c * dim, dim);
            }
            ONNXRef<?> z = graph.constant("prototypes" + modality.letter(), flat, k, dim);
            codes.add(encoder(graph, z, head.getPrototypeEncoder(modality), "prototypeEncoder" + modality.letter()));
        }
        ONNXRef<?> code = graph.concat(1, codes);                                            // (K, 3D)
        int jointDim = head.getClassifierInputDim() - 3 * hidden;
        ONNXRef<?> mixture = null;
        for (int c = 0; c < k; c++) {
            Linear classifier = head.getClassifier(c);
            float[] weight = BlockParameters.values(classifier, "weight");                  // (K, J + 3D)
            int width = jointDim + 3 * hidden;
            float[] jointPart = new float[k * jointDim];
            float[] codePart = new float[k * 3 * hidden];
            for (int o = 0; o < k; o++) {
                System.arraycopy(weight, o * width, jointPart, o * jointDim, jointDim);
                System.arraycopy(weight, o * width + jointDim, codePart, o * 3 * hidden, 3 * hidden);
            }
            // [h_m; z^c] W^T + b = h_m W_J^T + b + z^c W_Z^T, the last a (1, K) constant row computed in the graph.
            ONNXRef<?> fromCode = graph.linear(graph.slice(code, 0, c, c + 1L), codePart, null, k, "classifier" + c + "_code");
            ONNXRef<?> logits = graph.add(graph.linear(joint, jointPart, BlockParameters.values(classifier, "bias"), k,
                    "classifier" + c + "_joint"), fromCode);                                // (B, K)
            ONNXRef<?> weighted = graph.scale(graph.softmax(logits, 1), priors[c]);
            mixture = mixture == null ? weighted : graph.add(mixture, weighted);
        }
        return graph.log(graph.atLeast(mixture, CausalHead.MIN_PROBABILITY));
    }

    // Linear, ReLU, Linear, ReLU, Linear as CausalHead builds its prototype encoders.
    private static ONNXRef<?> encoder(OnnxGraph graph, ONNXRef<?> x, Block encoder, String name) {
        int i = 0;
        for (Pair<String, Block> pair : encoder.getChildren()) {
            Block layer = pair.getValue();
            if (layer instanceof Linear) {
                x = LayerExport.linear(graph, x, layer, name + "_" + i);
            } else if (layer instanceof LambdaBlock) {
                x = graph.relu(x);
            } else {
                throw new IllegalArgumentException("Unexpected " + layer.getClass().getSimpleName() + " in the prototype encoder " + name);
            }
            i++;
        }
        return x;
    }
}
