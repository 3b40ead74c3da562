package dev.cider.train;

import dev.cider.data.MultimodalSplits;
import dev.cider.data.SentimentTask;
import dev.cider.data.source.SyntheticPreset;
import dev.cider.data.source.SyntheticSource;
import dev.cider.runtime.TextRepresentation;
import dev.cider.text.EncodedTextSource;
import dev.cider.text.MiniLmModel;
import dev.cider.text.OnnxTextEncoder;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A trainer whose text input mode does not fit the data is refused before training, saying which mode it is set to
 * and what the data holds.
 */
class CiderTrainerTextModeTest {

    private static SyntheticSource ids() {
        return SyntheticSource.builder(SyntheticPreset.MOSI_ALIGNED).task(SentimentTask.BINARY).seed(5).sizes(24, 8, 8).build();
    }

    private static CiderTrainer trainer(TextRepresentation text) {
        return CiderTrainer.builder(SentimentTask.BINARY, 3).schedule(1, 8, 1).showProgress(false)
                .textRepresentation(text)
                .architecture(CiderArchitecture.builder().size(16, 1, 2).tokenEmbedding(16, 30522).build()).build();
    }

    @Test
    void tokenFeaturesModeOnTokenIdDataIsRefused() {
        MultimodalSplits splits = MultimodalSplits.load(ids());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> trainer(TextRepresentation.TOKEN_FEATURES).train(splits));
        assertTrue(e.getMessage().startsWith("textRepresentation is TOKEN_FEATURES (precomputed token features) but the data carries"
                + " token ids only (text 50 (ids), "), e.getMessage());
    }

    @Test
    void tokenIdModeOnTokenFeatureDataIsRefusedBeforeTraining() {
        try (OnnxTextEncoder encoder = new OnnxTextEncoder(MiniLmModel.QUANTISED, 16, 1)) {
            MultimodalSplits splits = MultimodalSplits.load(new EncodedTextSource(ids(), encoder, null));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> trainer(TextRepresentation.TOKEN_IDS).train(splits));
            assertTrue(e.getMessage().startsWith("textRepresentation is TOKEN_IDS (a trainable token embedding) but the data carries"
                    + " 384-d token features (text 50x384, "), e.getMessage());
        }
    }
}
