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
import static org.junit.jupiter.api.Assertions.assertTrue;

class CiderMainErrorTest {

    private record Result(int code, String out, String err) {
    }

    /**
     * A command that throws what it is given.
     */
    private static final class ThrowingCommand implements CiderCommand {
        private final Supplier<Throwable> failure;

        ThrowingCommand(Supplier<Throwable> failure) {
            this.failure = failure;
        }

        @Override
        public String name() {
            return "boom";
        }

        @Override
        public String description() {
            return "Throws.";
        }

        @Override
        public Options newOptions() {
            return new Options() { };
        }

        @Override
        public int run(Options options, ConfigurationManager cm, PrintStream out) throws Exception {
            Throwable t = failure.get();
            if (t instanceof Error e) {
                throw e;
            }
            throw (Exception) t;
        }
    }

    private static Result run(Supplier<Throwable> failure) {
        Map<String, Supplier<CiderCommand>> commands = new LinkedHashMap<>();
        commands.put("boom", () -> new ThrowingCommand(failure));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = CiderMain.run(new String[]{"boom"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), commands);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static int recurse(int n) {
        return recurse(n + 1) + 1;
    }

    @Test
    void outOfMemoryIsOneLineNamingTheHeapOption() {
        Result r = run(() -> new OutOfMemoryError("Java heap space"));
        assertEquals(ResourceExhaustion.EXIT_CODE, r.code());
        String err = r.err().strip();
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.startsWith("cider boom: out of memory"), err);
        assertTrue(err.contains("Java heap space"), err);
        assertTrue(err.contains("CIDER_JAVA_OPTS=-Xmx"), err);
    }

    @Test
    void realStackOverflowIsOneLine() {
        Result r = run(() -> {
            try {
                recurse(0);
            } catch (StackOverflowError e) {
                return e;
            }
            throw new AssertionError("no overflow");
        });
        assertEquals(ResourceExhaustion.EXIT_CODE, r.code());
        String err = r.err().strip();
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.contains("stack overflow"), err);
        assertTrue(err.contains("-Xss"), err);
    }

    @Test
    void wrappedOutOfMemoryIsReportedAsSuch() {
        Result r = run(() -> new IllegalStateException("batch failed", new OutOfMemoryError("Direct buffer memory")));
        assertEquals(ResourceExhaustion.EXIT_CODE, r.code());
        assertTrue(r.err().contains("out of memory (Direct buffer memory)"), r.err());
    }

    @Test
    void ordinaryExceptionsKeepTheirMessageAndCode() {
        Result r = run(() -> new IllegalArgumentException("bad value"));
        assertEquals(1, r.code());
        assertEquals("cider boom: bad value", r.err().strip());
    }
}
