package dev.cider.repro;

import dev.cider.data.MultimodalSplits;
import dev.cider.data.SentimentTask;
import dev.cider.data.source.SyntheticPreset;
import dev.cider.data.source.SyntheticSource;
import dev.cider.model.CiderModel;
import dev.cider.runtime.TextRepresentation;
import dev.cider.text.EncodedTextSource;
import dev.cider.text.MiniLmModel;
import dev.cider.text.OnnxTextEncoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A model in token-feature mode, trained on an {@link EncodedTextSource} with the trainer's text encoder for its
 * counterfactual texts: both encoders are rebuilt from the provenance and the reproduction is identical.
 */
class EncodedModelReproductionTest {

    @TempDir
    Path dir;

    @Test
    void aTokenFeatureModelWithItsTextEncoderIsReproduced() throws Exception {
        Path file;
        try (OnnxTextEncoder encoder = new OnnxTextEncoder(MiniLmModel.QUANTISED, 16, 1)) {
            SyntheticSource inner = SyntheticSource.builder(SyntheticPreset.MOSI_ALIGNED).task(SentimentTask.BINARY).seed(5)
                    .sizes(48, 16, 16).build();
            MultimodalSplits splits = MultimodalSplits.load(new EncodedTextSource(inner, encoder, null));
            try (CiderModel model = ReproductionFixtures.tinyTrainer(3, 2).toBuilder().textEncoder(encoder).build().train(splits)) {
                assertEquals(TextRepresentation.TOKEN_FEATURES, model.getNetworkSpec().text());
                assertTrue(model.getTextEncoderSpec().isPresent());
                file = ReproductionFixtures.save(model, dir.resolve("encoded.tribuo"));
            }
        }
        ReproductionReport report = new ModelReproducer().reproduce(file);
        assertTrue(report.trainingData().startsWith("EncodedTextSource("), report.trainingData());
        assertTrue(report.parameters().identical(), () -> report.parameters().differingGroups().toString());
        assertTrue(report.predictions().identical(), report.predictions().toString());
        assertTrue(report.significantDifferences().isEmpty(), () -> report.significantDifferences().toString());
        assertTrue(report.identical());
    }
}
