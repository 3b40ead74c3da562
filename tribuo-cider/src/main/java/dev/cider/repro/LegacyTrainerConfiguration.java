package dev.cider.repro;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.ConfigurationData;
import com.oracle.labs.mlrg.olcut.config.property.Property;
import com.oracle.labs.mlrg.olcut.config.property.SimpleProperty;
import dev.cider.train.CiderArchitecture;
import dev.cider.train.CiderTrainer;

import java.lang.reflect.Field;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the trainer configuration of models trained before the network settings moved into a
 * {@link CiderArchitecture} component: such a {@link CiderTrainer} records {@code hiddenDim}, {@code layers},
 * {@code heads} and the other network settings as its own fields. They are moved into a new architecture component
 * that the trainer refers to, so the rebuilt trainer trains the same network. A configuration that already has an
 * architecture, or no network setting at all, is left unchanged.
 */
final class LegacyTrainerConfiguration {

    /** The name of the architecture component created for a legacy trainer configuration. */
    static final String ARCHITECTURE_NAME = "legacy-trainer-architecture";

    private static final String ARCHITECTURE_FIELD = "architecture";

    private LegacyTrainerConfiguration() {
    }

    /**
     * Moves a legacy trainer's network settings into an architecture component.
     * @param configurations The extracted configurations by name (changed in place).
     * @param rootName The trainer's configuration.
     */
    static void upgrade(Map<String, ConfigurationData> configurations, String rootName) {
        ConfigurationData root = configurations.get(rootName);
        if (!CiderTrainer.class.getName().equals(root.getClassName()) || root.get(ARCHITECTURE_FIELD).isPresent()) {
            return;
        }
        Set<String> networkFields = configFields(CiderArchitecture.class);
        Map<String, Property> trainer = new LinkedHashMap<>();
        Map<String, Property> architecture = new LinkedHashMap<>();
        for (Map.Entry<String, Property> e : root.getProperties().entrySet()) {
            (networkFields.contains(e.getKey()) ? architecture : trainer).put(e.getKey(), e.getValue());
        }
        if (architecture.isEmpty()) {
            return;
        }
        String name = ARCHITECTURE_NAME;
        for (int i = 2; configurations.containsKey(name); i++) {
            name = ARCHITECTURE_NAME + "-" + i;
        }
        trainer.put(ARCHITECTURE_FIELD, new SimpleProperty(name));
        configurations.put(rootName, new ConfigurationData(root.getName(), root.getClassName(), trainer));
        configurations.put(name, new ConfigurationData(name, CiderArchitecture.class.getName(), architecture));
    }

    private static Set<String> configFields(Class<?> type) {
        Set<String> names = new TreeSet<>();
        for (Field f : type.getDeclaredFields()) {
            if (f.isAnnotationPresent(Config.class)) {
                names.add(f.getName());
            }
        }
        return names;
    }
}
