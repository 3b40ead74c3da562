package dev.cider.nn;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParameterTableTest {

    @Test
    void countsChildrenAndFormatsATotalLine() {
        try (NDManager manager = NDManager.newBaseManager()) {
            WordSelfAlignedAttention wsam = WordSelfAlignedAttention.builder().hiddenDim(32).build();
            assertThrows(IllegalStateException.class, () -> ParameterTable.count(wsam), "uninitialised blocks cannot be counted");
            wsam.initialize(manager, DataType.FLOAT32, new Shape(1, 50, 32), new Shape(1, 50), new Shape(1, 375, 32), new Shape(1, 375));
            assertEquals(4_224, ParameterTable.count(wsam));
            ParameterTable table = ParameterTable.ofChildren(wsam);
            assertEquals(4, table.rows().size());
            assertEquals("query", table.rows().get(0).module());
            assertEquals(1_056, table.get("output"));
            ParameterTable more = table.with("extra", 10);
            assertEquals(4_234, more.total());
            String text = more.format();
            String[] lines = text.split("\\R");
            assertEquals("total 4234", lines[lines.length - 1]);
            assertTrue(lines[0].startsWith("query") && lines[0].endsWith("1056"), lines[0]);
            assertThrows(IllegalArgumentException.class, () -> table.get("nothing"));
        }
    }
}
