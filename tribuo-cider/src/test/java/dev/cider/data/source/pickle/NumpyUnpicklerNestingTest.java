package dev.cider.data.source.pickle;

import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * A 400 KB pickle of 200,000 nested lists (written by {@code pickle-hostile/make_hostile_fixtures.py}) decodes on a
 * thread with a small stack: nothing in the reader recurses once per nesting level.
 */
class NumpyUnpicklerNestingTest {

    private static final int NESTING = 200_000;
    /** A quarter of the JVM's default thread stack; one frame per level would need several megabytes. */
    private static final long STACK_BYTES = 256 * 1024;

    @Test
    void deeplyNestedListsDecodeWithoutRecursion() throws URISyntaxException, InterruptedException {
        Path file = Path.of(NumpyUnpicklerNestingTest.class.getResource("/pickle-hostile/nested_lists.pkl").toURI());
        AtomicReference<Object> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread reader = new Thread(null, () -> {
            try {
                result.set(NumpyUnpickler.read(file));
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "nested-pickle-reader", STACK_BYTES);
        reader.start();
        reader.join();
        assertNull(failure.get(), () -> "reading failed: " + failure.get());
        int depth = 0;
        Object current = result.get();
        while (true) {
            List<?> list = assertInstanceOf(List.class, current, "level " + depth);
            depth++;
            if (list.isEmpty()) {
                break;
            }
            assertEquals(1, list.size(), "level " + depth);
            current = list.get(0);
        }
        assertEquals(NESTING, depth);
    }
}
