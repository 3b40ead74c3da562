package dev.cider.data.source.pickle;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code .npy} reader on files written byte by byte here, valid and malformed.
 */
public class NpyFilesTest {

    /** The bytes of a .npy file with the given header dictionary and data. */
    public static byte[] npy(int major, String header, byte[] data) {
        int prefix = major == 1 ? 10 : 12;
        StringBuilder h = new StringBuilder(header);
        while ((prefix + h.length() + 1) % 64 != 0) {
            h.append(' ');
        }
        h.append('\n');
        byte[] hb = h.toString().getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer buf = ByteBuffer.allocate(prefix + hb.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
        if (major == 1) {
            buf.putShort((short) hb.length);
        } else {
            buf.putInt(hb.length);
        }
        buf.put(hb).put(data);
        return buf.array();
    }

    public static byte[] doubles(ByteOrder order, double... v) {
        ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(order);
        for (double x : v) {
            b.putDouble(x);
        }
        return b.array();
    }

    public static byte[] floats(ByteOrder order, float... v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(order);
        for (float x : v) {
            b.putFloat(x);
        }
        return b.array();
    }

    @Test
    void readsLittleEndianDoublesInCOrder() throws IOException {
        byte[] bytes = npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }",
                doubles(ByteOrder.LITTLE_ENDIAN, 1.5, -2, 3, 0.25, 1e-300, 7));
        NumpyArray a = NpyFiles.read(bytes, "m.npy");
        assertArrayEquals(new long[] {2, 3}, a.shape());
        assertArrayEquals(new double[] {1.5, -2, 3, 0.25, 1e-300, 7}, a.toDoubleArray());
        assertEquals(2, a.ndim());
    }

    @Test
    void readsFortranOrderAndIntegersLikeAPickledArray() throws IOException {
        // column by column: [[1, 2, 3], [4, 5, 6]] stored as 1, 4, 2, 5, 3, 6
        NumpyArray f = NpyFiles.read(npy(1, "{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3), }",
                doubles(ByteOrder.LITTLE_ENDIAN, 1, 4, 2, 5, 3, 6)), "f.npy");
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, f.toDoubleArray());
        ByteBuffer ints = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(-3).putLong(7);
        NumpyArray i = NpyFiles.read(npy(1, "{'descr': '<i8', 'fortran_order': False, 'shape': (2,), }", ints.array()), "i.npy");
        assertArrayEquals(new long[] {-3, 7}, i.toLongArray());
        assertEquals("int64", i.dtype().name());
    }

    @Test
    void readsFloatsVectorsScalarsAndOtherVersions() throws IOException {
        NumpyArray f = NpyFiles.read(npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }",
                floats(ByteOrder.LITTLE_ENDIAN, 0.1f, 0.2f, 0.7f)), "v.npy");
        assertArrayEquals(new long[] {3}, f.shape());
        assertArrayEquals(new float[] {0.1f, 0.2f, 0.7f}, f.toFloatArray());
        assertEquals((double) 0.1f, f.getDouble(0));

        NumpyArray big = NpyFiles.read(npy(2, "{'descr': '>f8', 'fortran_order': False, 'shape': (2,), }",
                doubles(ByteOrder.BIG_ENDIAN, 4, -8)), "big.npy");
        assertArrayEquals(new double[] {4, -8}, big.toDoubleArray());

        NumpyArray scalar = NpyFiles.read(npy(3, "{'descr': '<f8', 'fortran_order': False, 'shape': (), }",
                doubles(ByteOrder.LITTLE_ENDIAN, 42)), "s.npy");
        assertEquals(0, scalar.ndim());
        assertArrayEquals(new double[] {42}, scalar.toDoubleArray());
    }

    @Test
    void readsFromAFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("x.npy");
        Files.write(file, npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 2), }", doubles(ByteOrder.LITTLE_ENDIAN, 3, 4)));
        assertArrayEquals(new double[] {3, 4}, NpyFiles.read(file).toDoubleArray());
    }

    private static void assertMalformed(byte[] bytes, String... fragments) {
        IOException e = assertThrows(IOException.class, () -> NpyFiles.read(bytes, "bad.npy"));
        assertTrue(e.getMessage().contains("bad.npy"), e.getMessage());
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "'" + f + "' not in: " + e.getMessage());
        }
    }

    @Test
    void malformedFilesGiveClearErrors() {
        byte[] good = npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", doubles(ByteOrder.LITTLE_ENDIAN, 1, 2));

        byte[] notNumpy = good.clone();
        notNumpy[1] = 'X';
        assertMalformed(notNumpy, "magic");
        assertMalformed(new byte[] {(byte) 0x93, 'N'}, "too short");
        assertMalformed(Arrays.copyOf(good, good.length - 3), "truncated");
        byte[] longer = Arrays.copyOf(good, good.length + 8);
        assertMalformed(longer, "trailing");
        byte[] badVersion = good.clone();
        badVersion[6] = 9;
        assertMalformed(badVersion, "version 9");
        byte[] shortHeader = Arrays.copyOf(good, 40);
        assertMalformed(shortHeader, "header");

        assertMalformed(npy(1, "{'descr': '|O', 'fortran_order': False, 'shape': (2,), }", new byte[16]), "'|O'", "object array");
        assertMalformed(npy(1, "{'descr': '<c16', 'fortran_order': False, 'shape': (2,), }", new byte[32]), "'<c16'");
        assertMalformed(npy(1, "{'descr': '<U3', 'fortran_order': False, 'shape': (2,), }", new byte[24]), "'<U3'");
        assertMalformed(npy(1, "{'descr': '<f8', 'fortran_order': False, }", new byte[16]), "'shape'");
        assertMalformed(npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (two,), }", new byte[16]), "non-integer");
        assertMalformed(npy(1, "not a dict", new byte[16]), "not a dictionary");
    }

    @Test
    void malformedFileOnDiskIsNamed(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("broken.npy");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write("PK\u0003\u0004 a zip, not an array".getBytes(StandardCharsets.ISO_8859_1));
        Files.write(file, out.toByteArray());
        IOException e = assertThrows(IOException.class, () -> NpyFiles.read(file));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("magic"), e.getMessage());
    }
}
