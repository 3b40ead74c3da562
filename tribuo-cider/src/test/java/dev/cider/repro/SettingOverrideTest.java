package dev.cider.repro;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Parsing {@code component.field[.field]=value}.
 */
class SettingOverrideTest {

    @Test
    void parsesTheComponentTheFieldPathAndTheValue() {
        SettingOverride seed = SettingOverride.parse("trainer.seed=12");
        assertEquals(new SettingOverride("trainer", List.of("seed"), "12"), seed);
        SettingOverride nested = SettingOverride.parse(" data.source.path = /data/a=b.csv ");
        assertEquals("data", nested.component());
        assertEquals(List.of("source", "path"), nested.fieldPath());
        assertEquals("/data/a=b.csv", nested.value());
        assertEquals("data.source.path=/data/a=b.csv", nested.toString());
        assertEquals(nested, SettingOverride.parse(nested.toString()));
    }

    @Test
    void malformedOverridesAreNamed() {
        for (String bad : new String[] {"seed=1", "trainer.seed", "=1", "model.seed=1", "trainer.=1", "data..path=x"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SettingOverride.parse(bad), bad);
            assertTrue(e.getMessage().contains("override"), e.getMessage());
        }
    }
}
