package dev.cider.model;

import dev.cider.data.MultimodalExample;
import org.junit.jupiter.api.Test;
import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.protos.core.ModelProto;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A model file written by this version of CIDer (and a dataset of utterances), frozen into the test resources with the
 * predictions the model made when it was written ({@link FrozenModelFixture}): a format change that stops reading saved
 * models, or changes their predictions, fails here.
 */
class FrozenModelTest {

    private static final String DIR = "/dev/cider/model/frozen/";

    private static InputStream resource(String name) {
        InputStream in = FrozenModelTest.class.getResourceAsStream(DIR + name);
        if (in == null) {
            throw new IllegalStateException("Missing test resource " + DIR + name);
        }
        return in;
    }

    private static CiderModel frozenModel() throws IOException {
        try (InputStream in = resource(FrozenModelFixture.MODEL)) {
            return assertInstanceOf(CiderModel.class, Model.deserializeFromStream(in));
        }
    }

    private static List<MultimodalExample> frozenUtterances() throws IOException {
        try (InputStream in = resource(FrozenModelFixture.UTTERANCES)) {
            Dataset<?> d = Dataset.deserializeFromStream(in);
            List<MultimodalExample> out = new ArrayList<>();
            for (Example<?> ex : d) {
                out.add(assertInstanceOf(MultimodalExample.class, ex));
            }
            return out;
        }
    }

    private static List<String[]> expectedPredictions() throws IOException {
        List<String[]> rows = new ArrayList<>();
        try (InputStream in = resource(FrozenModelFixture.PREDICTIONS)) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    rows.add(line.split("\t"));
                }
            }
        }
        return rows;
    }

    @Test
    void theFrozenModelPredictsWhatItPredictedWhenItWasWritten() throws IOException {
        List<MultimodalExample> utterances = frozenUtterances();
        List<String[]> expected = expectedPredictions();
        assertEquals(expected.size(), utterances.size());
        try (CiderModel model = frozenModel()) {
            List<Prediction<Label>> predictions = model.predict(utterances, model.isDebiasing());
            for (int i = 0; i < utterances.size(); i++) {
                String[] row = expected.get(i);
                assertEquals(row[0], utterances.get(i).getId());
                assertEquals(row[1], predictions.get(i).getOutput().getLabel(), "utterance " + row[0]);
                for (int c = 2; c < row.length; c++) {
                    String[] classAndProbability = row[c].split("=");
                    double probability = predictions.get(i).getOutputScores().get(classAndProbability[0]).getScore();
                    assertEquals(Double.parseDouble(classAndProbability[1]), probability, 1e-6,
                            "utterance " + row[0] + ", class " + classAndProbability[0]);
                }
            }
        }
    }

    @Test
    void theFrozenFileIsOfTheCurrentFormatVersion() throws IOException {
        try (InputStream in = resource(FrozenModelFixture.MODEL)) {
            assertEquals(CiderModel.CURRENT_VERSION, ModelProto.parseFrom(in).getVersion());
        }
    }

    @Test
    void rewritingTheFrozenModelGivesTheSameBytes() throws IOException {
        byte[] frozen;
        try (InputStream in = resource(FrozenModelFixture.MODEL)) {
            frozen = in.readAllBytes();
        }
        try (CiderModel model = frozenModel()) {
            assertTrue(java.util.Arrays.equals(frozen, model.serialize().toByteArray()), "a reloaded model writes another file");
        }
    }

    @Test
    void anOlderFormatVersionIsRefusedNamingIt() throws IOException {
        ModelProto proto;
        try (InputStream in = resource(FrozenModelFixture.MODEL)) {
            proto = ModelProto.parseFrom(in).toBuilder().setVersion(0).build();
        }
        Throwable e = assertThrows(RuntimeException.class, () -> Model.deserialize(proto));
        String messages = messages(e);
        assertTrue(messages.contains("CiderModel format version 0 cannot be read") && messages.contains("reads only version 1")
                && messages.contains("train the model again"), messages);
        ModelProto newer = proto.toBuilder().setVersion(CiderModel.CURRENT_VERSION + 1).build();
        String newerMessages = messages(assertThrows(RuntimeException.class, () -> Model.deserialize(newer)));
        assertTrue(newerMessages.contains("written by a newer CIDer"), newerMessages);
    }

    private static String messages(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            sb.append(t.getMessage()).append(" | ");
        }
        return sb.toString();
    }
}
