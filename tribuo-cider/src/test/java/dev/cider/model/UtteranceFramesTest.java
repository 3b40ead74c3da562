package dev.cider.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The frames of a new utterance: shapes, rows and {@code .npy} files.
 */
class UtteranceFramesTest {

    private static Path npy(Path file, String shape, double[] values) throws Exception {
        String header = "{'descr': '<f8', 'fortran_order': False, 'shape': " + shape + ", }";
        int pad = (64 - (10 + header.length() + 1) % 64) % 64;
        header = header + " ".repeat(pad) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        b.putShort((short) header.length()).put(header.getBytes(StandardCharsets.US_ASCII));
        for (double v : values) {
            b.putDouble(v);
        }
        Files.write(file, b.array());
        return file;
    }

    @Test
    void rowsAndShapes() {
        UtteranceFrames f = UtteranceFrames.ofRows(new float[][] {{1, 2, 3}, {4, 5, 6}});
        assertEquals(2, f.steps());
        assertEquals(3, f.dim());
        assertEquals(6f, f.get(1, 2));
        IllegalArgumentException ragged = assertThrows(IllegalArgumentException.class, () -> UtteranceFrames.ofRows(new float[][] {{1, 2}, {3}}));
        assertTrue(ragged.getMessage().contains("frame 1 has 1 values, frame 0 has 2"), ragged.getMessage());
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> UtteranceFrames.ofRows(new float[0][]));
        assertTrue(empty.getMessage().contains("leave a modality out to declare it missing"), empty.getMessage());
        IllegalArgumentException count = assertThrows(IllegalArgumentException.class, () -> new UtteranceFrames(2, 3, new float[5]));
        assertTrue(count.getMessage().contains("needs 6 values, found 5"), count.getMessage());
    }

    @Test
    void readsTwoDimensionalNpyOnly(@TempDir Path dir) throws Exception {
        UtteranceFrames f = UtteranceFrames.readNpy(npy(dir.resolve("ok.npy"), "(2, 2)", new double[] {0.5, 1.5, 2.5, 3.5}));
        assertEquals(new UtteranceFrames(2, 2, new float[] {0.5f, 1.5f, 2.5f, 3.5f}), f);
        Path flat = npy(dir.resolve("flat.npy"), "(4,)", new double[] {1, 2, 3, 4});
        IllegalArgumentException rank = assertThrows(IllegalArgumentException.class, () -> UtteranceFrames.readNpy(flat));
        assertTrue(rank.getMessage().contains("expected a 2-d array (frames x features), found shape [4]"), rank.getMessage());
        Path none = npy(dir.resolve("none.npy"), "(0, 5)", new double[0]);
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> UtteranceFrames.readNpy(none));
        assertTrue(zero.getMessage().startsWith(none.toString()), zero.getMessage());
    }
}
