package dev.cider.model;

import dev.cider.data.MultimodalExample;
import dev.cider.data.MultimodalSplits;
import dev.cider.data.SentimentTask;
import dev.cider.data.DataSplit;
import dev.cider.data.source.SyntheticPreset;
import dev.cider.data.source.SyntheticSource;
import org.junit.jupiter.api.Test;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.baseline.DummyClassifierTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FeatureDomainCheckTest {

    private static MultimodalSplits corpus(SyntheticPreset preset, long seed) {
        return MultimodalSplits.load(SyntheticSource.builder(preset).task(SentimentTask.BINARY).seed(seed).sizes(12, 4, 6).build());
    }

    private static Model<Label> trainedOn(MutableDataset<Label> data) {
        return DummyClassifierTrainer.createMostFrequentTrainer().train(data);
    }

    @Test
    void aModelAcceptsDataOfItsTrainingShapeAndRefusesAnother() {
        MultimodalSplits mosi = corpus(SyntheticPreset.MOSI_ALIGNED, 1);
        Model<Label> model = trainedOn(mosi.train());
        assertDoesNotThrow(() -> FeatureDomainCheck.check(model, mosi.examples(DataSplit.TEST), "mosi test"));
        // Another seed draws other token ids (an open vocabulary), and unaligned data pools to the same features.
        assertDoesNotThrow(() -> FeatureDomainCheck.check(model, corpus(SyntheticPreset.MOSI_UNALIGNED, 2).examples(DataSplit.TEST), "other"));

        List<MultimodalExample> mosei = corpus(SyntheticPreset.MOSEI_ALIGNED, 1).examples(DataSplit.TEST);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FeatureDomainCheck.check(model, mosei, "mosei test"));
        // MOSEI has 74-d audio and 35-d vision against MOSI's 5 and 20: (69 + 15) dimensions, a mean and a std each.
        assertTrue(e.getMessage().contains("168 features of the data unknown to the model (audio.mean.5, audio.mean.6,"), e.getMessage());
        assertTrue(e.getMessage().contains("mosei test"), e.getMessage());
        assertTrue(e.getMessage().contains("DummyClassifierModel"), e.getMessage());
    }

    @Test
    void absentFeaturesAreCountedAndNamed() {
        MultimodalSplits mosei = corpus(SyntheticPreset.MOSEI_ALIGNED, 1);
        Model<Label> model = trainedOn(mosei.train());
        List<MultimodalExample> mosi = corpus(SyntheticPreset.MOSI_ALIGNED, 1).examples(DataSplit.TEST);
        String problem = FeatureDomainCheck.mismatch(model.getFeatureIDMap(), mosi);
        assertTrue(problem != null && problem.startsWith("168 model features absent from the data (audio.mean.5, "), problem);
        assertTrue(problem.endsWith(", ...)"), problem);
    }

    @Test
    void aModelOfSomeFeatureFamiliesIgnoresTheOthers() {
        MultimodalSplits mosi = corpus(SyntheticPreset.MOSI_ALIGNED, 1);
        MutableDataset<Label> audioOnly = new MutableDataset<>(new SimpleDataSourceProvenance("audio", new LabelFactory()), new LabelFactory());
        for (Example<Label> ex : mosi.train()) {
            ArrayExample<Label> copy = new ArrayExample<>(ex.getOutput());
            ex.forEach(f -> {
                if (f.getName().startsWith("audio.")) {
                    copy.add(f.getName(), f.getValue());
                }
            });
            audioOnly.add(copy);
        }
        assertEquals(null, FeatureDomainCheck.mismatch(trainedOn(audioOnly).getFeatureIDMap(), mosi.examples(DataSplit.TEST)));
    }

    @Test
    void tokenIdFeaturesAgainstTokenFeaturesAreRefused() {
        MutableDataset<Label> ids = dataset(List.of("text.tok.7", "text.tok.9", "text.present"));
        List<ArrayExample<Label>> features = List.of(example(List.of("text.mean.0", "text.std.0", "text.present")));
        String problem = FeatureDomainCheck.mismatch(trainedOn(ids).getFeatureIDMap(), features);
        assertTrue(problem != null && problem.contains("reads token-id frequencies (text.tok.*) but the data has none"), problem);

        MutableDataset<Label> pooled = dataset(List.of("text.mean.0", "text.std.0", "text.present"));
        List<ArrayExample<Label>> tokens = List.of(example(List.of("text.tok.7", "text.present")));
        problem = FeatureDomainCheck.mismatch(trainedOn(pooled).getFeatureIDMap(), tokens);
        assertTrue(problem != null && problem.contains("2 model features absent from the data (text.mean.0, text.std.0)"), problem);
    }

    @Test
    void familiesDropOnlyANumericIndex() {
        assertEquals("audio.mean", FeatureDomainCheck.family("audio.mean.12"));
        assertEquals("text.present", FeatureDomainCheck.family("text.present"));
        assertEquals("text.tok", FeatureDomainCheck.family("text.tok.2204"));
    }

    private static MutableDataset<Label> dataset(List<String> names) {
        MutableDataset<Label> d = new MutableDataset<>(new SimpleDataSourceProvenance("test", new LabelFactory()), new LabelFactory());
        d.add(example(names));
        return d;
    }

    private static ArrayExample<Label> example(List<String> names) {
        ArrayExample<Label> ex = new ArrayExample<>(new Label("positive"));
        for (String n : names) {
            ex.add(n, 0.5);
        }
        return ex;
    }
}
