package dev.cider.train;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingCheckpointTest {

    @Test
    void roundTripsAndRejectsDamagedFiles(@TempDir Path dir) throws IOException {
        RunFingerprint fingerprint = new RunFingerprint(Map.of("hiddenDim", "64", "trainingPattern.rate", "0.3", "note", "é ünïcode"));
        TrainingCheckpoint c = new TrainingCheckpoint(fingerprint, 3, 0.75, 2, 1, new byte[] {1, 2}, new byte[] {3}, new byte[] {4, 5, 6});
        Path p = dir.resolve("ckpt.bin");
        c.write(p);
        TrainingCheckpoint r = TrainingCheckpoint.read(p);
        assertEquals(fingerprint, r.fingerprint());
        assertEquals(3, r.epochsDone());
        assertEquals(0.75, r.bestValue());
        assertEquals(2, r.bestEpoch());
        assertEquals(1, r.sinceBest());
        assertArrayEquals(new byte[] {1, 2}, r.parameters());
        assertArrayEquals(new byte[] {3}, r.bestParameters());
        assertArrayEquals(new byte[] {4, 5, 6}, r.optimizerState());

        byte[] all = Files.readAllBytes(p);
        Files.write(dir.resolve("short.bin"), Arrays.copyOf(all, all.length - 2));
        IOException truncated = assertThrows(IOException.class, () -> TrainingCheckpoint.read(dir.resolve("short.bin")));
        assertTrue(truncated.getMessage().contains("truncated"), truncated.getMessage());
        Files.write(dir.resolve("other.bin"), new byte[] {9, 9, 9, 9, 9});
        IOException wrong = assertThrows(IOException.class, () -> TrainingCheckpoint.read(dir.resolve("other.bin")));
        assertTrue(wrong.getMessage().contains("Not a CIDer training checkpoint"), wrong.getMessage());
        IOException missing = assertThrows(IOException.class, () -> TrainingCheckpoint.read(dir.resolve("none.bin")));
        assertTrue(missing.getMessage().contains("No checkpoint"), missing.getMessage());
    }

    private static TrainingCheckpoint sample() {
        byte[] parameters = new byte[64];
        for (int i = 0; i < parameters.length; i++) {
            parameters[i] = (byte) (i * 7);
        }
        return new TrainingCheckpoint(new RunFingerprint(Map.of("a", "b")), 4, 0.5, 3, 1, parameters, new byte[] {3, 4}, new byte[] {5, 6, 7});
    }

    /** Offset of the parameters block's length field: magic, version, one setting ("a", "b"), three ints and a double. */
    private static final int PARAMETERS_LENGTH_OFFSET = 4 + 4 + 4 + (4 + 1) + (4 + 1) + 4 + 8 + 4 + 4;

    @Test
    void aFlippedLowBitInTheParametersIsRefusedNamingTheFile(@TempDir Path dir) throws IOException {
        Path p = dir.resolve("ckpt.bin");
        sample().write(p);
        byte[] good = Files.readAllBytes(p);
        assertEquals(sample().parameters()[10], good[PARAMETERS_LENGTH_OFFSET + 4 + 10], "layout assumed by this test");
        byte[] bad = good.clone();
        bad[PARAMETERS_LENGTH_OFFSET + 4 + 10] ^= 1;
        Files.write(p, bad);
        IOException e = assertThrows(IOException.class, () -> TrainingCheckpoint.read(p));
        assertTrue(e.getMessage().contains(p.toString()) && e.getMessage().contains("checksum"), e.getMessage());
    }

    @Test
    void everySingleBitFlipAnywhereIsRefused(@TempDir Path dir) throws IOException {
        Path p = dir.resolve("ckpt.bin");
        sample().write(p);
        byte[] good = Files.readAllBytes(p);
        for (int i = 0; i < good.length; i++) {
            for (int bit : new int[] {0, 7}) {
                byte[] bad = good.clone();
                bad[i] ^= (byte) (1 << bit);
                Files.write(p, bad);
                int at = i;
                IOException e = assertThrows(IOException.class, () -> TrainingCheckpoint.read(p), "byte " + at + " bit " + bit);
                assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
            }
        }
        Files.write(p, good);
        assertArrayEquals(sample().parameters(), TrainingCheckpoint.read(p).parameters());
    }

    @Test
    void aHugeLengthFieldIsRefusedWithoutAllocatingIt(@TempDir Path dir) throws IOException {
        Path p = dir.resolve("ckpt.bin");
        sample().write(p);
        byte[] bad = Files.readAllBytes(p);
        ByteBuffer.wrap(bad).putInt(PARAMETERS_LENGTH_OFFSET, Integer.MAX_VALUE - 8);
        Files.write(p, bad);
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(threads instanceof com.sun.management.ThreadMXBean
                && ((com.sun.management.ThreadMXBean) threads).isThreadAllocatedMemorySupported());
        com.sun.management.ThreadMXBean allocation = (com.sun.management.ThreadMXBean) threads;
        long before = allocation.getThreadAllocatedBytes(Thread.currentThread().getId());
        IOException e = assertThrows(IOException.class, () -> TrainingCheckpoint.read(p));
        long allocated = allocation.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        assertTrue(e.getMessage().contains(p.toString()) && e.getMessage().contains(Integer.toString(Integer.MAX_VALUE - 8)), e.getMessage());
        assertTrue(allocated < 16L << 20, "allocated " + allocated + " bytes for a refused checkpoint");
    }

    @Test
    void olderVersionsAreRefusedWithAClearMessage(@TempDir Path dir) throws IOException {
        for (int version : new int[] {1, 2}) {
            Path p = dir.resolve("old" + version + ".bin");
            sample().write(p);
            byte[] old = Files.readAllBytes(p);
            ByteBuffer.wrap(old).putInt(4, version);
            Files.write(p, old);
            IOException e = assertThrows(IOException.class, () -> TrainingCheckpoint.read(p));
            assertTrue(e.getMessage().contains(p.toString()) && e.getMessage().contains("format version " + version)
                    && e.getMessage().contains("reads only version 3") && e.getMessage().contains("start the run again"), e.getMessage());
        }
    }

    @Test
    void aHugeSettingCountIsRefusedNamingTheFile(@TempDir Path dir) throws IOException {
        Path p = dir.resolve("ckpt.bin");
        sample().write(p);
        byte[] bad = Files.readAllBytes(p);
        ByteBuffer.wrap(bad).putInt(8, Integer.MAX_VALUE);
        Files.write(p, bad);
        IOException e = assertThrows(IOException.class, () -> TrainingCheckpoint.read(p));
        assertTrue(e.getMessage().contains(p.toString()) && e.getMessage().contains(Integer.MAX_VALUE + " settings"), e.getMessage());
    }
}
