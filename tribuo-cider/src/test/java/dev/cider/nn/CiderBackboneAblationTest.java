package dev.cider.nn;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The backbone with the "without WSAM" and "without MCT" ablations: which modules exist, their parameter counts,
 * output shapes, gradients and a save/load round trip.
 */
class CiderBackboneAblationTest {

    private static final int[] TEXT_LENGTHS = {6, 4, 2};
    private static final int[] AUDIO_LENGTHS = {9, 5, 1};
    private static final int[] VISION_LENGTHS = {7, 3, 2};

    private static final Compression[] COMPRESSIONS = Compression.values();
    private static final Fusion[] FUSIONS = Fusion.values();

    private static CiderBackbone initialized(NDManager manager, CiderNetworkConfig config, int batch) {
        CiderBackbone backbone = new CiderBackbone(config);
        backbone.initialize(manager, DataType.FLOAT32, backbone.inputShapes(batch));
        return backbone;
    }

    private static NDList inputs(NDManager manager, CiderNetworkConfig c, long seed) {
        return NnFixtures.inputs(manager, c, seed, TEXT_LENGTHS, AUDIO_LENGTHS, VISION_LENGTHS);
    }

    private static boolean hasChild(Block block, Class<?> type) {
        for (Pair<String, Block> c : block.getChildren()) {
            if (type.isInstance(c.getValue())) {
                return true;
            }
        }
        return false;
    }

    /** MOSI unaligned, d_l = 768, N = 3, the spec's size check without the MACI head. */
    private static ParameterTable mosiUnaligned(NDManager manager, Compression compression, Fusion fusion) {
        CiderNetworkConfig c = CiderNetworkConfig.builder().textFeatureDim(768).textSteps(50).audio(375, 5).vision(500, 20)
                .layers(3).compression(compression).fusion(fusion).build();
        CiderBackbone backbone = initialized(manager, c, 1);
        ParameterTable table = backbone.parameterTable();
        assertEquals(ParameterTable.count(backbone), table.total(), "the grouped table covers every parameter");
        return table;
    }

    @Test
    void parameterCountsOfTheAblationsAtTheSpecsSize() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // full backbone: 276,566 (spec, MOSI unaligned K=3 N=3) - MACI head (31,808 + 1,737) = 243,021
            ParameterTable full = mosiUnaligned(manager, Compression.WSAM, Fusion.MCT);
            assertEquals(243_021, full.total());
            // without WSAM: the two WSAM blocks (4 (32*32 + 32) = 4,224 each) are gone, mean pooling has none:
            // 243,021 - 2 * 4,224 = 234,573
            ParameterTable noWsam = mosiUnaligned(manager, Compression.MEAN_POOL, Fusion.MCT);
            assertEquals(243_021 - 2 * 4_224, noWsam.total());
            assertEquals(0, noWsam.get("mean pool"));
            assertThrows(IllegalArgumentException.class, () -> noWsam.get("WSAM x2"));
            // without MCT: per layer the MCA (24,000) becomes a plain attention (4,224); LayerNorms and FFN stay:
            // 3 * (4,224 + 128 + 8,352) + 64 = 38,176 instead of 97,504, so 243,021 - 59,328 = 183,693
            ParameterTable noMct = mosiUnaligned(manager, Compression.WSAM, Fusion.VANILLA);
            assertEquals(38_176, noMct.get("vanilla transformer"));
            assertEquals(183_693, noMct.total());
            assertEquals(full.get("GRU x3"), noMct.get("GRU x3"));
            // both: 183,693 - 8,448 = 175,245
            assertEquals(175_245, mosiUnaligned(manager, Compression.MEAN_POOL, Fusion.VANILLA).total());
        }
    }

    @Test
    void theReplacedModulesAreAbsent() {
        try (NDManager manager = NDManager.newBaseManager()) {
            CiderBackbone pooled = initialized(manager, NnFixtures.small(false).compression(Compression.MEAN_POOL).build(), 1);
            assertFalse(hasChild(pooled, WordSelfAlignedAttention.class));
            assertTrue(hasChild(pooled, MeanPoolCompression.class));
            CiderBackbone vanilla = initialized(manager, NnFixtures.small(false).fusion(Fusion.VANILLA).build(), 1);
            assertTrue(vanilla.fusionTransformer() instanceof VanillaTransformer);
            assertThrows(IllegalStateException.class, vanilla::transformer);
            assertTrue(hasChild(vanilla, WordSelfAlignedAttention.class));
            CiderBackbone full = initialized(manager, NnFixtures.small(false).build(), 1);
            assertTrue(full.fusionTransformer() instanceof MultimodalCompositeTransformer);
            assertFalse(hasChild(full, MeanPoolCompression.class));
        }
    }

    @Test
    void outputShapesGradientsAndSaveLoadForEveryVariant() throws Exception {
        for (Compression compression : COMPRESSIONS) {
            for (Fusion fusion : FUSIONS) {
                String name = compression + "/" + fusion;
                CiderNetworkConfig c = NnFixtures.small(false).compression(compression).fusion(fusion).attentionDropout(0.1f).build();
                try (NDManager manager = NDManager.newBaseManager()) {
                    CiderBackbone backbone = initialized(manager, c, TEXT_LENGTHS.length);
                    NDList in = inputs(manager, c, 3);
                    ParameterStore ps = new ParameterStore(manager, false);
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDList out = backbone.forward(ps, in, true);
                        Shape[] expected = backbone.getOutputShapes(backbone.inputShapes(TEXT_LENGTHS.length));
                        assertEquals(5, out.size(), name);
                        NDArray loss = manager.create(0f);
                        for (int i = 0; i < out.size(); i++) {
                            assertEquals(expected[i], out.get(i).getShape(), name + " output " + i);
                            assertTrue(NnFixtures.finite(out.get(i)), name + " output " + i + " is finite");
                            loss = loss.add(out.get(i).pow(2).mean());
                        }
                        assertEquals(new Shape(3, c.heads(), 3L * c.textSteps(), 3L * c.textSteps()), out.get(CiderBackbone.SCORES).getShape());
                        gc.backward(loss);
                    }
                    NnFixtures.assertEveryParameterHasGradient(backbone);

                    NDArray before = backbone.forward(ps, in, false).get(MultimodalBackbone.JOINT);
                    byte[] saved = NnFixtures.save(backbone);
                    CiderBackbone reloaded = initialized(manager, c, 1);
                    NnFixtures.load(reloaded, manager, saved);
                    NDArray after = reloaded.forward(ps, in, false).get(MultimodalBackbone.JOINT);
                    assertArrayEquals(before.toFloatArray(), after.toFloatArray(), 0f, name + " reloads identically");
                }
            }
        }
    }

    @Test
    void meanPoolIgnoresPaddedFramesOfTheRawInputs() {
        CiderNetworkConfig c = NnFixtures.small(false).compression(Compression.MEAN_POOL).build();
        try (NDManager manager = NDManager.newBaseManager()) {
            CiderBackbone backbone = initialized(manager, c, TEXT_LENGTHS.length);
            ParameterStore ps = new ParameterStore(manager, false);
            NDList in = inputs(manager, c, 4);
            NDList changed = inputs(manager, c, 4);
            // replace the padded audio and vision frames by other values
            for (int[] idx : new int[][]{{MultimodalBackbone.AUDIO, MultimodalBackbone.AUDIO_MASK},
                    {MultimodalBackbone.VISION, MultimodalBackbone.VISION_MASK}}) {
                NDArray mask = in.get(idx[1]).expandDims(2);
                NDArray x = in.get(idx[0]);
                changed.set(idx[0], x.mul(mask).add(x.mul(-7f).add(3f).mul(mask.neg().add(1f))));
            }
            NDArray a = backbone.forward(ps, in, false).get(MultimodalBackbone.JOINT);
            NDArray b = backbone.forward(ps, changed, false).get(MultimodalBackbone.JOINT);
            assertArrayEquals(a.toFloatArray(), b.toFloatArray(), 1e-5f);
        }
    }

    @Test
    void alignedDataAreNotCompressed() {
        // aligned: no compression either way, and MEAN_POOL only removes the (bypassed) WSAM parameters
        try (NDManager manager = NDManager.newBaseManager()) {
            CiderNetworkConfig withWsam = NnFixtures.small(true).build();
            CiderNetworkConfig withPool = NnFixtures.small(true).compression(Compression.MEAN_POOL).build();
            CiderBackbone a = initialized(manager, withWsam, 1);
            CiderBackbone b = initialized(manager, withPool, 1);
            long wsam = 2L * 4 * (32 * 32 + 32);
            assertEquals(ParameterTable.count(a) - wsam, ParameterTable.count(b));
            NDList in = NnFixtures.inputs(manager, withPool, 5, TEXT_LENGTHS, TEXT_LENGTHS, TEXT_LENGTHS);
            NDList out = b.forward(new ParameterStore(manager, false), in, false);
            assertEquals(new Shape(3, withPool.jointDim()), out.get(MultimodalBackbone.JOINT).getShape());
        }
    }

    @Test
    void configurationCarriesTheSwitches() {
        CiderNetworkConfig c = NnFixtures.small(false).compression(Compression.MEAN_POOL).fusion(Fusion.VANILLA).build();
        assertEquals(c, c.toBuilder().build());
        assertEquals(Compression.MEAN_POOL, c.toBuilder().build().compression());
        assertEquals(Fusion.VANILLA, c.toBuilder().build().fusion());
        CiderNetworkConfig defaults = NnFixtures.small(false).build();
        assertEquals(Compression.WSAM, defaults.compression());
        assertEquals(Fusion.MCT, defaults.fusion());
        assertFalse(c.equals(defaults));
        assertFalse(c.equals(c.toBuilder().fusion(Fusion.MCT).build()));
        assertTrue(c.toString().contains("MEAN_POOL") && c.toString().contains("VANILLA"), c.toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NnFixtures.small(false).compression(null).build());
        assertTrue(e.getMessage().contains("compression"));
    }
}
