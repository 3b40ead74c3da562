package dev.cider.data.source;

import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.PrimitiveProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.IntProvenance;
import dev.cider.data.DataSplit;
import dev.cider.data.MultimodalExample;
import dev.cider.data.MultimodalSource;
import dev.cider.data.SentimentTask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seeded class-stratified subsets of a split: class shares by largest remainder, the same utterances for the same seed
 * whatever the row order, shared by the sibling splits, recorded in the provenance, and refused when malformed.
 */
class SourceSubsetTest {

    @TempDir
    Path dir;

    /** 50 positive, 30 negative and 20 neutral training rows (binary task), then 10 valid and 10 test rows. */
    private static List<String> rows() {
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String score = i < 50 ? "1.5" : i < 80 ? "-2" : "0";
            rows.add("v" + i + ",c" + (i % 3) + ",utterance number " + i + "," + score + ",train");
        }
        for (int i = 0; i < 20; i++) {
            rows.add("w" + i + ",c0,held out " + i + "," + (i % 2 == 0 ? "1" : "-1") + "," + (i < 10 ? "valid" : "test"));
        }
        return rows;
    }

    private Path csv(String name, List<String> rows) throws Exception {
        return Files.writeString(dir.resolve(name), "video_id,clip_id,text,label,mode\n" + String.join("\n", rows) + "\n",
                StandardCharsets.UTF_8);
    }

    private static CsvTextSource source(Path csv) {
        return CsvTextSource.builder(csv).idColumns("_", "video_id", "clip_id").splitNames("train", "valid", "test").build();
    }

    private static Map<String, Integer> classCounts(List<MultimodalExample> examples) {
        Map<String, Integer> counts = new TreeMap<>();
        examples.forEach(ex -> counts.merge(ex.getOutput().getLabel(), 1, Integer::sum));
        return counts;
    }

    private static List<String> sortedIds(List<MultimodalExample> examples) {
        return examples.stream().map(MultimodalExample::getId).sorted().toList();
    }

    @Test
    void eachClassKeepsItsShareByLargestRemainder() throws Exception {
        CsvTextSource all = source(csv("c.csv", rows()));
        // 10 of 100: exactly 5, 3 and 2
        assertEquals(Map.of("positive", 5, "negative", 3, "neutral", 2),
                classCounts(all.withSubsets("10", null, null, 7).examples()));
        // 15% of 100 = 15: shares 7.5, 4.5, 3 -> floors 7, 4, 3; the one left goes to the first of the tied remainders by name
        assertEquals(Map.of("positive", 7, "negative", 5, "neutral", 3),
                classCounts(all.withSubsets("0.15", null, null, 7).examples()));
    }

    @Test
    void sameSeedSameUtterancesWhateverTheRowOrder() throws Exception {
        List<String> shuffled = new ArrayList<>(rows());
        Collections.shuffle(shuffled, new Random(3));
        List<MultimodalExample> a = source(csv("a.csv", rows())).withSubsets("20", null, null, 11).examples();
        List<MultimodalExample> b = source(csv("b.csv", shuffled)).withSubsets("20", null, null, 11).examples();
        assertEquals(20, a.size());
        assertEquals(sortedIds(a), sortedIds(b));
        List<MultimodalExample> other = source(csv("a.csv", rows())).withSubsets("20", null, null, 12).examples();
        assertNotEquals(sortedIds(a), sortedIds(other));
        // the kept rows stay in file order
        List<String> inOrder = a.stream().map(MultimodalExample::getId).toList();
        List<String> fileOrder = source(csv("a.csv", rows())).examples().stream().map(MultimodalExample::getId)
                .filter(inOrder::contains).toList();
        assertEquals(fileOrder, inOrder);
    }

    @Test
    void siblingSplitsShareTheSettingsAndProvenanceRecordsThem() throws Exception {
        MultimodalSource train = source(csv("c.csv", rows())).withSubsets("0.5", "4", null, 5);
        assertEquals(50, train.examples().size());
        assertEquals(4, train.forSplit(DataSplit.VALID).examples().size());
        assertEquals(Map.of("positive", 2, "negative", 2), classCounts(train.forSplit(DataSplit.VALID).examples()));
        assertEquals(10, train.forSplit(DataSplit.TEST).examples().size());
        MultimodalSourceProvenance prov = (MultimodalSourceProvenance) train.getProvenance();
        assertEquals("0.5", ((PrimitiveProvenance<?>) prov.getConfiguredParameters().get("trainSubset")).getValue());
        assertEquals(5L, ((PrimitiveProvenance<?>) prov.getConfiguredParameters().get("subsetSeed")).getValue());
        assertEquals(50, ((IntProvenance) prov.getInstanceValues().get(MultimodalSourceProvenance.NUM_EXAMPLES)).getValue());
        // a count beyond the split keeps all of it
        assertEquals(10, source(csv("c.csv", rows())).withSubsets(null, null, "500", 1).forSplit(DataSplit.TEST).examples().size());
    }

    @Test
    void configuredSubsetsAndGeneratedCorpora(@TempDir Path tmp) throws Exception {
        Path csv = csv("c.csv", rows());
        Path xml = tmp.resolve("c.xml");
        Files.writeString(xml, "<config><component name=\"s\" type=\"" + CsvTextSource.class.getName() + "\">"
                + "<property name=\"path\" value=\"" + csv + "\"/><propertylist name=\"idColumns\"><item>video_id</item></propertylist>"
                + "<property name=\"validName\" value=\"valid\"/><property name=\"trainSubset\" value=\"25\"/>"
                + "</component></config>", StandardCharsets.UTF_8);
        try (ConfigurationManager cm = new ConfigurationManager(xml.toString())) {
            MultimodalSource s = (MultimodalSource) cm.lookup("s");
            assertEquals(25, s.examples().size());
        }
        SyntheticSource synthetic = SyntheticSource.builder(SyntheticPreset.MOSI_ALIGNED).task(SentimentTask.BINARY)
                .sizes(120, 40, 40).build();
        AbstractMultimodalSource small = synthetic.withSubsets("30", null, "0.25", 1);
        assertEquals(30, small.examples().size());
        assertEquals(40, small.forSplit(DataSplit.VALID).examples().size());
        assertEquals(10, small.forSplit(DataSplit.TEST).examples().size());
        assertEquals(30, ((IntProvenance) ((MultimodalSourceProvenance) small.getProvenance()).getInstanceValues()
                .get(MultimodalSourceProvenance.NUM_EXAMPLES)).getValue());
    }

    @Test
    void malformedSizesAreRefusedNamingTheSetting() throws Exception {
        CsvTextSource s = source(csv("c.csv", rows()));
        for (String bad : new String[]{"0", "1.0", "1.5", "-3", "half", "0.0"}) {
            PropertyException e = assertThrows(PropertyException.class, () -> s.withSubsets(null, bad, null, 1), bad);
            assertEquals("validSubset", e.getProperty());
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
    }
}
