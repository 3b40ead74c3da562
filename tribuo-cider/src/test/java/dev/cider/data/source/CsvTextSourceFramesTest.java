package dev.cider.data.source;

import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.provenance.PrimitiveProvenance;
import dev.cider.data.BertTokenizer;
import dev.cider.data.DataLayout;
import dev.cider.data.DataSplit;
import dev.cider.data.FeatureSequence;
import dev.cider.data.MultimodalExample;
import dev.cider.data.MultimodalSplits;
import dev.cider.data.SentimentTask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Feature;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.classification.baseline.DummyClassifierTrainer;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Audio and vision of a text CSV (absent, or synthetic and label-conditioned), provenance, and OLCUT configuration.
 */
class CsvTextSourceFramesTest {

    @TempDir
    Path dir;

    private static final String SMALL = "id,text,label,mode\n"
            + "a_1,it was really good,2.4,train\n"
            + "a_2,i did not like the ending at all,-1.5,train\n"
            + "a_3,ok,0,train\n"
            + "b_1,so so,0.2,dev\n"
            + "c_1,\"bad, bad, bad\",-3,test\n";

    private Path write(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content);
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private static MultimodalSourceProvenance prov(CsvTextSource source) {
        return (MultimodalSourceProvenance) source.getProvenance();
    }

    private static Map<String, MultimodalExample> byId(List<MultimodalExample> examples) {
        Map<String, MultimodalExample> out = new HashMap<>();
        examples.forEach(e -> out.put(e.getId(), e));
        return out;
    }

    private static double feature(MultimodalExample ex, String name) {
        for (Feature f : ex) {
            if (f.getName().equals(name)) {
                return f.getValue();
            }
        }
        throw new AssertionError("no feature " + name + " in " + ex.pooledFeatureNames());
    }

    @Test
    void absentAudioVisionWorksEndToEnd() throws Exception {
        Path csv = write("small.csv", SMALL);
        CsvTextSource defaults = new CsvTextSource(csv, DataSplit.TRAIN, SentimentTask.BINARY);
        assertEquals(new DataLayout(50, 0, 375, 5, 500, 20), defaults.getLayout());

        CsvTextSource source = CsvTextSource.builder(csv).absent(4, 3, 6, 2).build();
        MultimodalExample ex = source.examples().get(0);
        assertEquals(0, ex.getAudio().length());
        assertEquals(0, ex.getVision().length());
        assertEquals(FeatureSequence.zeros(4, 3, 0), ex.getAudio());
        assertEquals(0.0, feature(ex, MultimodalExample.AUDIO_PRESENT));
        assertEquals(0.0, feature(ex, MultimodalExample.VISION_PRESENT));
        assertEquals(0.0, feature(ex, "audio.mean.2"));
        assertEquals(0.0, feature(ex, "vision.std.1"));
        assertEquals(1.0, feature(ex, MultimodalExample.TEXT_PRESENT));

        MultimodalSplits splits = MultimodalSplits.load(source);
        assertEquals(Map.of("train", 3, "valid", 1, "test", 1), splits.sizes());
        assertEquals(new DataLayout(50, 0, 4, 3, 6, 2), splits.layout());
        assertNotNull(splits.train().getFeatureIDMap().get(MultimodalExample.AUDIO_PRESENT));

        // a missing pattern's masks leave the empty modalities alone and still drop text tokens
        boolean[] dropAll = new boolean[50];
        MultimodalExample masked = ex.withKeepMasks(dropAll, new boolean[4], new boolean[6]);
        assertEquals(0.0, feature(masked, MultimodalExample.TEXT_PRESENT));
        assertEquals(0, masked.getAudio().length());

        // any Tribuo trainer can use the pooled features
        Model<Label> model = DummyClassifierTrainer.createMostFrequentTrainer().train(splits.train());
        assertEquals(1, model.predict(splits.test()).size());

        assertEquals(CsvTextSource.ABSENT_AUDIO_VISION, prov(source).getInstanceValues()
                .get(MultimodalSourceProvenance.SYNTHETIC_MODALITIES).getValue());
    }

    @Test
    void syntheticFramesAreDeterministicPerUtteranceWithWordCountLengths() throws Exception {
        Path csv = write("small.csv", SMALL);
        CsvTextSource.Builder b = CsvTextSource.builder(csv).synthetic(12, 3, 20, 4, 7L).framesPerWord(2.0, 2.5);
        List<MultimodalExample> first = b.build().examples();
        List<MultimodalExample> again = b.build().examples();
        for (int i = 0; i < first.size(); i++) {
            assertEquals(first.get(i).getAudio(), again.get(i).getAudio());
            assertEquals(first.get(i).getVision(), again.get(i).getVision());
        }
        Map<String, MultimodalExample> train = byId(first);
        // words: "it was really good" = 4, "i did not like the ending at all" = 8 (clamped), "ok" = 1
        assertEquals(8, train.get("a_1").getAudio().length());
        assertEquals(10, train.get("a_1").getVision().length());
        assertEquals(12, train.get("a_2").getAudio().length());
        assertEquals(20, train.get("a_2").getVision().length());
        assertEquals(2, train.get("a_3").getAudio().length());
        assertEquals(3, train.get("a_3").getVision().length()); // round(2.5) = 3
        assertTrue(train.get("a_1").getAudio().validMean()[0] != 0.0);
        assertTrue(train.get("a_1").getAudio().isZeroFrame(8), "padding after the valid length is zero");

        // an utterance's frames depend on (seed, id) only: not on the other rows or their order
        Path shuffled = write("shuffled.csv", "id,text,label,mode\n"
                + "z_9,extra row,1,train\n"
                + "a_3,ok,0,train\n"
                + "a_1,it was really good,2.4,train\n");
        Map<String, MultimodalExample> other = byId(CsvTextSource.builder(shuffled).synthetic(12, 3, 20, 4, 7L)
                .framesPerWord(2.0, 2.5).build().examples());
        assertEquals(train.get("a_1").getAudio(), other.get("a_1").getAudio());
        assertEquals(train.get("a_3").getVision(), other.get("a_3").getVision());

        Map<String, MultimodalExample> seed8 = byId(CsvTextSource.builder(csv).synthetic(12, 3, 20, 4, 8L)
                .framesPerWord(2.0, 2.5).build().examples());
        assertNotEquals(train.get("a_1").getAudio(), seed8.get("a_1").getAudio());
        assertNotEquals(train.get("a_1").getAudio().toArray()[0], train.get("a_1").getVision().toArray()[0]);

        MultimodalSourceProvenance prov = prov(b.build());
        assertEquals(CsvTextSource.SYNTHETIC_AUDIO_VISION, prov.getInstanceValues().get(MultimodalSourceProvenance.SYNTHETIC_MODALITIES).getValue());
        assertEquals("SYNTHETIC", ((PrimitiveProvenance<?>) prov.getConfiguredParameters().get("audioVisionMode")).getValue().toString());
        assertEquals("7", ((PrimitiveProvenance<?>) prov.getConfiguredParameters().get("seed")).getValue().toString());
    }

    /** Mean over utterances of each utterance's time-averaged audio frame. */
    private static double[] meanFrame(List<MultimodalExample> examples) {
        double[] sum = new double[examples.get(0).getAudio().dim()];
        for (MultimodalExample e : examples) {
            double[] m = e.getAudio().validMean();
            for (int d = 0; d < sum.length; d++) {
                sum[d] += m[d] / examples.size();
            }
        }
        return sum;
    }

    private double positiveNegativeGap(Path csv, double signal) {
        List<MultimodalExample> ex = CsvTextSource.builder(csv).synthetic(30, 3, 30, 3, 11L).signal(signal, signal, 0.5)
                .framesPerWord(3, 3).build().examples();
        double[] pos = meanFrame(ex.stream().filter(e -> e.getScore() > 0).toList());
        double[] neg = meanFrame(ex.stream().filter(e -> e.getScore() < 0).toList());
        double gap = 0;
        for (int d = 0; d < pos.length; d++) {
            gap += (pos[d] - neg[d]) * (pos[d] - neg[d]);
        }
        return Math.sqrt(gap);
    }

    @Test
    void syntheticFramesCarryTheLabel() throws Exception {
        StringBuilder sb = new StringBuilder("id,text,label,mode\n");
        for (int i = 0; i < 40; i++) {
            sb.append("u_").append(i).append(",one two three four five six seven eight nine ten,").append(i % 2 == 0 ? "3" : "-3").append(",train\n");
        }
        Path csv = write("polar.csv", sb.toString());
        double withSignal = positiveNegativeGap(csv, 2.0);
        double withoutSignal = positiveNegativeGap(csv, 0.0);
        assertTrue(withSignal > 1.5, "positive and negative utterances should differ with signal: gap " + withSignal);
        assertTrue(withoutSignal < 0.6, "without signal the label should not show: gap " + withoutSignal);
    }

    @Test
    void provenanceHashesTheCsvAndTheTokenizerFile() throws Exception {
        Path csv = write("small.csv", SMALL);
        Map<String, PrimitiveProvenance<?>> plain = prov(new CsvTextSource(csv, DataSplit.TEST, SentimentTask.SEVEN)).getInstanceValues();
        assertTrue(sha256(csv).equalsIgnoreCase(plain.get(MultimodalSourceProvenance.FILE_HASH_PREFIX + "csv").getValue().toString()));
        assertEquals(null, plain.get(MultimodalSourceProvenance.FILE_HASH_PREFIX + "tokenizer"));
        assertEquals(1, plain.get(MultimodalSourceProvenance.NUM_EXAMPLES).getValue());

        Path tokenizerJson = dir.resolve("tokenizer.json");
        try (InputStream is = getClass().getResourceAsStream("/" + BertTokenizer.BUNDLED_RESOURCE)) {
            Files.copy(is, tokenizerJson);
        }
        CsvTextSource withTokenizer = CsvTextSource.builder(csv).tokenizer(tokenizerJson).build();
        Map<String, PrimitiveProvenance<?>> iv = prov(withTokenizer).getInstanceValues();
        try (BertTokenizer tok = BertTokenizer.fromFile(tokenizerJson)) {
            assertEquals(tok.tokenizerHash(), iv.get(MultimodalSourceProvenance.FILE_HASH_PREFIX + "tokenizer").getValue());
        }
        assertEquals(iv.get(MultimodalSourceProvenance.FILE_HASH_PREFIX + "csv"), plain.get(MultimodalSourceProvenance.FILE_HASH_PREFIX + "csv"));
    }

    @Test
    void configurableThroughOlcut() throws Exception {
        Path csv = write("custom.csv", "vid|clip|utt|y|part\n"
                + "v1|1|hello there|1|A\n"
                + "v1|2|\"well| hello\"|-1|B\n"
                + "v2|1|bye|0|C\n");
        Path xml = write("config.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<config>\n"
                + "  <component name=\"csv\" type=\"dev.cider.data.source.CsvTextSource\">\n"
                + "    <property name=\"path\" value=\"" + csv + "\"/>\n"
                + "    <property name=\"split\" value=\"valid\"/>\n"
                + "    <property name=\"task\" value=\"SEVEN\"/>\n"
                + "    <propertylist name=\"idColumns\"><item>vid</item><item>clip</item></propertylist>\n"
                + "    <property name=\"idSeparator\" value=\"-\"/>\n"
                + "    <property name=\"separator\" value=\"|\"/>\n"
                + "    <property name=\"textColumn\" value=\"utt\"/>\n"
                + "    <property name=\"labelColumn\" value=\"y\"/>\n"
                + "    <property name=\"splitColumn\" value=\"part\"/>\n"
                + "    <property name=\"trainName\" value=\"a\"/>\n"
                + "    <property name=\"validName\" value=\"b\"/>\n"
                + "    <property name=\"testName\" value=\"c\"/>\n"
                + "    <property name=\"maxTextLength\" value=\"10\"/>\n"
                + "    <property name=\"audioVisionMode\" value=\"SYNTHETIC\"/>\n"
                + "    <property name=\"seed\" value=\"3\"/>\n"
                + "    <property name=\"audioSteps\" value=\"8\"/>\n"
                + "    <property name=\"audioDim\" value=\"2\"/>\n"
                + "    <property name=\"visionSteps\" value=\"9\"/>\n"
                + "    <property name=\"visionDim\" value=\"3\"/>\n"
                + "  </component>\n</config>\n");
        ConfigurationManager cm = new ConfigurationManager(xml.toString());
        CsvTextSource configured = (CsvTextSource) cm.lookup("csv");
        CsvTextSource built = CsvTextSource.builder(csv).split(DataSplit.VALID).task(SentimentTask.SEVEN).idColumns("-", "vid", "clip")
                .separator('|').columns("utt", "y", "part").splitNames("a", "b", "c").maxTextLength(10)
                .synthetic(8, 2, 9, 3, 3L).build();
        MultimodalExample c = configured.examples().get(0);
        MultimodalExample b = built.examples().get(0);
        assertEquals("v1-2", c.getId());
        assertEquals("well| hello", c.getRawText());
        assertEquals("-1", c.getOutput().getLabel());
        assertEquals(b.getText(), c.getText());
        assertEquals(b.getAudio(), c.getAudio());
        assertEquals(b.getVision(), c.getVision());
        assertEquals(10, c.getText().steps());
        assertTrue(Arrays.stream(c.getText().tokenIds()).anyMatch(id -> id == 7592)); // "hello"
        assertEquals(prov(configured).getConfiguredParameters(), prov(built).getConfiguredParameters());
    }
}
