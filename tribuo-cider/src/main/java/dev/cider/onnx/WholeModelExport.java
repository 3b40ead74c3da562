package dev.cider.onnx;

import dev.cider.data.Modality;
import dev.cider.maci.CausalHead;
import dev.cider.maci.ClassPrototypes;
import dev.cider.maci.MaciNetwork;
import dev.cider.maci.PrototypeMode;
import dev.cider.nn.CiderBackbone;
import org.tribuo.util.onnx.ONNXNode;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXRef;

import java.util.Collections;
import java.util.List;

/**
 * Writes the whole prediction of a trained CIDer network into a graph, from the one-input row of
 * {@link WholeModelInput} to the class probabilities: the backbone ({@link BackboneExport}), the causal head with
 * the test-time prototypes and priors ({@link CausalHeadExport}), and, when the model debiases, the counterfactual
 * pass on the same weights and the scores {@code log P(y | x) - tau * log P(y | x_cf)}; finally their softmax, as
 * {@code CiderModel}'s prediction scores are.
 * <p>
 * The factual and counterfactual inputs go through the network as one batch of 2B rows (the factual rows first), so
 * the graph holds the weights once.
 */
public final class WholeModelExport {

    private WholeModelExport() {
    }

    /**
     * Checks that a network can be exported: a CIDer backbone (MCT fusion, WSAM compression when unaligned) reading
     * token features, with MACI's causal head.
     * @param network The network.
     * @param tokenIds Whether the network embeds token ids itself (token-id or fine-tuned BERT text).
     * @throws IllegalArgumentException naming what cannot be exported.
     */
    public static void checkExportable(MaciNetwork network, boolean tokenIds) {
        if (tokenIds || network.embedsTokens() || network.bertFrontEnd().isPresent()) {
            throw new IllegalArgumentException("The ONNX export takes token features (a model trained with --text-encoder);"
                    + " this model reads token ids through its own embedding or BERT front end");
        }
        if (!(network.backbone() instanceof CiderBackbone)) {
            throw new IllegalArgumentException("The ONNX export supports the CIDer backbone, not "
                    + network.backbone().getClass().getSimpleName());
        }
        if (!(network.head() instanceof CausalHead)) {
            throw new IllegalArgumentException("The ONNX export supports MACI's causal head, not "
                    + network.head().getClass().getSimpleName() + " (the 'without MCM' ablation)");
        }
    }

    /**
     * Writes the graph.
     * @param graph The graph.
     * @param input The (B, F) input of {@code layout}.
     * @param layout The input layout; it has the counterfactual part exactly when {@code tau > 0}.
     * @param network The trained network.
     * @param prototypes The class prototypes (the test-time mean prototypes and uniform priors are derived here).
     * @param tau The debiasing strength (0: no counterfactual pass).
     * @return The class probabilities (B, K).
     * @throws IllegalArgumentException if the network cannot be exported or tau does not fit the layout.
     */
    public static ONNXNode probabilities(OnnxGraph graph, ONNXRef<?> input, WholeModelInput layout, MaciNetwork network,
                                         ClassPrototypes prototypes, double tau) {
        checkExportable(network, false);
        if (!(tau >= 0 && Double.isFinite(tau))) {
            throw new IllegalArgumentException("tau must be finite and non-negative, found " + tau);
        }
        if (layout.counterfactual() != (tau > 0)) {
            throw new IllegalArgumentException("The input carries the counterfactual text exactly when tau > 0, found tau " + tau
                    + " and counterfactual " + layout.counterfactual());
        }
        CiderBackbone backbone = (CiderBackbone) network.backbone();
        CausalHead head = (CausalHead) network.head();
        ClassPrototypes test = prototypes.forMode(PrototypeMode.TEST);
        float[][][] protos = {test.prototypes(Modality.TEXT), test.prototypes(Modality.AUDIO), test.prototypes(Modality.VISION)};
        float[] priors = new float[test.numClasses()];
        for (int c = 0; c < priors.length; c++) {
            priors[c] = (float) test.priors()[c];
        }
        int k = head.getNumClasses();
        ONNXRef<?>[] in = layout.flat().unpack(graph, input);
        ONNXRef<?> scores;
        if (layout.counterfactual()) {
            ONNXRef<?>[] cf = layout.unpackCounterfactual(graph, input);
            ONNXRef<?> joint = BackboneExport.joint(graph, graph.concat(0, List.of(in[0], cf[0])), graph.concat(0, List.of(in[1], cf[1])),
                    twice(graph, in[2]), twice(graph, in[3]), twice(graph, in[4]), twice(graph, in[5]), backbone);   // (2B, J)
            ONNXRef<?> logP = CausalHeadExport.logProbabilities(graph, joint, head, protos, priors);                      // (2B, K)
            ONNXRef<?> pairs = graph.reshape(logP, 2, -1, k);                                                                // (2, B, K)
            ONNXRef<?> factual = graph.squeeze(graph.slice(pairs, 0, 0, 1), 0);
            ONNXRef<?> counterfactual = graph.squeeze(graph.slice(pairs, 0, 1, 2), 0);
            scores = graph.sub(factual, graph.scale(counterfactual, (float) tau));
        } else {
            ONNXRef<?> joint = BackboneExport.joint(graph, in[0], in[1], in[2], in[3], in[4], in[5], backbone);
            scores = CausalHeadExport.logProbabilities(graph, joint, head, protos, priors);
        }
        return (ONNXNode) graph.op(ONNXOperators.SOFTMAX, "probabilities", Collections.singletonMap("axis", 1), scores);
    }

    private static ONNXRef<?> twice(OnnxGraph graph, ONNXRef<?> x) {
        return graph.concat(0, List.of(x, x));
    }
}
