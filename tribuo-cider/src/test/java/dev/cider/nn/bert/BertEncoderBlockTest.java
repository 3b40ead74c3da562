package dev.cider.nn.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The BERT encoder block with random weights (small dimensions): shapes, masking, gradients, names.
 */
class BertEncoderBlockTest {

    private static BertEncoderBlock.Builder small() {
        return BertEncoderBlock.builder().vocabularySize(50).hiddenSize(16).layers(2).heads(4).intermediateSize(24)
                .maxPositions(12);
    }

    private static BertEncoderBlock initialised(NDManager manager, BertEncoderBlock.Builder builder) {
        BertEncoderBlock block = builder.build();
        block.initialize(manager, DataType.FLOAT32, new Shape(2, 5), new Shape(2, 5));
        return block;
    }

    @Test
    void validRowsDoNotDependOnPaddingOrBatchMates() {
        try (NDManager manager = NDManager.newBaseManager()) {
            manager.getEngine().setRandomSeed(11);
            BertEncoderBlock block = initialised(manager, small());
            ParameterStore ps = new ParameterStore(manager, false);
            int[] text = {2, 17, 5, 33, 3};
            NDArray alone = block.forward(ps, new NDList(manager.create(text, new Shape(1, 5)), manager.ones(new Shape(1, 5))),
                    false).head();
            assertEquals(new Shape(1, 5, 16), alone.getShape());
            // the same text padded to 8 with arbitrary ids behind the mask, next to a longer text
            int[] ids = {2, 17, 5, 33, 3, 44, 9, 1, 2, 8, 8, 8, 7, 6, 5, 3};
            float[] mask = {1, 1, 1, 1, 1, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1};
            NDArray batch = block.forward(ps, new NDList(manager.create(ids, new Shape(2, 8)), manager.create(mask, new Shape(2, 8))),
                    false).head();
            assertEquals(new Shape(2, 8, 16), batch.getShape());
            float[] expected = alone.toFloatArray();
            float[] actual = batch.get(new NDIndex("0, 0:5")).toFloatArray();
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], actual[i], 1e-5f, "value " + i);
            }
        }
    }

    @Test
    void inferencePassesAreDeterministicAndTrainingPassesUseDropout() {
        try (NDManager manager = NDManager.newBaseManager()) {
            manager.getEngine().setRandomSeed(12);
            BertEncoderBlock block = initialised(manager, small().optDropout(0.5f));
            ParameterStore ps = new ParameterStore(manager, false);
            NDList in = new NDList(manager.create(new int[] {2, 17, 5, 33, 3}, new Shape(1, 5)), manager.ones(new Shape(1, 5)));
            float[] a = block.forward(ps, in, false).head().toFloatArray();
            float[] b = block.forward(ps, in, false).head().toFloatArray();
            assertArrayEquals(a, b, 0f);
            float[] c = block.forward(ps, in, true).head().toFloatArray();
            assertFalse(java.util.Arrays.equals(a, c), "a training pass with dropout 0.5 equals the inference pass");
        }
    }

    @Test
    void trainingPassGivesEveryParameterAGradient() {
        try (NDManager manager = NDManager.newBaseManager()) {
            manager.getEngine().setRandomSeed(13);
            BertEncoderBlock block = initialised(manager, small());
            Shape shape = new Shape(2, 6);
            NDArray ids = manager.create(new int[] {2, 7, 9, 11, 3, 0, 2, 40, 41, 42, 43, 3}, shape);
            NDArray mask = manager.create(new float[] {1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1}, shape);
            NDArray types = manager.create(new int[] {0, 0, 0, 1, 1, 0, 0, 0, 1, 1, 1, 1}, shape);
            try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
                NDArray hidden = block.forward(new ParameterStore(manager, false), new NDList(ids, mask, types), true).head();
                collector.backward(hidden.mul(hidden.get(new NDIndex("0:1, 0:1"))).sum());
            }
            int n = 0;
            for (Pair<String, Parameter> p : block.getParameters()) {
                try (NDArray grad = p.getValue().getArray().getGradient()) {
                    float norm = grad.abs().sum().getFloat();
                    assertTrue(norm > 0 && Float.isFinite(norm), p.getKey() + ": gradient norm " + norm);
                }
                n++;
            }
            // embeddings: 3 tables + LayerNorm (2); per layer: 6 Linear (12) + 2 LayerNorm (4)
            assertEquals(5 + 2 * 16, n);
        }
    }

    @Test
    void parameterNamesAndNoDecaySet() {
        try (NDManager manager = NDManager.newBaseManager()) {
            BertEncoderBlock block = initialised(manager, small());
            Set<String> noDecay = block.noDecayParameterNames();
            Set<String> expected = new HashSet<>();
            for (Pair<String, Parameter> p : block.getParameters()) {
                String name = p.getKey();
                if (name.endsWith("_bias") || name.endsWith("layerNorm_gamma") || name.endsWith("layerNorm_beta")) {
                    expected.add(name);
                }
            }
            assertEquals(expected, noDecay);
            assertEquals(2 + 2 * 10, noDecay.size());
            assertTrue(noDecay.contains("02layer0_01attention_07layerNorm_gamma"), noDecay.toString());
            assertFalse(noDecay.contains("01embeddings_wordEmbeddings"));
            long count = 0;
            for (Parameter p : block.stateDictParameters().values()) {
                count += p.getArray().size();
            }
            assertEquals(count, block.parameterCount());
            // 50*16 + 12*16 + 2*16 + 2*16 + 2 * (4*(16*16+16) + 2*2*16 + 16*24+24 + 24*16+16)
            assertEquals(800 + 192 + 32 + 32 + 2 * (1088 + 64 + 408 + 400), block.parameterCount());
        }
    }

    @Test
    void savedParametersLoadIntoAFreshBlock() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            manager.getEngine().setRandomSeed(14);
            BertEncoderBlock saved = initialised(manager, small());
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                saved.saveParameters(out);
            }
            manager.getEngine().setRandomSeed(15);
            BertEncoderBlock loaded = initialised(manager, small());
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
                loaded.loadParameters(manager, in);
            }
            ParameterStore ps = new ParameterStore(manager, false);
            NDList input = new NDList(manager.create(new int[] {2, 17, 5, 33, 3}, new Shape(1, 5)), manager.ones(new Shape(1, 5)));
            assertArrayEquals(saved.forward(ps, input, false).head().toFloatArray(),
                    loaded.forward(ps, input, false).head().toFloatArray(), 1e-6f);
        }
    }

    @Test
    void tooLongInputAndBadSettingsAreRefused() {
        try (NDManager manager = NDManager.newBaseManager()) {
            BertEncoderBlock block = initialised(manager, small());
            Shape tooLong = new Shape(1, 13);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> block.forward(
                    new ParameterStore(manager, false), new NDList(manager.ones(tooLong, DataType.INT32), manager.ones(tooLong)), false));
            assertTrue(e.getMessage().contains("13 tokens") && e.getMessage().contains("12 position"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> block.forward(new ParameterStore(manager, false),
                    new NDList(manager.ones(new Shape(1, 4), DataType.INT32)), false));
            assertTrue(e.getMessage().contains("attentionMask"), e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> small().heads(5).build());
        assertTrue(e.getMessage().contains("heads (5)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> small().optDropout(1f).build());
        assertThrows(IllegalArgumentException.class, () -> small().layers(0).build());
    }
}
