package dev.cider.eval.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the benchmark on a tiny setting (two batches of eight, one small layer): checks the sections and that the
 * figures are positive numbers, that the spreads printed are those of the printed values, and that no figure is divided
 * by the public implementation's constants. Nothing here is timed against a threshold.
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
                "One utterance in ONNX Runtime beside DJL", "Text encoding", "Spread across the 2 timed runs",
                "Ratios to the reference implementation"}) {
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
        assertNoRatioToConstants(out);
        assertEpochSpreadMatchesTheEpochs(out, 2);
        for (String label : new String[] {"epoch time", "epoch CPU time", "validation pass", "one utterance", "one utterance, CPU",
                "batch of 8", "batch, factual only", "ONNX / DJL", "sentences per second"}) {
            assertTrue(spreadLine(out, "Spread across", label).find(), "no spread of " + label + " across the runs in:\n" + out);
        }
    }

    @Test
    void epochTimesCoverEveryWholeEpochOfTheRuns() {
        Result r = run("bench", "--preset", "mosi-aligned", "--train-size", "16", "--batch", "8", "--valid-size", "0",
                "--text-features", "16", "--layers", "1", "--heads", "2", "--warmup", "0", "--repeats", "1", "--epochs-measured", "3",
                "--latency-samples", "1", "--encoder-texts", "0", "--threads", "1", "--no-onnx");
        assertEquals(0, r.code(), r.err());
        assertEpochSpreadMatchesTheEpochs(r.out(), 3);
        assertNoRatioToConstants(r.out());
    }

    @Test
    void profileWritesTracesAndPrintsTheOperators(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path traces = dir.resolve("traces");
        Result r = run("bench", "--preset", "mosi-aligned", "--train-size", "16", "--batch", "8", "--valid-size", "0",
                "--text-features", "16", "--layers", "1", "--heads", "2", "--warmup", "0", "--repeats", "1",
                "--latency-samples", "1", "--encoder-texts", "0", "--threads", "1", "--no-onnx", "--profile", traces.toString());
        assertEquals(0, r.code(), r.err());
        String out = r.out();
        assertTrue(out.contains("Operator profiles (PyTorch profiler"), out);
        for (String trace : new String[] {"training.json", "batch.json", "utterance.json"}) {
            assertTrue(java.nio.file.Files.size(traces.resolve(trace)) > 0, trace);
        }
        // Training runs matrix products and the Adam step's arithmetic; each table lists operators with a share.
        String training = out.substring(out.indexOf("2 training batches"), out.indexOf("a batch of 8"));
        assertTrue(Pattern.compile("(?m)^  aten::(mm|bmm|addmm|matmul)\\s+\\d+\\s+[0-9.]+\\s+[0-9.]+%").matcher(training).find(), training);
        assertTrue(out.contains("1 one-utterance predictions") || out.contains("20 one-utterance predictions"), out);
    }

    // No figure divided by the public implementation's constants, and the pointer to the side-by-side script.
    private static void assertNoRatioToConstants(String out) {
        for (String gone : new String[] {"Versus the reference", " vs ", "x); target", "target <= 28"}) {
            assertFalse(out.contains(gone), "ratio to a constant ('" + gone + "') left in:\n" + out);
        }
        assertFalse(Pattern.compile("\\d\\.\\d+x\\b").matcher(out).find(), "a ratio 'N.NNx' left in:\n" + out);
        assertTrue(out.contains("come only from ../shared/refbench/run-side-by-side.sh"), out);
    }

    // The printed spread of the whole epochs is (max - min) / median of the printed epoch times, and n, min, max and
    // the median are theirs.
    private static void assertEpochSpreadMatchesTheEpochs(String out, int epochs) {
        Matcher times = Pattern.compile("(?m)^  epoch times           ([0-9., ]+) s   \\(every whole epoch").matcher(out);
        assertTrue(times.find(), "no epoch times in:\n" + out);
        double[] t = Arrays.stream(times.group(1).split(",")).mapToDouble(v -> Double.parseDouble(v.trim())).toArray();
        assertEquals(epochs, t.length, out);
        Matcher spread = spreadLine(out, "Training", "epoch time spread");
        assertTrue(spread.find(), "no epoch time spread in:\n" + out);
        assertEquals(t.length, Integer.parseInt(spread.group(1)), out);
        double[] sorted = t.clone();
        Arrays.sort(sorted);
        double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
        assertEquals(median, Double.parseDouble(spread.group(2)), 0.0011, out);
        assertEquals(sorted[0], Double.parseDouble(spread.group(3)), 1e-9, out);
        assertEquals(sorted[sorted.length - 1], Double.parseDouble(spread.group(4)), 1e-9, out);
        double percent = Double.parseDouble(spread.group(5));
        double expected = 100 * (sorted[sorted.length - 1] - sorted[0]) / median;
        // the times are printed to 1 ms: allow that rounding in the three printed values, and 0.05 for the percentage's
        double rounding = 100 * (0.001 / median + (sorted[sorted.length - 1] - sorted[0]) * 0.0005 / (median * median)) + 0.05;
        assertEquals(expected, percent, rounding, out);
        assertTrue(out.contains("(target <= 10%: " + (percent <= 10 ? "met" : "NOT met") + ")"), out);
    }

    // A line "  LABEL  n=.., median .., min .., max .., spread ..%" after the line starting the section.
    private static Matcher spreadLine(String out, String section, String label) {
        int from = out.indexOf("\n" + section);
        assertTrue(from >= 0, "no section " + section + " in:\n" + out);
        return Pattern.compile("(?m)^  " + Pattern.quote(label)
                + "\\s+n=(\\d+), median ([0-9.]+)[^,]*, min ([0-9.]+)[^,]*, max ([0-9.]+)[^,]*, spread ([0-9.]+)%").matcher(out.substring(from));
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
