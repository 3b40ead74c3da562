package dev.cider.eval.cli;

import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.Options;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --conf KEY=VALUE}: repeatable on the command line, one property each, on to the engine's settings. */
class TrialOptionsConfTest {

    /** Prints the engine properties its trial options were given, one per line. */
    private static final class PropertiesCommand implements CiderCommand {
        @Override
        public String name() {
            return "props";
        }

        @Override
        public String description() {
            return "prints --conf";
        }

        @Override
        public Options newOptions() {
            return new CompareCommand.CompareOptions();
        }

        @Override
        public int run(Options options, ConfigurationManager cm, PrintStream out) {
            ((CompareCommand.CompareOptions) options).trials.engineProperties().forEach((k, v) -> out.println(k + " -> " + v));
            return 0;
        }
    }

    private static String[] run(String... args) {
        Map<String, Supplier<CiderCommand>> commands = new LinkedHashMap<>();
        commands.put("props", PropertiesCommand::new);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = CiderMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), commands);
        return new String[] {Integer.toString(code), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void everyOccurrenceIsOnePropertyWithItsCommas() {
        String[] r = run("props", "--conf", "spark.executor.memory=4g", "--parallel", "2",
                "--conf", "spark.jars=/a.jar,/b.jar", "--conf", "spark.executor.extraJavaOptions=-Dai.djl.offline=true -Dx=1");
        assertEquals("0", r[0], r[2]);
        assertEquals("spark.executor.memory -> 4g\nspark.jars -> /a.jar,/b.jar\nspark.executor.extraJavaOptions -> -Dai.djl.offline=true -Dx=1\n",
                r[1].replace(System.lineSeparator(), "\n"));
    }

    @Test
    void noConfIsNoProperties() {
        String[] r = run("props", "--parallel", "1");
        assertEquals("0", r[0], r[2]);
        assertEquals("", r[1]);
    }

    @Test
    void aPropertyWithoutKeyOrGivenTwiceIsRefused() {
        TrialOptions o = new TrialOptions();
        o.conf = java.util.List.of("spark.executor.memory");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, o::engineProperties);
        assertTrue(e.getMessage().contains("--conf takes KEY=VALUE"), e.getMessage());
        o.conf = java.util.List.of("a=1", "a=2");
        e = assertThrows(IllegalArgumentException.class, o::engineProperties);
        assertEquals("--conf gives a twice", e.getMessage());
    }

    @Test
    void theLocalEngineRefusesSparkProperties() {
        TrialOptions o = new TrialOptions();
        o.conf = java.util.List.of("spark.executor.memory=4g");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, o::engine);
        assertTrue(e.getMessage().contains("--conf spark.executor.memory=... is for a distributed engine; add --engine spark"), e.getMessage());
    }
}
