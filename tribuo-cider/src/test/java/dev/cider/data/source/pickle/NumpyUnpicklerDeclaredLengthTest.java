package dev.cider.data.source.pickle;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.math.BigInteger;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pickles that declare more bytes than they hold (written by {@code pickle-hostile/make_hostile_fixtures.py}) fail
 * with a message naming the opcode and its offset, without allocating the declared length first.
 */
class NumpyUnpicklerDeclaredLengthTest {

    private static final List<String> HUGE = List.of(
            "BINUNICODE", "BINUNICODE8", "BINSTRING", "LONG4", "BINBYTES", "BINBYTES8", "BYTEARRAY8");
    /** Far below the 2 GiB the fixtures declare, far above what decoding a dozen bytes needs. */
    private static final long ALLOCATION_LIMIT = 64L << 20;

    private static Path dir;

    @BeforeAll
    static void findFixtures() throws URISyntaxException {
        dir = Path.of(NumpyUnpicklerDeclaredLengthTest.class.getResource("/pickle-hostile/make_hostile_fixtures.py").toURI()).getParent();
    }

    private static long allocatedByThisThread() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    private static void assertRejectedCheaply(String opcode, Path file, org.junit.jupiter.api.function.Executable read) {
        long before = allocatedByThisThread();
        NumpyPickleException e = assertThrows(NumpyPickleException.class, read, file.toString());
        long allocated = allocatedByThisThread() - before;
        String m = e.getMessage();
        assertTrue(m.contains(opcode + " at offset 2"), m);
        assertTrue(m.contains("is truncated"), m);
        assertTrue(m.contains("bytes follow it"), m);
        assertTrue(allocated < ALLOCATION_LIMIT, opcode + ": allocated " + allocated + " bytes");
    }

    @Test
    void hugeDeclaredLengthsAreRefusedBeforeAllocating() throws IOException {
        for (String opcode : HUGE) {
            Path file = dir.resolve("huge_" + opcode + ".pkl");
            assertTrue(Files.size(file) < 16, file.toString());
            assertRejectedCheaply(opcode, file, () -> NumpyUnpickler.read(file, Long.MAX_VALUE));
            assertRejectedCheaply(opcode, file, () -> NumpyUnpickler.read(file, 0));
            byte[] bytes = Files.readAllBytes(file);
            assertRejectedCheaply(opcode, file, () -> NumpyUnpickler.read(bytes));
            NumpyPickleException e = assertThrows(NumpyPickleException.class, () -> NumpyUnpickler.read(file));
            assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        }
    }

    @Test
    void negativeSignedLengthsAreRefused() {
        for (String opcode : List.of("BINSTRING", "LONG4")) {
            Path file = dir.resolve("negative_" + opcode + ".pkl");
            NumpyPickleException e = assertThrows(NumpyPickleException.class, () -> NumpyUnpickler.read(file));
            assertTrue(e.getMessage().contains(opcode + " at offset 2 declares a negative length -5"), e.getMessage());
        }
    }

    @Test
    void lengthPrefixedValuesThatFitStillDecode() {
        byte[] pickle = {
            (byte) 0x80, 2, '(',
            'U', 3, 'a', 'b', 'c',                       // SHORT_BINSTRING "abc"
            'T', 2, 0, 0, 0, 'h', 'i',                   // BINSTRING "hi"
            (byte) 0x8a, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0x40, // LONG1 2^70
            (byte) 0x8b, 1, 0, 0, 0, (byte) 0xff,         // LONG4 -1
            'C', 2, 'x', 'y',                            // SHORT_BINBYTES b"xy"
            'X', 2, 0, 0, 0, (byte) 0xc3, (byte) 0xa9,    // BINUNICODE "\u00e9"
            'l', '.'};
        List<?> list = assertInstanceOf(List.class, NumpyUnpickler.read(pickle));
        assertEquals(6, list.size());
        assertEquals("abc", list.get(0));
        assertEquals("hi", list.get(1));
        assertEquals(BigInteger.TWO.pow(70), list.get(2));
        assertEquals(-1L, ((Number) list.get(3)).longValue());
        assertArrayEquals(new byte[]{'x', 'y'}, (byte[]) list.get(4));
        assertEquals("\u00e9", list.get(5));
    }
}
