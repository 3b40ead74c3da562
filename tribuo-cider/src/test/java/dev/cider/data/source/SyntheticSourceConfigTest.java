package dev.cider.data.source;

import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import dev.cider.data.DataSplit;
import dev.cider.data.MultimodalExample;
import dev.cider.data.MultimodalSource;
import dev.cider.data.SentimentTask;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Loads {@code configs/data/synthetic-mosi.xml} (at the repository root) with OLCUT.
 */
class SyntheticSourceConfigTest {

    static final String CONFIG = "configs/data/synthetic-mosi.xml";

    /** Finds the repository file by walking up from the working directory (a module directory under Maven). */
    static Path repositoryFile(String relative) {
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(relative);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError(relative + " not found above " + Paths.get("").toAbsolutePath());
    }

    @Test
    void theShippedConfigurationDefinesAMosiShapedSyntheticSource() {
        ConfigurationManager cm = new ConfigurationManager(repositoryFile(CONFIG).toString());
        try {
            MultimodalSource source = (MultimodalSource) cm.lookup("synthetic-mosi");
            assertNotNull(source);
            SyntheticSource synthetic = (SyntheticSource) source;
            assertEquals(SyntheticPreset.MOSI_UNALIGNED, synthetic.getPreset());
            assertEquals(DataSplit.TRAIN, source.getSplit());
            assertEquals(SentimentTask.BINARY, source.getTask());
            assertEquals(1284, synthetic.size());
            assertEquals(229, ((SyntheticSource) source.forSplit(DataSplit.VALID)).size());
            assertEquals(686, ((SyntheticSource) source.forSplit(DataSplit.TEST)).size());
            assertEquals(42L, synthetic.getSeed());
            // The configured source generates what the same parameters given in code generate.
            MultimodalExample fromConfig = synthetic.example(3);
            MultimodalExample fromCode = SyntheticSource.mosiUnaligned(DataSplit.TRAIN, SentimentTask.BINARY, 42).example(3);
            assertEquals(fromCode.getRawText(), fromConfig.getRawText());
            assertEquals(fromCode.getAudio(), fromConfig.getAudio());
        } finally {
            cm.close();
        }
    }

    @Test
    void commandLineOverridesReachTheSource() {
        String path = repositoryFile(CONFIG).toString();
        ConfigurationManager cm = new ConfigurationManager(new String[]{"-c", path,
                "--@synthetic-mosi.testSize", "6", "--@synthetic-mosi.split", "test", "--@synthetic-mosi.task", "SEVEN"});
        try {
            SyntheticSource source = (SyntheticSource) cm.lookup("synthetic-mosi");
            List<MultimodalExample> examples = source.examples();
            assertEquals(6, examples.size());
            assertEquals("synth-test-00005", examples.get(5).getId());
            assertEquals(SentimentTask.SEVEN, source.getTask());
        } finally {
            cm.close();
        }
    }

    @Test
    void badConfiguredValuesNameTheField() {
        String path = repositoryFile(CONFIG).toString();
        for (String[] bad : new String[][]{{"shape", "mosi-sideways"}, {"trainSize", "0"}, {"biasStrength", "1.5"}, {"noise", "-2"}}) {
            ConfigurationManager cm = new ConfigurationManager(new String[]{"-c", path, "--@synthetic-mosi." + bad[0], bad[1]});
            try {
                PropertyException e = assertThrows(PropertyException.class, () -> cm.lookup("synthetic-mosi"), bad[0]);
                assertEquals(bad[0], e.getProperty());
                assertTrue(e.getMessage().contains(bad[1]), e.getMessage());
            } finally {
                cm.close();
            }
        }
    }
}
