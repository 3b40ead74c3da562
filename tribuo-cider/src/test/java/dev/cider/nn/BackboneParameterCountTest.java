package dev.cider.nn;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The backbone reproduces the parameter counts of spec section 6 (text features of 768).
 */
class BackboneParameterCountTest {

    private static final int TEXT_DIM = 768;
    private static final int TEXT_STEPS = 50;

    /** One row of the spec's table: data set dimensions, alignment, classes and totals for N = 1..4. */
    private record Setting(String name, int audioDim, int visionDim, int audioSteps, int visionSteps, boolean aligned,
                           int classes, long[] totals) {
    }

    private static final Setting[] SETTINGS = {
            new Setting("MOSI aligned K=3", 5, 20, 50, 50, true, 3, new long[]{172_081, 204_561, 237_041, 269_521}),
            new Setting("MOSI aligned K=7", 5, 20, 50, 50, true, 7, new long[]{179_801, 212_281, 244_761, 277_241}),
            new Setting("MOSI unaligned K=3", 5, 20, 375, 500, false, 3, new long[]{211_606, 244_086, 276_566, 309_046}),
            new Setting("MOSI unaligned K=7", 5, 20, 375, 500, false, 7, new long[]{219_326, 251_806, 284_286, 316_766}),
            new Setting("MOSEI aligned K=3", 74, 35, 50, 50, true, 3, new long[]{180_229, 212_709, 245_189, 277_669}),
            new Setting("MOSEI unaligned K=7", 74, 35, 500, 500, false, 7, new long[]{233_849, 266_329, 298_809, 331_289}),
    };

    /** The MACI head's size by the spec's formula (prototype MLPs d_x -> 32 -> 32 -> 32, one 192 -> K linear per class). */
    private static long maciParameters(int audioDim, int visionDim, int classes) {
        long mlps = 0;
        for (int dx : new int[]{TEXT_DIM, audioDim, visionDim}) {
            mlps += (long) dx * 32 + 32 + 2 * 1056;
        }
        return mlps + (long) classes * (192L * classes + classes);
    }

    private static ParameterTable table(Setting s, int layers) {
        CiderNetworkConfig config = CiderNetworkConfig.builder().textFeatureDim(TEXT_DIM).textSteps(TEXT_STEPS)
                .audio(s.audioSteps(), s.audioDim()).vision(s.visionSteps(), s.visionDim()).aligned(s.aligned())
                .layers(layers).build();
        try (NDManager manager = NDManager.newBaseManager()) {
            CiderBackbone backbone = new CiderBackbone(config);
            backbone.initialize(manager, DataType.FLOAT32, backbone.inputShapes(1));
            ParameterTable table = backbone.parameterTable();
            assertEquals(ParameterTable.count(backbone), table.total(), "the grouped table covers every parameter");
            return table;
        }
    }

    @Test
    void perModuleCountsMatchTheSpecForMosiAligned() {
        ParameterTable table = table(SETTINGS[0], 3);
        assertEquals(25_376, table.get("projections"));
        assertEquals(8_448, table.get("WSAM x2"));
        assertEquals(19_008, table.get("GRU x3"));
        assertEquals(97_504, table.get("MCT"));
        assertEquals(3_267, table.get("pooling"));
        assertEquals(31_269, table.get("reconstruction"));
        assertEquals(18_624, table.get("joint"));
        assertEquals(31_808 + 1_737, maciParameters(5, 20, 3), "the MACI formula matches the spec's MACI modules");
    }

    @Test
    void totalsMatchTheSpecForEverySetting() {
        for (Setting s : SETTINGS) {
            for (int layers = 1; layers <= 4; layers++) {
                long expected = s.totals()[layers - 1] - maciParameters(s.audioDim(), s.visionDim(), s.classes());
                assertEquals(expected, table(s, layers).total(), s.name() + ", N=" + layers);
            }
        }
    }

    @Test
    void headCountDoesNotChangeTheSize() {
        CiderNetworkConfig.Builder b = CiderNetworkConfig.builder().textFeatureDim(TEXT_DIM).textSteps(TEXT_STEPS)
                .audio(375, 5).vision(500, 20);
        long[] totals = new long[4];
        int[] heads = {1, 2, 4, 8};
        for (int i = 0; i < heads.length; i++) {
            try (NDManager manager = NDManager.newBaseManager()) {
                CiderBackbone backbone = new CiderBackbone(b.heads(heads[i]).build());
                backbone.initialize(manager, DataType.FLOAT32, backbone.inputShapes(2));
                totals[i] = ParameterTable.count(backbone);
            }
        }
        for (long t : totals) {
            assertEquals(276_566 - maciParameters(5, 20, 3), t);
        }
    }
}
