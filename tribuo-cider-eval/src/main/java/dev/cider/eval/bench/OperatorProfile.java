package dev.cider.eval.bench;

import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the time of a piece of work goes, operator by operator: runs it under PyTorch's profiler (through DJL's
 * {@code JniUtils.startProfile}/{@code stopProfile}, which write a Chrome trace), then sums every operator's self
 * time (its duration less that of the operators it called, per thread) and call count.
 * <p>
 * Profiling slows small operators down, so the absolute times of a profiled run are not benchmark figures; the
 * shares show where the time goes. Only the PyTorch engine has this profiler.
 */
public final class OperatorProfile {

    /**
     * The totals of one operator.
     * @param name        The operator, e.g. {@code aten::mm}.
     * @param calls       How often it ran.
     * @param selfMicros  Its self time in microseconds, summed over threads.
     * @param totalMicros Its inclusive time in microseconds, summed over its outermost calls.
     */
    public record Operator(String name, long calls, double selfMicros, double totalMicros) {
    }

    private final List<Operator> operators;
    private final double wallMicros;

    private OperatorProfile(List<Operator> operators, double wallMicros) {
        this.operators = operators;
        this.wallMicros = wallMicros;
    }

    /**
     * Runs work under the profiler and reads its trace.
     * @param trace Where the Chrome trace goes (kept, for chrome://tracing or Perfetto).
     * @param work The work.
     * @return The operators' totals.
     * @throws IOException If the trace cannot be written or read.
     */
    public static OperatorProfile record(Path trace, Runnable work) throws IOException {
        Path parent = trace.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        long t0 = System.nanoTime();
        JniUtils.startProfile(false, true, false);
        try {
            work.run();
        } finally {
            JniUtils.stopProfile(trace.toAbsolutePath().toString());
        }
        double wall = (System.nanoTime() - t0) / 1e3;
        return read(trace, wall);
    }

    /**
     * Reads a Chrome trace of PyTorch's profiler.
     * @param trace The trace file.
     * @param wallMicros The wall time of the profiled work, in microseconds.
     * @return The operators' totals.
     * @throws IOException If the file cannot be read or is not such a trace.
     */
    static OperatorProfile read(Path trace, double wallMicros) throws IOException {
        JsonNode root = new ObjectMapper().readTree(trace.toFile());
        JsonNode events = root.isArray() ? root : root.path("traceEvents");
        if (!events.isArray()) {
            throw new IOException("Not a Chrome trace (no traceEvents array): " + trace);
        }
        Map<String, List<double[]>> byThread = new HashMap<>();
        List<String> names = new ArrayList<>();
        for (JsonNode e : events) {
            if (!"X".equals(e.path("ph").asText()) || !e.has("dur")) {
                continue;
            }
            names.add(e.path("name").asText());
            double[] span = {e.path("ts").asDouble(), e.path("dur").asDouble(), names.size() - 1};
            byThread.computeIfAbsent(e.path("tid").asText(), k -> new ArrayList<>()).add(span);
        }
        Map<String, double[]> totals = new HashMap<>(); // name -> {calls, self, total}
        for (List<double[]> spans : byThread.values()) {
            // Outer spans first: by start, the longer first at equal starts.
            spans.sort(Comparator.<double[]>comparingDouble(s -> s[0]).thenComparing(s -> -s[1]));
            Deque<double[]> open = new ArrayDeque<>(); // {end, index into self}
            double[] self = new double[spans.size()];
            for (int i = 0; i < spans.size(); i++) {
                double[] s = spans.get(i);
                while (!open.isEmpty() && open.peek()[0] <= s[0]) {
                    open.pop();
                }
                self[i] = s[1];
                boolean outermostOfName = true;
                String name = names.get((int) s[2]);
                for (double[] o : open) {
                    if (names.get((int) spans.get((int) o[1])[2]).equals(name)) {
                        outermostOfName = false;
                        break;
                    }
                }
                if (!open.isEmpty()) {
                    self[(int) open.peek()[1]] -= s[1];
                }
                open.push(new double[]{s[0] + s[1], i});
                double[] t = totals.computeIfAbsent(name, k -> new double[3]);
                t[0]++;
                if (outermostOfName) {
                    t[2] += s[1];
                }
            }
            for (int i = 0; i < spans.size(); i++) {
                totals.get(names.get((int) spans.get(i)[2]))[1] += self[i];
            }
        }
        List<Operator> list = new ArrayList<>();
        totals.forEach((name, t) -> list.add(new Operator(name, (long) t[0], t[1], t[2])));
        list.sort(Comparator.comparingDouble(Operator::selfMicros).reversed());
        return new OperatorProfile(List.copyOf(list), wallMicros);
    }

    /** @return Every operator, by self time, largest first. */
    public List<Operator> operators() {
        return operators;
    }

    /** @return The wall time of the profiled work in microseconds. */
    public double wallMicros() {
        return wallMicros;
    }

    /**
     * Prints the operators with the largest self time.
     * @param title What was profiled.
     * @param top How many operators.
     * @param out Where.
     */
    public void print(String title, int top, PrintStream out) {
        double self = operators.stream().mapToDouble(Operator::selfMicros).sum();
        out.printf("%s: wall %.1f ms, operators' self time %.1f ms (all threads, profiled)%n", title, wallMicros / 1e3, self / 1e3);
        out.printf("  %-44s %8s %11s %7s %11s%n", "operator", "calls", "self ms", "self %", "total ms");
        for (int i = 0; i < Math.min(top, operators.size()); i++) {
            Operator o = operators.get(i);
            out.printf("  %-44s %8d %11.1f %6.1f%% %11.1f%n", o.name(), o.calls(), o.selfMicros() / 1e3,
                    self > 0 ? 100 * o.selfMicros() / self : 0, o.totalMicros() / 1e3);
        }
    }
}
