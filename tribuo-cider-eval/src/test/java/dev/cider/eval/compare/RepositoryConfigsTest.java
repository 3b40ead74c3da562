package dev.cider.eval.compare;

import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.io.ConfigLoaderException;
import dev.cider.train.CiderTrainer;
import dev.cider.util.ConfigFilePaths;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every configuration file under the repository's {@code configs/} loads and every one of its components is built,
 * so that a configuration cannot go stale when a class or a property is renamed. Building a component never trains or
 * downloads; a component whose construction reads a data file that is not on this machine (the real corpora under
 * ../shared, or a pickle the paper's configurations leave for the user to name) is reported and not counted as a
 * failure.
 */
class RepositoryConfigsTest {

    private static final Path CONFIGS = Path.of("..", "configs");

    private static List<Path> configFiles() throws IOException {
        try (Stream<Path> files = Files.walk(CONFIGS)) {
            return files.filter(p -> p.toString().endsWith(".xml")).sorted().toList();
        }
    }

    private static boolean missingData(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof NoSuchFileException || t instanceof java.io.FileNotFoundException) {
                return true;
            }
            // the paper's configurations name their pickles by placeholders the user replaces on the command line
            // (--@pickle PATH); PaperConfigsTest builds them with the test pickles
            String message = String.valueOf(t.getMessage());
            if (message.contains("/give-the-") && message.contains("does not exist")) {
                return true;
            }
        }
        return false;
    }

    @Test
    void everyConfigurationBuildsEveryComponent() throws IOException {
        List<Path> files = configFiles();
        assertTrue(files.size() >= 10, "found only " + files);
        List<String> failures = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        int built = 0;
        for (Path file : files) {
            String name = file.toString();
            try (ConfigurationManager cm = new ConfigurationManager(new String[]{"-c", name})) {
                ConfigFilePaths.resolve(cm, List.of(name));
                for (String component : cm.getComponentNames()) {
                    try {
                        assertFalse(cm.lookup(component) == null, component);
                        built++;
                    } catch (RuntimeException e) {
                        if (missingData(e)) {
                            skipped.add(name + " " + component + ": " + e.getMessage());
                        } else {
                            failures.add(name + " " + component + ": " + e);
                        }
                    }
                }
            } catch (ConfigLoaderException e) {
                failures.add(name + ": " + e.getMessage());
            }
        }
        skipped.forEach(s -> System.out.println("not built, its data is not on this machine: " + s));
        assertEquals(List.of(), failures);
        assertTrue(built > 50, "built only " + built + " components");
    }

    @Test
    void theDemoTrainerWithoutTheCausalModuleInheritsTheOthersSettings() {
        String demo = CONFIGS.resolve("demo.xml").toString();
        try (ConfigurationManager cm = new ConfigurationManager(new String[]{"-c", demo})) {
            CiderTrainer full = (CiderTrainer) cm.lookup("cider-trainer");
            CiderTrainer noMaci = (CiderTrainer) cm.lookup("cider-no-maci-trainer");
            Map<String, com.oracle.labs.mlrg.olcut.provenance.Provenance> a = full.getProvenance().getConfiguredParameters();
            Map<String, com.oracle.labs.mlrg.olcut.provenance.Provenance> b = noMaci.getProvenance().getConfiguredParameters();
            assertEquals(a.keySet(), b.keySet());
            List<String> differing = new ArrayList<>();
            for (String key : a.keySet()) {
                if (!a.get(key).equals(b.get(key))) {
                    differing.add(key);
                }
            }
            differing.sort(null);
            assertEquals(List.of("architecture", "maxTau"), differing);
            Map<String, com.oracle.labs.mlrg.olcut.provenance.Provenance> archA =
                    ((com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance) a.get("architecture")).getConfiguredParameters();
            Map<String, com.oracle.labs.mlrg.olcut.provenance.Provenance> archB =
                    ((com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance) b.get("architecture")).getConfiguredParameters();
            assertEquals(archA.keySet(), archB.keySet());
            List<String> differingArchitecture = archA.keySet().stream().filter(k -> !archA.get(k).equals(archB.get(k))).sorted().toList();
            assertEquals(List.of("causalModule"), differingArchitecture);
        }
    }

    @Test
    void theDemoExperimentRoundTripsThroughItsProvenance() {
        String demo = CONFIGS.resolve("demo.xml").toString();
        try (ConfigurationManager cm = new ConfigurationManager(new String[]{"-c", demo})) {
            ComparisonExperiment original = (ComparisonExperiment) cm.lookup("experiment");
            ComparisonExperiment rebuilt = ExperimentConfiguration.rebuild(original.getProvenance());
            assertEquals(ExperimentConfiguration.extract(original.getProvenance()),
                    ExperimentConfiguration.extract(rebuilt.getProvenance()));
        }
    }
}
