package dev.cider.eval.compare;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A comparison's sweeps run in a heap that holds the corpus once, not twice: {@link BoundedHeapComparison} (a one-epoch
 * CIDer and two linear baselines, eleven rates, 1,500 test utterances shaped like unaligned CMU-MOSEI, whose audio and
 * vision make the test split about 125 MB) runs in a child JVM limited to {@value #HEAP_MB} MB. Building each point's
 * corrupted copy of the whole test split at once, as the sweep did before it streamed, runs out of heap there (measured:
 * every trial failed with OutOfMemoryError at 220 and 270 MB, and passed at 320 MB; streaming passes at 220 MB).
 */
class StreamingSweepMemoryTest {

    private static final int HEAP_MB = 240;

    @Test
    void aComparisonSweepsALargeTestSplitInABoundedHeap(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("child.txt");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + HEAP_MB + "m",
                "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1", "-Dai.djl.pytorch.num_interop_threads=1",
                "-cp", System.getProperty("java.class.path"), BoundedHeapComparison.class.getName(), "MOSEI_UNALIGNED", "200", "50", "1500")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
        }
        String out = Files.readString(log);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("5 rows in"), "three systems and the two reference lines: " + out);
        java.util.regex.Matcher max = java.util.regex.Pattern.compile("of max (\\d+) MB").matcher(out);
        assertTrue(max.find() && Integer.parseInt(max.group(1)) <= HEAP_MB, "the child ran with the bounded heap: " + out);
    }
}
