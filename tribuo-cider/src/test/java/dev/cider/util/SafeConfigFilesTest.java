package dev.cider.util;

import com.oracle.labs.mlrg.olcut.config.ConfigurationData;
import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The configuration fixtures written by {@code config-xxe/make_xxe_fixtures.py}: files declaring a DOCTYPE (directly
 * or through an OLCUT {@code <file>} include) are refused; clean XML and other formats pass.
 */
class SafeConfigFilesTest {

    private static Path dir;

    @BeforeAll
    static void findFixtures() throws URISyntaxException {
        dir = Path.of(SafeConfigFilesTest.class.getResource("/config-xxe/make_xxe_fixtures.py").toURI()).getParent();
    }

    @Test
    void theFixtureReallyLeaksThroughOlcutAlone(@TempDir Path tmp) throws IOException {
        // what the check guards against: OLCUT's own loader copies secret.txt into the configuration (OLCUT parses
        // without a base URI, so the entity is given as an absolute URI here)
        Path secretFile = dir.resolve("secret.txt");
        String secret = Files.readString(secretFile, StandardCharsets.UTF_8).strip();
        String xml = Files.readString(dir.resolve("external_entity.xml"), StandardCharsets.UTF_8)
                .replace("\"secret.txt\"", "\"" + secretFile.toUri() + "\"");
        Path absolute = tmp.resolve("external_entity.xml");
        Files.writeString(absolute, xml, StandardCharsets.UTF_8);
        try (ConfigurationManager cm = new ConfigurationManager(absolute.toString())) {
            ConfigurationData data = cm.getConfigurationData("source").orElseThrow();
            String names = data.get("names").orElseThrow().toString();
            assertTrue(names.contains(secret), names);
        }
    }

    @Test
    void doctypesAreRefusedWithAClearMessage() {
        for (String name : new String[]{"external_entity.xml", "internal_entity.xml"}) {
            Path file = dir.resolve(name);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SafeConfigFiles.check(file), name);
            assertTrue(e.getMessage().contains(name) && e.getMessage().contains("DOCTYPE")
                    && e.getMessage().contains("(line "), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> SafeConfigFiles.checkNamed(file.toString()), name);
            assertTrue(e.getMessage().contains("DOCTYPE"), e.getMessage());
        }
    }

    @Test
    void includedFilesAreCheckedToo() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SafeConfigFiles.check(dir.resolve("includes_external_entity.xml")));
        assertTrue(e.getMessage().contains("external_entity.xml") && e.getMessage().contains("DOCTYPE"), e.getMessage());
    }

    @Test
    void cleanConfigurationsAndOtherFormatsPass() throws URISyntaxException {
        assertDoesNotThrow(() -> SafeConfigFiles.check(dir.resolve("plain.xml")));
        assertDoesNotThrow(() -> SafeConfigFiles.check(dir.resolve("not_xml.json")));
        assertDoesNotThrow(() -> SafeConfigFiles.checkNamed("/config-xxe/plain.xml"));
        // a name OLCUT would not find either is left for OLCUT to report
        assertDoesNotThrow(() -> SafeConfigFiles.checkNamed(dir.resolve("missing.xml").toString()));
    }
}
