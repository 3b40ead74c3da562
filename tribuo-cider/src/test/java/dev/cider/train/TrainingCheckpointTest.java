package dev.cider.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingCheckpointTest {

    @Test
    void roundTripsAndRejectsDamagedFiles(@TempDir Path dir) throws IOException {
        TrainingCheckpoint c = new TrainingCheckpoint("abc", 3, 0.75, 2, 1, new byte[] {1, 2}, new byte[] {3}, new byte[] {4, 5, 6});
        Path p = dir.resolve("ckpt.bin");
        c.write(p);
        TrainingCheckpoint r = TrainingCheckpoint.read(p);
        assertEquals("abc", r.fingerprint());
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
}
