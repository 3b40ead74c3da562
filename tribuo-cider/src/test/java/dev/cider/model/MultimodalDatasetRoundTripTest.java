package dev.cider.model;

import dev.cider.data.MultimodalExample;
import org.junit.jupiter.api.Test;
import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.protos.core.DatasetProto;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;

/**
 * A Tribuo dataset of multimodal utterances round-trips through protobuf as multimodal utterances that a CIDer model
 * predicts exactly as the originals.
 */
class MultimodalDatasetRoundTripTest {

    @Test
    void aDatasetOfMultimodalExamplesRoundTripsAndPredictsTheSame() throws IOException {
        List<MultimodalExample> originals = new ArrayList<>(FrozenModelFixture.utterances(20, 123));
        // an incomplete copy (a missing-data mask applied) keeps the complete text it was derived from
        MultimodalExample complete = originals.get(0);
        boolean[] textKeep = new boolean[complete.getText().steps()];
        java.util.Arrays.fill(textKeep, true);
        textKeep[1] = false;
        boolean[] audioKeep = new boolean[complete.getAudio().steps()];
        java.util.Arrays.fill(audioKeep, true);
        audioKeep[0] = false;
        boolean[] visionKeep = new boolean[complete.getVision().steps()];
        java.util.Arrays.fill(visionKeep, true);
        MultimodalExample masked = complete.withKeepMasks(textKeep, audioKeep, visionKeep);
        masked.setWeight(0.5f);
        masked.setMetadataValue("speaker", "s1");
        originals.add(masked);

        MutableDataset<Label> dataset = FrozenModelFixture.dataset(originals, "round trip");
        DatasetProto proto = dataset.serialize();
        Dataset<?> read = Dataset.deserialize(DatasetProto.parseFrom(proto.toByteArray()));
        assertEquals(dataset.getFeatureMap().size(), read.getFeatureMap().size());
        List<MultimodalExample> copies = new ArrayList<>();
        for (Example<?> ex : read) {
            copies.add(assertInstanceOf(MultimodalExample.class, ex));
        }
        assertEquals(originals.size(), copies.size());
        for (int i = 0; i < originals.size(); i++) {
            MultimodalExample o = originals.get(i);
            MultimodalExample c = copies.get(i);
            assertNotSame(o, c);
            assertEquals(o.getId(), c.getId());
            assertEquals(o.getRawText(), c.getRawText());
            assertEquals(o.getScore(), c.getScore());
            assertEquals(o.getOutput(), c.getOutput());
            assertEquals(o.getWeight(), c.getWeight());
            assertEquals(o.getText(), c.getText());
            assertEquals(o.getCompleteText(), c.getCompleteText());
            assertEquals(o.getText().truncatedPieces(), c.getText().truncatedPieces());
            assertEquals(o.getAudio(), c.getAudio());
            assertEquals(o.getVision(), c.getVision());
            assertEquals(o.getSpecialTokens(), c.getSpecialTokens());
            assertEquals(o.pooledFeatureNames(), c.pooledFeatureNames());
            assertEquals(o.getMetadata().keySet(), c.getMetadata().keySet());
        }
        assertEquals("s1", copies.get(copies.size() - 1).getMetadataValue("speaker").orElseThrow());
        assertEquals(masked.getText().tokenId(1), copies.get(copies.size() - 1).getText().tokenId(1));

        try (InputStream in = getClass().getResourceAsStream("/dev/cider/model/frozen/" + FrozenModelFixture.MODEL);
             CiderModel model = (CiderModel) Model.deserializeFromStream(in)) {
            List<Prediction<Label>> before = model.predict(originals, true);
            List<Prediction<Label>> after = model.predict(copies, true);
            for (int i = 0; i < originals.size(); i++) {
                assertArrayEquals(probabilities(model, before.get(i)), probabilities(model, after.get(i)), 0.0,
                        "utterance " + originals.get(i).getId());
            }
        }
    }

    private static double[] probabilities(CiderModel model, Prediction<Label> p) {
        return model.getTask().classNames().stream().mapToDouble(n -> p.getOutputScores().get(n).getScore()).toArray();
    }
}
