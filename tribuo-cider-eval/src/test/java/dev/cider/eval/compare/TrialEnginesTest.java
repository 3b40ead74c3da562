package dev.cider.eval.compare;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrialEnginesTest {

    @Test
    void localIsBuiltInWithItsSettings() {
        try (TrialEngine engine = TrialEngines.named("local", new TrialEngineSettings(3, 2, null, Map.of()))) {
            LocalTrialEngine local = (LocalTrialEngine) engine;
            assertEquals(3, local.parallel());
            assertEquals(2, local.retries());
        }
    }

    @Test
    void anEngineThatIsNotOnTheClassPathIsNamedWithHowToGetIt() {
        // the evaluation module's tests do not have the Spark module on their class path
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrialEngines.named("spark", new TrialEngineSettings(1, 0, "local[2]", Map.of())));
        assertTrue(e.getMessage().startsWith("No trial engine named 'spark' on the class path (found: local)."), e.getMessage());
        assertTrue(e.getMessage().contains("tribuo-cider-spark"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new TrialEngineSettings(0, 0, null, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> new TrialEngineSettings(1, -1, null, Map.of()));
    }
}
