package dev.cider.eval.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParamsCommandTest {

    private record Result(int code, String out, String err) {
        String lastLine() {
            String[] lines = out.strip().split("\\R");
            return lines[lines.length - 1];
        }
    }

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = CiderMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void totalsMatchTheSpec() {
        Result r = run("params", "--dataset", "mosi", "--unaligned", "--task", "binary", "--layers", "3");
        assertEquals(0, r.code(), r.err());
        assertEquals("total 276566", r.lastLine());
        assertTrue(r.out().contains("MCT"), r.out());
        assertTrue(r.out().contains("MACI classifiers"), r.out());
        assertEquals("total 244761", run("params", "--dataset", "mosi", "--aligned", "--task", "seven").lastLine(), "default N=3");
        assertEquals("total 233849", run("params", "--dataset", "mosei", "--task", "seven", "--layers", "1").lastLine(), "unaligned by default");
        assertEquals("total 277669", run("params", "--dataset", "mosei", "--aligned", "--layers", "4", "--heads", "4").lastLine());
    }

    @Test
    void badOptionsFailWithAMessage() {
        Result r = run("params", "--dataset", "iemocap");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("iemocap"), r.err());
        Result both = run("params", "--aligned", "--unaligned");
        assertEquals(1, both.code());
        assertTrue(both.err().contains("mutually exclusive"), both.err());
        Result heads = run("params", "--heads", "5");
        assertEquals(1, heads.code());
        assertTrue(heads.err().contains("divisible"), heads.err());
    }

    @Test
    void listedInTheCommandList() {
        Result r = run("--help");
        assertTrue(r.out().contains("params"), r.out());
    }
}
