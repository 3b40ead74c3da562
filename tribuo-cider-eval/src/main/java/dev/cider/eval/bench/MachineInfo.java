package dev.cider.eval.bench;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The facts of the machine a benchmark ran on: processor, cores, Java, DJL and PyTorch versions, PyTorch's thread
 * counts, the maximum heap, and the load average (other processes sharing the cores slow every figure down).
 *
 * @param cpu            The processor model (or the architecture where /proc/cpuinfo is unavailable).
 * @param cores          Available processors.
 * @param java           Java version and VM.
 * @param djl            DJL version.
 * @param engine         The engine and its version.
 * @param intraOpThreads PyTorch intra-op threads (0 when another engine runs).
 * @param interOpThreads PyTorch inter-op threads (0 when another engine runs).
 * @param maxHeapBytes   The JVM's maximum heap.
 */
public record MachineInfo(String cpu, int cores, String java, String djl, String engine, int intraOpThreads,
                          int interOpThreads, long maxHeapBytes) {

    /**
     * Reads the facts of this process (after any thread setting).
     * @return The facts.
     */
    public static MachineInfo current() {
        Engine e = Engine.getInstance();
        boolean pytorch = e.getEngineName().equals("PyTorch");
        return new MachineInfo(cpuModel(), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")", Engine.getDjlVersion(),
                e.getEngineName() + " " + e.getVersion(), pytorch ? JniUtils.getNumThreads() : 0,
                pytorch ? JniUtils.getNumInteropThreads() : 0, Runtime.getRuntime().maxMemory());
    }

    /**
     * The CPU time this process has used, over all its threads.
     * @return Nanoseconds, or 0 where the platform does not tell.
     */
    public static long processCpuNanos() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean) {
            return Math.max(0, ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime());
        }
        return 0;
    }

    /**
     * The value of an environment variable that changes how the native libraries run (for instance
     * {@code OMP_WAIT_POLICY}).
     * @param name The variable.
     * @return Its value, or {@code unset}.
     */
    public static String environment(String name) {
        String v = System.getenv(name);
        return v == null ? "unset" : v;
    }

    /**
     * The native memory allocator of this process: tcmalloc or jemalloc when one is loaded (jemalloc with its
     * {@code MALLOC_CONF}), else glibc's malloc (with its {@code GLIBC_TUNABLES}).
     * @return e.g. {@code glibc malloc (GLIBC_TUNABLES glibc.malloc.hugetlb=1)}.
     */
    public static String allocator() {
        String maps;
        try {
            maps = Files.readString(Path.of("/proc/self/maps"), StandardCharsets.US_ASCII);
        } catch (IOException | RuntimeException ex) {
            return "unknown";
        }
        if (maps.contains("libtcmalloc")) {
            return "tcmalloc (" + (maps.contains("libtcmalloc_minimal") ? "gperftools, minimal" : "gperftools") + ")";
        }
        return maps.contains("libjemalloc") ? "jemalloc (MALLOC_CONF " + environment("MALLOC_CONF") + ")"
                : "glibc malloc (GLIBC_TUNABLES " + environment("GLIBC_TUNABLES") + ")";
    }

    /**
     * The 1, 5 and 15 minute load averages.
     * @return e.g. {@code 0.52 0.61 0.70}, or {@code unknown}.
     */
    public static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException ex) {
            return "unknown";
        }
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.US_ASCII)) {
                if (line.toLowerCase(Locale.ROOT).startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException ex) {
            // fall through
        }
        return System.getProperty("os.arch");
    }
}
