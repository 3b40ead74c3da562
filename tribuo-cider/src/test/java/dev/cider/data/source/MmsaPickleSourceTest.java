package dev.cider.data.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.PrimitiveProvenance;
import dev.cider.data.DataLayout;
import dev.cider.data.DataSplit;
import dev.cider.data.FeatureSequence;
import dev.cider.data.MultimodalExample;
import dev.cider.data.MultimodalSplits;
import dev.cider.data.SentimentTask;
import dev.cider.data.source.pickle.NumpyArray;
import dev.cider.data.source.pickle.NumpyUnpickler;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.provenance.DataProvenance;
import org.tribuo.provenance.DatasetProvenance;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reads every MMSA fixture written by {@code mmsa/make_fixtures.py} and compares each utterance with the
 * expectations the script wrote to {@code fixtures.json}.
 */
class MmsaPickleSourceTest {

    private static Path dir;
    private static JsonNode fixtures;

    @BeforeAll
    static void loadExpectations() throws IOException, URISyntaxException {
        dir = Path.of(MmsaPickleSourceTest.class.getResource("/mmsa/fixtures.json").toURI()).getParent();
        fixtures = new ObjectMapper().readTree(dir.resolve("fixtures.json").toFile());
    }

    @Test
    void everyFixtureMatchesTheGeneratorsExpectations() {
        JsonNode files = fixtures.get("files");
        assertTrue(files.size() >= 6, "at least aligned and unaligned in protocols 2, 4 and 5");
        for (JsonNode f : files) {
            Path file = dir.resolve(f.get("file").asText());
            JsonNode dataset = fixtures.get("datasets").get(f.get("dataset").asText());
            boolean hasFeatures = f.get("has_text_features").asBoolean();
            for (DataSplit split : DataSplit.values()) {
                String ctx = file.getFileName() + "/" + split.canonicalName();
                List<MultimodalExample> binary = new MmsaPickleSource(file, split, SentimentTask.BINARY).examples();
                List<MultimodalExample> seven = new MmsaPickleSource(file, split, SentimentTask.SEVEN).examples();
                JsonNode expected = dataset.get("splits").get(split.canonicalName());
                assertEquals(expected.size(), binary.size(), ctx + " size");
                assertEquals(new DataLayout(dataset.get("text_steps").asInt(), hasFeatures ? dataset.get("text_feature_dim").asInt() : 0,
                                dataset.get("audio_steps").asInt(), dataset.get("audio_dim").asInt(),
                                dataset.get("vision_steps").asInt(), dataset.get("vision_dim").asInt()),
                        DataLayout.of(binary.get(0)), ctx + " layout");
                for (int i = 0; i < expected.size(); i++) {
                    checkUtterance(expected.get(i), binary.get(i), seven.get(i), hasFeatures, ctx + "[" + i + "]");
                }
            }
        }
    }

    private static void checkUtterance(JsonNode exp, MultimodalExample ex, MultimodalExample ex7, boolean hasFeatures, String ctx) {
        assertEquals(exp.get("id").asText(), ex.getId(), ctx);
        assertEquals(exp.get("raw_text").asText(), ex.getRawText(), ctx);
        // float32 files hold the float32 rounding of the score
        assertEquals((float) exp.get("score").asDouble(), (float) ex.getScore(), 0f, ctx + " score");
        assertEquals(exp.get("binary").asText(), ex.getOutput().getLabel(), ctx + " binary label");
        assertEquals(exp.get("seven").asText(), ex7.getOutput().getLabel(), ctx + " seven label");
        assertEquals(exp.get("text_length").asInt(), ex.getText().length(), ctx + " text length");
        assertEquals(exp.get("audio_length").asInt(), ex.getAudio().length(), ctx + " audio length");
        assertEquals(exp.get("vision_length").asInt(), ex.getVision().length(), ctx + " vision length");
        assertArrayEquals(ints(exp.get("token_ids")), ex.getText().tokenIds(), ctx + " token ids");
        assertArrayEquals(floats(exp.get("audio")), ex.getAudio().toArray(), 0f, ctx + " audio");
        assertArrayEquals(floats(exp.get("vision")), ex.getVision().toArray(), 0f, ctx + " vision");
        if (hasFeatures) {
            FeatureSequence tf = ex.getText().tokenFeatures().orElseThrow(() -> new AssertionError(ctx + ": no token features"));
            assertArrayEquals(floats(exp.get("text_features")), tf.toArray(), 0f, ctx + " token features");
            assertEquals(ex.getText().length(), tf.length(), ctx);
        } else {
            assertFalse(ex.getText().tokenFeatures().isPresent(), ctx + ": token features although the file has none");
        }
    }

    private static int[] ints(JsonNode node) {
        int[] out = new int[node.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = node.get(i).asInt();
        }
        return out;
    }

    private static float[] floats(JsonNode node) {
        float[] out = new float[node.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) node.get(i).asDouble();
        }
        return out;
    }

    @Test
    void nonFiniteAudioAndVisionBecomeZero() {
        Path file = dir.resolve("unaligned_p4_f32.pkl");
        Map<?, ?> train = (Map<?, ?>) ((Map<?, ?>) NumpyUnpickler.read(file)).get("train");
        List<MultimodalExample> examples = new MmsaPickleSource(file, DataSplit.TRAIN, SentimentTask.BINARY).examples();
        int negInf = 0;
        int nan = 0;
        for (String key : new String[]{"audio", "vision"}) {
            NumpyArray raw = (NumpyArray) train.get(key);
            for (int i = 0; i < examples.size(); i++) {
                float[] rawValues = raw.toFloatArray(raw.flatIndex(i), (int) (raw.dim(1) * raw.dim(2)));
                FeatureSequence seq = key.equals("audio") ? examples.get(i).getAudio() : examples.get(i).getVision();
                float[] read = seq.toArray();
                for (int j = 0; j < rawValues.length; j++) {
                    if (rawValues[j] == Float.NEGATIVE_INFINITY) {
                        negInf++;
                        assertEquals(0f, read[j], key + " of utterance " + i + " at " + j);
                    } else if (Float.isNaN(rawValues[j])) {
                        nan++;
                        assertEquals(0f, read[j], key + " of utterance " + i + " at " + j);
                    } else {
                        assertEquals(rawValues[j], read[j], key + " of utterance " + i + " at " + j);
                    }
                }
            }
        }
        assertTrue(negInf > 0, "the fixture has -inf audio values");
        assertTrue(nan > 0, "the fixture has NaN vision values");
    }

    @Test
    void textFeaturesCanBeLeftOutAndExamplesCapped() {
        Path file = dir.resolve("aligned_p5_f64.pkl");
        MmsaPickleSource source = new MmsaPickleSource(file, DataSplit.TRAIN, SentimentTask.BINARY, false, 3);
        List<MultimodalExample> examples = source.examples();
        assertEquals(3, examples.size());
        JsonNode expected = fixtures.get("datasets").get("aligned").get("splits").get("train");
        for (int i = 0; i < examples.size(); i++) {
            assertFalse(examples.get(i).getText().tokenFeatures().isPresent());
            assertEquals(expected.get(i).get("id").asText(), examples.get(i).getId());
        }
        assertEquals(0, source.getLayout().textFeatureDim());
        assertTrue(examples.get(0).pooledFeatureNames().stream().anyMatch(n -> n.startsWith("text.tok.")),
                "without token features the pooled text features are token frequencies");
    }

    @Test
    void splitsLoadFromOneDecodeWithProvenance() throws IOException, NoSuchAlgorithmException {
        Path file = dir.resolve("unaligned_p5_f32.pkl");
        MmsaPickleCache.clear();
        int before = MmsaPickleCache.decodeCount();
        MultimodalSplits splits = MultimodalSplits.load(new MmsaPickleSource(file, DataSplit.VALID, SentimentTask.SEVEN));
        assertEquals(1, MmsaPickleCache.decodeCount() - before, "train, valid and test share one decode");
        assertEquals(Map.of("train", 4, "valid", 2, "test", 3), splits.sizes());
        assertEquals(SentimentTask.SEVEN, splits.task());
        assertFalse(splits.layout().aligned());

        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        for (DataSplit split : DataSplit.values()) {
            DataProvenance p = splits.provenance(split);
            DataProvenance source = assertInstanceOf(DatasetProvenance.class, p).getSourceProvenance();
            MultimodalSourceProvenance mp = assertInstanceOf(MultimodalSourceProvenance.class, source);
            PrimitiveProvenance<?> hash = mp.getInstanceValues().get(MultimodalSourceProvenance.FILE_HASH_PREFIX + MmsaPickleSource.FILE_KEY);
            assertEquals(sha, String.valueOf(hash.getValue()).toLowerCase(), split + " hash");
            assertEquals("none", String.valueOf(mp.getInstanceValues().get(MultimodalSourceProvenance.SYNTHETIC_MODALITIES).getValue()));
            assertEquals(split.canonicalName(), String.valueOf(mp.getConfiguredParameters().get("split")));
            assertTrue(String.valueOf(mp.getConfiguredParameters().get("path")).contains("unaligned_p5_f32.pkl"), mp.toString());
        }
    }

    @Test
    void brokenFilesGiveClearErrors(@TempDir Path tmp) {
        Iterator<Map.Entry<String, JsonNode>> it = fixtures.get("errors").fields();
        int checked = 0;
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            Path file = dir.resolve(e.getKey());
            DataSplit split = e.getValue().has("split") ? DataSplit.parse(e.getValue().get("split").asText()) : DataSplit.TRAIN;
            MmsaPickleSource source = new MmsaPickleSource(file, split, SentimentTask.BINARY);
            IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, source::examples, e.getKey());
            for (JsonNode part : e.getValue().get("message_contains")) {
                assertTrue(ex.getMessage().contains(part.asText()), e.getKey() + ": '" + part.asText() + "' missing from: " + ex.getMessage());
            }
            checked++;
        }
        assertEquals(5, checked);
        // the other splits of the files with one broken split still load
        assertEquals(2, new MmsaPickleSource(dir.resolve("wrong_key.pkl"), DataSplit.VALID, SentimentTask.BINARY).examples().size());
        assertEquals(2, new MmsaPickleSource(dir.resolve("bad_dtype.pkl"), DataSplit.VALID, SentimentTask.BINARY).examples().size());

        Path missing = tmp.resolve("aligned_50.pkl");
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                new MmsaPickleSource(missing, DataSplit.TEST, SentimentTask.BINARY)::examples);
        assertTrue(ex.getMessage().contains(missing.toString()) && ex.getMessage().contains("does not exist"), ex.getMessage());
    }

    @Test
    void configurableThroughOlcut(@TempDir Path tmp) throws IOException {
        Path file = dir.resolve("aligned_p4_f32.pkl");
        Path xml = tmp.resolve("config.xml");
        Files.writeString(xml, "<config>\n"
                + " <component name=\"mosi\" type=\"dev.cider.data.source.MmsaPickleSource\">\n"
                + "  <property name=\"path\" value=\"" + file + "\"/>\n"
                + "  <property name=\"split\" value=\"dev\"/>\n"
                + "  <property name=\"task\" value=\"SEVEN\"/>\n"
                + "  <property name=\"textFeatures\" value=\"false\"/>\n"
                + "  <property name=\"maxExamples\" value=\"1\"/>\n"
                + " </component>\n"
                + " <component name=\"missing\" type=\"dev.cider.data.source.MmsaPickleSource\">\n"
                + "  <property name=\"path\" value=\"" + tmp.resolve("nope.pkl") + "\"/>\n"
                + " </component>\n"
                + "</config>\n");
        ConfigurationManager cm = new ConfigurationManager(xml.toString());
        MmsaPickleSource source = (MmsaPickleSource) cm.lookup("mosi");
        assertEquals(DataSplit.VALID, source.getSplit());
        assertEquals(SentimentTask.SEVEN, source.getTask());
        List<MultimodalExample> examples = source.examples();
        assertEquals(1, examples.size());
        JsonNode first = fixtures.get("datasets").get("aligned").get("splits").get("valid").get(0);
        assertEquals(first.get("id").asText(), examples.get(0).getId());
        assertEquals(first.get("seven").asText(), examples.get(0).getOutput().getLabel());
        assertFalse(examples.get(0).getText().tokenFeatures().isPresent());
        PropertyException pe = assertThrows(PropertyException.class, () -> cm.lookup("missing"));
        assertTrue(pe.getMessage().contains("nope.pkl") && pe.getMessage().contains("does not exist"), pe.getMessage());
        cm.close();
    }
}
