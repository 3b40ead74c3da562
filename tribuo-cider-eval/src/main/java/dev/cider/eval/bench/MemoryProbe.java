package dev.cider.eval.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Peak memory of a phase: the JVM heap (the sum of the heap pools' peak usage since the last reset, so it includes
 * garbage not yet collected) and, on Linux, the process's peak resident set ({@code VmHWM} of
 * {@code /proc/self/status}, which also counts PyTorch's native tensors), reset through {@code /proc/self/clear_refs}
 * where the kernel allows it.
 */
public final class MemoryProbe {

    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

    private boolean rssReset;

    /**
     * Starts a phase: resets the heap pools' peaks and, where possible, the process's peak resident set.
     */
    public void reset() {
        for (MemoryPoolMXBean pool : heapPools()) {
            pool.resetPeakUsage();
        }
        try {
            Files.writeString(CLEAR_REFS, "5", StandardCharsets.US_ASCII);
            rssReset = true;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            rssReset = false;
        }
    }

    /** @return The peak heap use since the last reset, in bytes. */
    public long peakHeapBytes() {
        long sum = 0;
        for (MemoryPoolMXBean pool : heapPools()) {
            sum += pool.getPeakUsage().getUsed();
        }
        return sum;
    }

    /** @return True if the last reset also reset the process's peak resident set (else it is the process's lifetime peak). */
    public boolean rssWasReset() {
        return rssReset;
    }

    /** @return The process's peak resident set in bytes, or -1 where /proc is unavailable. */
    public static long peakRssBytes() {
        return statusKilobytes("VmHWM:") * 1024;
    }

    /** @return The process's current resident set in bytes, or -1 where /proc is unavailable. */
    public static long rssBytes() {
        return statusKilobytes("VmRSS:") * 1024;
    }

    private static long statusKilobytes(String key) {
        try {
            for (String line : Files.readAllLines(STATUS, StandardCharsets.US_ASCII)) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    private static List<MemoryPoolMXBean> heapPools() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP).toList();
    }
}
