package dev.cider.eval.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class OperatorProfileTest {

    @Test
    void selfTimeSubtractsNestedCallsPerThread(@TempDir Path dir) throws IOException {
        // Thread 1: linear [0, 100) calls addmm [10, 70), which calls copy_ [20, 30); then a second addmm [100, 120).
        // Thread 2: addmm [5, 45) on its own. An instant event and a counter are ignored.
        Path trace = dir.resolve("trace.json");
        Files.writeString(trace, """
                {"traceEvents": [
                  {"name": "aten::linear", "ph": "X", "ts": 0, "dur": 100, "tid": 1},
                  {"name": "aten::addmm", "ph": "X", "ts": 10, "dur": 60, "tid": 1},
                  {"name": "aten::copy_", "ph": "X", "ts": 20, "dur": 10, "tid": 1},
                  {"name": "aten::addmm", "ph": "X", "ts": 100, "dur": 20, "tid": 1},
                  {"name": "aten::addmm", "ph": "X", "ts": 5, "dur": 40, "tid": 2},
                  {"name": "marker", "ph": "i", "ts": 50, "tid": 1},
                  {"name": "memory", "ph": "C", "ts": 60, "tid": 1}
                ]}""");
        OperatorProfile profile = OperatorProfile.read(trace, 1000);
        Map<String, OperatorProfile.Operator> ops = profile.operators().stream()
                .collect(Collectors.toMap(OperatorProfile.Operator::name, Function.identity()));
        assertEquals(3, ops.size());
        assertEquals(40, ops.get("aten::linear").selfMicros(), 1e-9);   // 100 - 60
        assertEquals(1, ops.get("aten::linear").calls());
        assertEquals(50 + 20 + 40, ops.get("aten::addmm").selfMicros(), 1e-9);
        assertEquals(3, ops.get("aten::addmm").calls());
        assertEquals(120, ops.get("aten::addmm").totalMicros(), 1e-9);
        assertEquals(10, ops.get("aten::copy_").selfMicros(), 1e-9);
        assertEquals("aten::addmm", profile.operators().get(0).name(), "sorted by self time");
    }

    @Test
    void refusesAFileThatIsNotATrace(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("not-a-trace.json");
        Files.writeString(file, "{\"something\": 1}");
        IOException e = assertThrows(IOException.class, () -> OperatorProfile.read(file, 1));
        assertEquals(true, e.getMessage().contains("not-a-trace.json"), e.getMessage());
    }
}
