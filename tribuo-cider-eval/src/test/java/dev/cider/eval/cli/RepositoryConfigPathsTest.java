package dev.cider.eval.cli;

import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.property.Property;
import dev.cider.data.source.CsvTextSource;
import dev.cider.util.ConfigFilePaths;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The committed configurations name their files relative to their own folder, so they load from any working
 * directory: the tests run in the module folder {@code tribuo-cider-eval/}, not the repository root where the
 * paths used to be relative to.
 */
class RepositoryConfigPathsTest {

    private static final List<String> REAL_DATA_CONFIGS = List.of("configs/mosi-text.xml", "configs/mosi-text-encoders.xml");

    private static Path repositoryRoot() {
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("configs/mosi-text.xml"))) {
                return dir;
            }
        }
        throw new AssertionError("configs/mosi-text.xml not found above " + Paths.get("").toAbsolutePath());
    }

    private static String value(ConfigurationManager cm, String component, String property) {
        Property p = cm.getConfigurationData(component).orElseThrow().get(property).orElseThrow();
        return p.toString();
    }

    @Test
    void theWorkingDirectoryIsNotTheRepositoryRoot() {
        assertNotEquals(repositoryRoot(), Paths.get("").toAbsolutePath());
    }

    @Test
    void realDataConfigsResolveAgainstTheConfigsFolder() {
        Path root = repositoryRoot();
        Path labels = root.getParent().resolve("shared/data/cmu-mosi/label.csv");
        for (String name : REAL_DATA_CONFIGS) {
            String file = root.resolve(name).toString();
            try (ConfigurationManager cm = new ConfigurationManager(new String[]{"-c", file})) {
                ConfigFilePaths.resolve(cm, List.of(file));
                assertEquals(labels.toString(), value(cm, "mosi-csv", "path"), name);
                assertEquals(root.resolve("target/feature-cache").toString(), value(cm, "mosi", "cacheDir"), name);
                CsvTextSource csv = (CsvTextSource) cm.lookup("mosi-csv");
                assertEquals(labels, csv.getPath(), name);
            }
        }
    }

    @Test
    void aCommandReadsTheConfiguredCorpusFromAnotherDirectory() {
        String shared = System.getProperty("cider.shared.dir");
        assumeTrue(shared != null && Files.isRegularFile(Paths.get(shared, "data", "cmu-mosi", "label.csv")),
                "the shared CMU-MOSI label.csv is absent");
        CliRun run = CliRun.of("data-info", "--config", repositoryRoot().resolve("configs/mosi-text.xml").toString(),
                "--source", "mosi-csv");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("1281") && run.out().contains("685"), run.out());
    }
}
