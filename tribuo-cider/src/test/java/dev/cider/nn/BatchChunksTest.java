package dev.cider.nn;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BatchChunksTest {

    @Test
    void splitPointsBelowTheBatchSize() {
        assertArrayEquals(new long[]{16, 32}, BatchChunks.boundaries(37, 16));
        assertArrayEquals(new long[]{16}, BatchChunks.boundaries(32, 16));
        assertArrayEquals(new long[0], BatchChunks.boundaries(16, 16));
        assertArrayEquals(new long[0], BatchChunks.boundaries(1, 16));
        assertArrayEquals(new long[]{1, 2}, BatchChunks.boundaries(3, 1));
        assertThrows(IllegalArgumentException.class, () -> BatchChunks.boundaries(8, 0));
        assertThrows(IllegalArgumentException.class, () -> BatchChunks.boundaries(-1, 16));
    }
}
