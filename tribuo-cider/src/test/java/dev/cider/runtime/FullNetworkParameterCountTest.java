package dev.cider.runtime;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import dev.cider.maci.MaciNetwork;
import dev.cider.nn.CiderNetworkConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The complete MACI network (CIDer backbone + causal head, 768-d text features, d = 32) has exactly the parameter
 * totals of cider-spec section 6 for every setting and every N.
 */
class FullNetworkParameterCountTest {

    @ParameterizedTest(name = "{0} aligned={1} K={2}")
    @CsvSource({
            "mosi, true, 3, 172081, 204561, 237041, 269521",
            "mosi, true, 7, 179801, 212281, 244761, 277241",
            "mosi, false, 3, 211606, 244086, 276566, 309046",
            "mosi, false, 7, 219326, 251806, 284286, 316766",
            "mosei, true, 3, 180229, 212709, 245189, 277669",
            "mosei, false, 7, 233849, 266329, 298809, 331289"})
    void matchesTheSpec(String dataset, boolean aligned, int k, long n1, long n2, long n3, long n4) {
        long[] expected = {n1, n2, n3, n4};
        boolean mosi = dataset.equals("mosi");
        int da = mosi ? 5 : 74;
        int dv = mosi ? 20 : 35;
        int ta = aligned ? 50 : (mosi ? 375 : 500);
        int tv = aligned ? 50 : 500;
        for (int layers = 1; layers <= 4; layers++) {
            CiderNetworkConfig config = CiderNetworkConfig.builder().textFeatureDim(768).textSteps(50).audio(ta, da).vision(tv, dv)
                    .aligned(aligned).layers(layers).heads(8).build();
            NetworkSpec spec = new NetworkSpec(BackboneKind.CIDER, config, k, TextRepresentation.TOKEN_FEATURES, 30522);
            try (NDManager manager = NDManager.newBaseManager()) {
                MaciNetwork network = spec.build();
                network.initialize(manager, DataType.FLOAT32, new Shape(1, 50, 768), new Shape(1, 50), new Shape(1, ta, da),
                        new Shape(1, ta), new Shape(1, tv, dv), new Shape(1, tv), new Shape(k, 768), new Shape(k, da), new Shape(k, dv),
                        new Shape(k));
                long total = 0;
                for (Parameter p : network.getParameters().values()) {
                    total += p.getArray().size();
                }
                assertEquals(expected[layers - 1], total, dataset + " aligned=" + aligned + " K=" + k + " N=" + layers);
            }
        }
    }
}
