package dev.cider.nn;

import dev.cider.data.DataLayout;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CiderNetworkConfigTest {

    private static CiderNetworkConfig.Builder mosi() {
        return CiderNetworkConfig.builder().layout(new DataLayout(50, 768, 375, 5, 500, 20));
    }

    @Test
    void defaultsFollowTheSpec() {
        CiderNetworkConfig c = mosi().build();
        assertEquals(32, c.hiddenDim());
        assertEquals(3, c.layers());
        assertEquals(8, c.heads());
        assertEquals(128, c.feedForwardDim());
        assertEquals(0.0f, c.attentionDropout());
        assertEquals(0.2f, c.embeddingDropout());
        assertEquals(0.3f, c.outputDropout());
        assertEquals(96, c.jointDim());
        assertFalse(c.aligned());
        assertEquals(768, c.textFeatureDim());
        assertEquals(375, c.audioSteps());
        assertEquals(20, c.visionDim());
        assertEquals(c, c.toBuilder().build());
        assertEquals(c.hashCode(), c.toBuilder().build().hashCode());
        assertNotEquals(c, c.toBuilder().layers(2).build());
        assertTrue(CiderNetworkConfig.builder().layout(new DataLayout(50, 768, 50, 5, 50, 20)).build().aligned());
        assertEquals(256, mosi().hiddenDim(64).build().feedForwardDim(), "the feed-forward width follows d");
        assertEquals(256, c.toBuilder().hiddenDim(64).build().feedForwardDim(), "also through toBuilder");
        assertEquals(100, c.toBuilder().feedForwardDim(100).hiddenDim(64).build().feedForwardDim());
    }

    @Test
    void invalidValuesAreRejectedWithClearMessages() {
        assertMessage(mosi().heads(5), "not divisible by the number of attention heads (5)");
        assertMessage(mosi().layers(0), "number of MCT layers must be positive, found 0");
        assertMessage(mosi().embeddingDropout(1f), "embedding dropout rate must be in [0, 1)");
        assertMessage(mosi().outputDropout(-0.1f), "output dropout rate must be in [0, 1)");
        assertMessage(mosi().aligned(true), "Aligned data need T_l = T_a = T_v");
        assertMessage(CiderNetworkConfig.builder().textSteps(50).audio(50, 5).vision(50, 20), "text feature dimension d_l must be positive and was not set");
        assertMessage(CiderNetworkConfig.builder().layout(new DataLayout(50, 0, 50, 5, 50, 20)), "d_l must be positive and was not set");
    }

    private static void assertMessage(CiderNetworkConfig.Builder b, String fragment) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, b::build);
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }
}
