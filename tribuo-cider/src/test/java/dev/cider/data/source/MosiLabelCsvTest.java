package dev.cider.data.source;

import dev.cider.data.DataSplit;
import dev.cider.data.MultimodalExample;
import dev.cider.data.MultimodalSplits;
import dev.cider.data.SentimentTask;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The real CMU-MOSI {@code label.csv} from the shared data directory: split sizes and label range.
 * Skipped when the shared data is not available.
 */
class MosiLabelCsvTest {

    private static Path labelCsv() {
        String shared = System.getProperty("cider.shared.dir");
        assumeTrue(shared != null, "system property cider.shared.dir is not set: skipping the CMU-MOSI label.csv test");
        Path csv = Paths.get(shared, "data", "cmu-mosi", "label.csv");
        assumeTrue(Files.isRegularFile(csv), csv + " is absent: skipping the CMU-MOSI label.csv test");
        return csv;
    }

    @Test
    void splitSizesAndLabels() {
        Path csv = labelCsv();
        MultimodalSplits splits = MultimodalSplits.load(new CsvTextSource(csv, DataSplit.TRAIN, SentimentTask.SEVEN));
        assertEquals(Map.of("train", 1281, "valid", 229, "test", 685), splits.sizes());
        Set<String> ids = new HashSet<>();
        for (DataSplit s : DataSplit.values()) {
            for (MultimodalExample ex : splits.examples(s)) {
                assertTrue(ex.getScore() >= -3 && ex.getScore() <= 3, ex.toString());
                assertTrue(ex.getText().length() >= 3 && ex.getText().length() <= 50, ex.toString());
                assertEquals(0, ex.getAudio().length());
                assertTrue(ids.add(ex.getId()), "duplicate id across splits: " + ex.getId());
            }
        }
        assertEquals(2195, ids.size());
        assertEquals(7, splits.train().getOutputInfo().size(), "all seven classes occur in training");
    }
}
