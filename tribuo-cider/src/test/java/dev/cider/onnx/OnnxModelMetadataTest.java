package dev.cider.onnx;

import dev.cider.data.MultimodalSplits;
import dev.cider.data.SentimentTask;
import dev.cider.data.SpecialTokens;
import dev.cider.data.source.SyntheticPreset;
import dev.cider.data.source.SyntheticSource;
import dev.cider.maci.BiasWords;
import dev.cider.model.CiderModel;
import dev.cider.text.TextEncoderSpec;
import dev.cider.train.CiderArchitecture;
import dev.cider.train.CiderTrainer;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The export's metadata entries read back as written, malformed or foreign metadata is refused naming the problem,
 * and a model that reads token ids is refused by the export.
 */
class OnnxModelMetadataTest {

    private static OnnxModelMetadata sample() {
        return new OnnxModelMetadata(new WholeModelInput(new FlatInput(24, 384, 30, 5, 40, 4), true), SentimentTask.SEVEN, 0.7,
                new BiasWords(new int[]{1037, 2204}, 0.1, 100), new SpecialTokens(0, 100, 101, 102, 103),
                Optional.of(new TextEncoderSpec("dev.cider.text.OnnxTextEncoder", Map.of("model", "QUANTISED"), "ab".repeat(32))), "m");
    }

    @Test
    void roundTrips() {
        OnnxModelMetadata m = sample();
        OnnxModelMetadata back = OnnxModelMetadata.fromMap(m.toMap(), "test");
        assertEquals(m.input(), back.input());
        assertEquals(m.task(), back.task());
        assertEquals(m.tau(), back.tau());
        assertEquals(m.biasWords(), back.biasWords());
        assertEquals(m.specialTokens(), back.specialTokens());
        assertEquals(m.textEncoder(), back.textEncoder());
        assertEquals(24 * 384 + 30 * 5 + 40 * 4 + 3 + 24 * 384 + 1, back.input().width());
    }

    @Test
    void refusesForeignAndMalformedMetadata() {
        IllegalArgumentException foreign = assertThrows(IllegalArgumentException.class, () -> OnnxModelMetadata.fromMap(Map.of(), "x.onnx"));
        assertTrue(foreign.getMessage().contains("x.onnx is not a CIDer ONNX export"), foreign.getMessage());
        Map<String, String> bad = new HashMap<>(sample().toMap());
        bad.put(OnnxModelMetadata.INPUT, "24,384");
        IllegalArgumentException malformed = assertThrows(IllegalArgumentException.class, () -> OnnxModelMetadata.fromMap(bad, "y.onnx"));
        assertTrue(malformed.getMessage().contains("y.onnx: malformed CIDer metadata") && malformed.getMessage().contains("expected 7"),
                malformed.getMessage());
    }

    @Test
    void aTokenIdModelIsRefused() {
        MultimodalSplits splits = MultimodalSplits.load(SyntheticSource.builder(SyntheticPreset.MOSI_ALIGNED).task(SentimentTask.BINARY)
                .seed(4).sizes(16, 8, 8).build());
        try (CiderModel model = CiderTrainer.builder(SentimentTask.BINARY, 1).schedule(1, 8, 1)
                .showProgress(false).architecture(CiderArchitecture.builder().size(8, 1, 2).build()).build().train(splits)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.exportONNXModel("dev.cider.test", 1));
            assertTrue(e.getMessage().contains("the ONNX export takes token features"), e.getMessage());
        }
    }
}
