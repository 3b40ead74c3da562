package dev.cider.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.cider.nn.bert.BertEncoderBlock;
import org.junit.jupiter.api.Test;

import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Optimizer groups of a fine-tuned BERT encoder: which parameters decay, inside a larger network, and the effect of
 * an Adam step.
 */
class EncoderParameterGroupsTest {

    private static BertEncoderBlock encoder() {
        return BertEncoderBlock.builder().vocabularySize(30).hiddenSize(8).layers(1).heads(2).intermediateSize(12)
                .maxPositions(8).build();
    }

    private static boolean biasOrLayerNorm(String name) {
        return name.endsWith("_bias") || name.endsWith("layerNorm_gamma") || name.endsWith("layerNorm_beta");
    }

    @Test
    void groupsCoverExactlyTheEncoderInsideANetwork() {
        BertEncoderBlock encoder = encoder();
        SequentialBlock network = new SequentialBlock().add(Linear.builder().setUnits(3).build()).add(encoder);
        String prefix = EncoderParameterGroups.prefixOf(network, encoder);
        assertTrue(prefix.endsWith("_") && !prefix.isEmpty(), prefix);
        CheckpointableAdam.Group[] groups = EncoderParameterGroups.paperDefaults(encoder, prefix);
        assertEquals(2, groups.length);
        assertEquals(5e-5f, groups[0].learningRate());
        assertEquals(0f, groups[0].weightDecay());
        assertEquals(1e-3f, groups[1].weightDecay());
        int inEncoder = 0;
        int noDecay = 0;
        for (Pair<String, Parameter> p : network.getParameters()) {
            String name = p.getKey();
            boolean mine = name.startsWith(prefix);
            int first = groups[0].matches().test(name) ? 0 : groups[1].matches().test(name) ? 1 : -1;
            if (!mine) {
                assertEquals(-1, first, name + " is outside the encoder but matched group " + first);
            } else {
                inEncoder++;
                assertEquals(biasOrLayerNorm(name) ? 0 : 1, first, name);
                noDecay += first == 0 ? 1 : 0;
            }
        }
        assertEquals(encoder.getParameters().size(), inEncoder);
        assertEquals(2 + 10, noDecay);
        assertEquals("", EncoderParameterGroups.prefixOf(encoder, encoder));
        assertThrows(IllegalArgumentException.class, () -> EncoderParameterGroups.prefixOf(encoder(), encoder));
        assertThrows(IllegalArgumentException.class, () -> EncoderParameterGroups.of(encoder, "", 0f, 0f));
        assertThrows(IllegalArgumentException.class, () -> EncoderParameterGroups.of(encoder, "", 1e-3f, -1f));
    }

    @Test
    void adamStepDecaysWeightsButNotBiasesOrLayerNorms() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(5);
            BertEncoderBlock encoder = encoder();
            encoder.initialize(manager, DataType.FLOAT32, new Shape(1, 4), new Shape(1, 4));
            // non-zero values everywhere (biases start at zero), so that any decay would show
            Random rng = new Random(3);
            Map<String, float[]> before = new HashMap<>();
            for (Pair<String, Parameter> p : encoder.getParameters()) {
                float[] v = new float[Math.toIntExact(p.getValue().getArray().size())];
                for (int i = 0; i < v.length; i++) {
                    v[i] = 0.5f + rng.nextFloat();
                }
                p.getValue().getArray().set(FloatBuffer.wrap(v));
                before.put(p.getKey(), v.clone());
            }
            Shape shape = new Shape(1, 4);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray h = encoder.forward(new ParameterStore(manager, false),
                        new NDList(manager.create(new int[] {1, 5, 9, 2}, shape), manager.ones(shape)), true).head();
                gc.backward(h.sum().mul(0f)); // zero gradients: only the weight decay moves parameters
            }
            float lr = 0.1f;
            float decay = 0.5f;
            new CheckpointableAdam(1e-3f, EncoderParameterGroups.of(encoder, "", lr, decay)).step(encoder);
            for (Pair<String, Parameter> p : encoder.getParameters()) {
                float[] old = before.get(p.getKey());
                float[] now = p.getValue().getArray().toFloatArray();
                for (int i = 0; i < old.length; i++) {
                    float expected = biasOrLayerNorm(p.getKey()) ? old[i] : old[i] * (1 - lr * decay);
                    assertEquals(expected, now[i], 1e-6f + 1e-5f * Math.abs(old[i]), p.getKey() + "[" + i + "]");
                }
            }
        }
    }
}
