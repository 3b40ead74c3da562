package dev.cider.eval.search;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.ConfigurationData;
import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.Configurable;
import com.oracle.labs.mlrg.olcut.config.property.Property;
import com.oracle.labs.mlrg.olcut.config.property.SimpleProperty;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import dev.cider.train.CiderTrainer;

import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Copies of the base CIDer trainer with searched properties replaced: the trainer's configuration is extracted from its
 * provenance, the properties are set on its root component, and a fresh {@link ConfigurationManager} builds the copy
 * (so the trainer's own validation judges every candidate, e.g. hiddenDim not divisible by heads).
 */
public final class CandidateTrainers {

    /** The trainer property that holds the number of epochs (the budget of successive halving). */
    public static final String EPOCHS = "epochs";

    private CandidateTrainers() {
    }

    /**
     * The base trainer's configuration with properties replaced, root component first.
     * @param base The base trainer.
     * @param values Property to value.
     * @return The configuration (copies; the base is unchanged).
     */
    public static List<ConfigurationData> configuration(CiderTrainer base, Map<String, String> values) {
        List<ConfigurationData> out = new ArrayList<>();
        for (ConfigurationData d : ProvenanceUtil.extractConfiguration(base.getProvenance())) {
            out.add(d.copy());
        }
        ConfigurationData root = out.get(0);
        values.forEach((k, v) -> root.add(k, new SimpleProperty(v)));
        return out;
    }

    /**
     * A copy of the base trainer with properties replaced.
     * @param base The base trainer.
     * @param values Property to value.
     * @return The copy.
     * @throws IllegalArgumentException if the trainer refuses the values; the message says why.
     */
    public static CiderTrainer build(CiderTrainer base, Map<String, String> values) {
        List<ConfigurationData> config = configuration(base, values);
        Configurable c;
        try {
            ConfigurationManager cm = new ConfigurationManager();
            cm.addConfiguration(config);
            c = cm.lookup(config.get(0).getName());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("CiderTrainer refuses " + values + ": " + e.getMessage(), e);
        }
        if (!(c instanceof CiderTrainer t)) {
            throw new IllegalStateException("Rebuilding the base trainer gave a " + c.getClass().getName());
        }
        return t;
    }

    /**
     * The current value of a property of the base trainer, as its configuration records it.
     * @param base The base trainer.
     * @param property The property.
     * @return The value's text, empty if the configuration records none.
     */
    public static Optional<String> value(CiderTrainer base, String property) {
        Optional<Property> p = ProvenanceUtil.extractConfiguration(base.getProvenance()).get(0).get(property);
        return p.filter(SimpleProperty.class::isInstance).map(v -> ((SimpleProperty) v).getValue());
    }

    /**
     * Whether a trainer class has a simple (number, boolean, text, enum or path valued) {@code @Config} property of a name.
     * @param type The trainer class.
     * @param property The property.
     * @return True if a search dimension may set it.
     */
    public static boolean hasSimpleProperty(Class<?> type, String property) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (f.getName().equals(property) && f.isAnnotationPresent(Config.class)) {
                    Class<?> t = f.getType();
                    return t.isPrimitive() || Number.class.isAssignableFrom(t) || t == Boolean.class || t == String.class
                            || t.isEnum() || t == Path.class;
                }
            }
        }
        return false;
    }
}
