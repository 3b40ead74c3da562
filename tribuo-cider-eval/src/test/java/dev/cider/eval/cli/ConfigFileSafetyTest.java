package dev.cider.eval.cli;

import dev.cider.eval.baseline.Baselines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Configuration files with a DOCTYPE are refused where the tools load them: {@code --config}/{@code --config-file}
 * on the command line and {@link Baselines#trainer(Path, String)}.
 */
class ConfigFileSafetyTest {

    private static final String CONFIG = "<config>\n  <property name=\"greeting\" value=\"hello\"/>\n</config>\n";

    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = CiderMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Path write(Path dir, String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    private static Path withDoctype(Path dir, String name) throws IOException {
        Path secret = write(dir, "secret.txt", "s3cr3t\n");
        return write(dir, name, "<?xml version=\"1.0\"?>\n<!DOCTYPE config [<!ENTITY s SYSTEM \"" + secret.toUri() + "\">]>\n"
                + "<config>\n  <property name=\"greeting\" value=\"hello\"/>\n  <component name=\"x\" type=\"java.lang.Object\">\n"
                + "    <propertylist name=\"l\"><item>&s;</item></propertylist>\n  </component>\n</config>\n");
    }

    @Test
    void commandLineConfigWithADoctypeIsRefused(@TempDir Path tmp) throws IOException {
        Path evil = withDoctype(tmp, "evil.xml");
        for (String flag : new String[]{"--config", "--config-file", "-c"}) {
            Result r = run("params", flag, evil.toString());
            assertEquals(2, r.code(), flag + ": " + r.err());
            assertTrue(r.err().startsWith("cider params: Configuration file") && r.err().contains("DOCTYPE")
                    && r.err().contains("evil.xml"), r.err());
            assertFalse(r.err().contains("s3cr3t"), r.err());
        }
        Path clean = write(tmp, "clean.xml", CONFIG);
        Result listed = run("params", "--config", clean + "," + evil);
        assertEquals(2, listed.code(), "every file of a comma-separated list is checked: " + listed.err());
        Result ok = run("params", "--config", clean.toString());
        assertEquals(0, ok.code(), ok.err());
    }

    @Test
    void baselineConfigWithADoctypeIsRefused(@TempDir Path tmp) throws IOException {
        Path evil = withDoctype(tmp, "baselines.xml");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Baselines.trainer(evil, Baselines.LOGISTIC_REGRESSION));
        assertTrue(e.getMessage().contains("DOCTYPE") && e.getMessage().contains("baselines.xml"), e.getMessage());
    }
}
