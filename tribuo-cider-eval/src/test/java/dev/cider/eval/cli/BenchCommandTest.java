package dev.cider.eval.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the benchmark on a tiny setting (two batches of eight, one small layer): checks the sections and that the
 * figures are positive numbers. Nothing here is timed against a threshold.
 */
class BenchCommandTest {

    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = CiderMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static double figure(String out, String label) {
        Matcher m = Pattern.compile("(?m)^  " + Pattern.quote(label) + "\\s+([0-9][0-9,]*\\.?[0-9]*)").matcher(out);
        assertTrue(m.find(), "no figure '" + label + "' in:\n" + out);
        return Double.parseDouble(m.group(1).replace(",", ""));
    }

    @Test
    void tinyRunReportsEverySection() {
        Result r = run("bench", "--preset", "mosi-aligned", "--train-size", "16", "--batch", "8", "--valid-size", "8",
                "--text-features", "16", "--layers", "1", "--heads", "2", "--warmup", "1", "--repeats", "2",
                "--latency-samples", "2", "--encoder-texts", "2", "--threads", "1");
        assertEquals(0, r.code(), r.err());
        String out = r.out();
        for (String section : new String[] {"Machine", "Settings", "Training (two-stage step", "Inference (test mode",
                "One utterance in ONNX Runtime beside DJL", "Text encoding", "Versus the reference"}) {
            assertTrue(out.contains("\n" + section), "missing section " + section + " in:\n" + out);
        }
        assertTrue(out.contains("16 utterances in 2 batches of 8"), out);
        assertTrue(out.contains("intra-op 1"), out);
        assertTrue(out.contains("numerics              native (ATen kernels ") || out.contains("numerics              portable (ATen kernels avx2"), out);
        for (String label : new String[] {"epoch time", "epoch CPU time", "samples per second", "validation pass", "one utterance", "one utterance, CPU", "batch of 8",
                "batch, factual only", "sentences per second", "ONNX Runtime", "DJL, same runs", "ONNX / DJL"}) {
            assertTrue(figure(out, label) > 0, label + " is positive in:\n" + out);
        }
        assertTrue(figure(out, "peak heap") > 0, out);
        Matcher agreement = Pattern.compile("probabilities agree   max abs difference ([0-9.eE+-]+)").matcher(out);
        assertTrue(agreement.find(), out);
        assertTrue(Double.parseDouble(agreement.group(1)) <= 1e-5, "ONNX Runtime and DJL agree to 1e-5:\n" + out);
    }

    @Test
    void invalidSettingsFailWithAMessage() {
        Result heads = run("bench", "--heads", "5");
        assertEquals(1, heads.code());
        assertTrue(heads.err().contains("heads"), heads.err());
        Result preset = run("bench", "--preset", "iemocap");
        assertEquals(1, preset.code());
        assertTrue(preset.err().contains("iemocap"), preset.err());
        Result pool = run("bench", "--train-size", "10", "--pool", "20");
        assertEquals(1, pool.code());
        assertTrue(pool.err().contains("pool"), pool.err());
    }

    @Test
    void listedInTheCommandList() {
        assertTrue(run("--help").out().contains("bench"));
    }
}
