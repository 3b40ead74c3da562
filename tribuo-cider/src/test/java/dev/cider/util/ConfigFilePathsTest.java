package dev.cider.util;

import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import dev.cider.data.source.CsvTextSource;
import dev.cider.text.EncodedTextSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Relative path properties of a configuration file resolve against the file's folder, not the working directory;
 * included files against their own folder; absolute values, non-path properties and command line overrides are
 * left alone.
 */
class ConfigFilePathsTest {

    private static String csvComponent(String name, String path, String extra) {
        return "    <component name=\"" + name + "\" type=\"" + CsvTextSource.class.getName() + "\">\n"
                + "        <property name=\"path\" value=\"" + path + "\"/>\n"
                + "        <property name=\"textColumn\" value=\"text\"/>\n" + extra
                + "    </component>\n";
    }

    private static Path write(Path file, String body) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<config>\n" + body + "</config>\n", StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void relativePathsResolveAgainstTheirFilesFolder(@TempDir Path tmp) throws IOException {
        Path absolute = tmp.resolve("elsewhere/abs.csv").toAbsolutePath();
        write(tmp.resolve("configs/sub/included.xml"), csvComponent("inner", "inner.csv", ""));
        Path main = write(tmp.resolve("configs/main.xml"),
                "    <file name=\"more\" value=\"sub/included.xml\"/>\n"
                        + csvComponent("rel", "../data/label.csv", "")
                        + csvComponent("abs", absolute.toString(), "")
                        + csvComponent("global", "${sub}/x.csv", "")
                        + "    <property name=\"sub\" value=\"corpus\"/>\n"
                        + "    <component name=\"enc\" type=\"" + EncodedTextSource.class.getName() + "\">\n"
                        + "        <property name=\"source\" value=\"rel\"/>\n"
                        + "        <property name=\"cacheDir\" value=\"../target/feature-cache\"/>\n"
                        + "    </component>\n");
        try (ConfigurationManager cm = new ConfigurationManager(main.toString())) {
            Map<String, Path> resolved = ConfigFilePaths.resolve(cm, List.of(main.toString()));
            Path configs = tmp.resolve("configs").toAbsolutePath();
            assertEquals(tmp.resolve("data/label.csv").toAbsolutePath().normalize(), resolved.get("rel.path"));
            assertEquals(configs.resolve("sub/inner.csv"), resolved.get("inner.path"));
            assertEquals(configs.resolve("corpus/x.csv"), resolved.get("global.path"));
            assertEquals(tmp.resolve("target/feature-cache").toAbsolutePath().normalize(), resolved.get("enc.cacheDir"));
            assertFalse(resolved.containsKey("abs.path"), resolved.toString());
            assertFalse(resolved.containsKey("rel.textColumn"), resolved.toString());
            assertFalse(resolved.containsKey("enc.source"), resolved.toString());
            CsvTextSource rel = (CsvTextSource) cm.lookup("rel");
            assertEquals(tmp.resolve("data/label.csv").toAbsolutePath().normalize(), rel.getPath());
            assertEquals(absolute, ((CsvTextSource) cm.lookup("abs")).getPath());
        }
    }

    @Test
    void commandLineOverridesStayRelativeToTheWorkingDirectory(@TempDir Path tmp) throws IOException {
        Path main = write(tmp.resolve("configs/main.xml"), csvComponent("rel", "../data/label.csv", ""));
        try (ConfigurationManager cm = new ConfigurationManager(new String[]{"-c", main.toString(), "--@rel.path", "mine.csv"})) {
            Map<String, Path> resolved = ConfigFilePaths.resolve(cm, List.of(main.toString()));
            assertFalse(resolved.containsKey("rel.path"), resolved.toString());
            assertEquals(Path.of("mine.csv"), ((CsvTextSource) cm.lookup("rel")).getPath());
        }
    }

    @Test
    void aPathGivenAsAGlobalPropertyOnTheCommandLineStaysRelativeToTheWorkingDirectory(@TempDir Path tmp) throws IOException {
        Path main = write(tmp.resolve("configs/main.xml"), "    <property name=\"pickle\" value=\"default.pkl\"/>\n"
                + csvComponent("data", "${pickle}", ""));
        try (ConfigurationManager cm = new ConfigurationManager(new String[]{"-c", main.toString(), "--@pickle", "../mine.pkl"})) {
            Map<String, Path> resolved = ConfigFilePaths.resolve(cm, List.of(main.toString()));
            assertFalse(resolved.containsKey("data.path"), resolved.toString());
            assertEquals(Path.of("../mine.pkl"), ((CsvTextSource) cm.lookup("data")).getPath());
        }
        try (ConfigurationManager cm = new ConfigurationManager(main.toString())) {
            Map<String, Path> resolved = ConfigFilePaths.resolve(cm, List.of(main.toString()));
            assertEquals(tmp.resolve("configs/default.pkl").toAbsolutePath().normalize(), resolved.get("data.path"),
                    "the file's own default is relative to the file");
        }
    }
}
