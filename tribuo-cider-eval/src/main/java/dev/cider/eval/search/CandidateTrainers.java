package dev.cider.eval.search;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.ConfigurationData;
import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.Configurable;
import com.oracle.labs.mlrg.olcut.config.property.ListProperty;
import com.oracle.labs.mlrg.olcut.config.property.MapProperty;
import com.oracle.labs.mlrg.olcut.config.property.Property;
import com.oracle.labs.mlrg.olcut.config.property.SimpleProperty;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import dev.cider.train.CiderTrainer;

import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Copies of the base CIDer trainer with searched properties replaced: the trainer's configuration is extracted from its
 * provenance, the properties are set on its root component, and a fresh {@link ConfigurationManager} builds the copy
 * (so the trainer's own validation judges every candidate, e.g. hiddenDim not divisible by heads).
 * <p>
 * A property name is a field of the trainer ({@code learningRate}) or a dotted path through the trainer's component
 * fields to a field of a nested component ({@code architecture.hiddenDim}: the {@code hiddenDim} of the trainer's
 * {@code CiderArchitecture}). A nested component that other parts of the configuration share is copied under a new
 * name before it gets a value, so it keeps its values there.
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
        setProperties(out, out.get(0).getName(), values);
        return out;
    }

    /**
     * Sets properties, each a field name or a dotted path through component fields, starting at one component of a
     * configuration. A nested component that gets a value and that other components refer to as well is copied
     * under a new name first, which its parent then refers to; one referred to only by its parent is changed in place.
     * @param config The configuration (changed in place).
     * @param rootName The component the paths start at.
     * @param values Property path to value.
     * @throws IllegalArgumentException if a path goes through a field that does not name a component.
     */
    public static void setProperties(List<ConfigurationData> config, String rootName, Map<String, String> values) {
        for (Map.Entry<String, String> v : values.entrySet()) {
            String[] path = v.getKey().split("\\.", -1);
            ConfigurationData d = find(config, rootName);
            for (int i = 0; i < path.length - 1; i++) {
                Optional<Property> p = d.get(path[i]);
                String ref = p.filter(SimpleProperty.class::isInstance).map(x -> ((SimpleProperty) x).getValue()).orElse(null);
                ConfigurationData child = ref == null ? null : findOrNull(config, ref);
                if (child == null) {
                    throw new IllegalArgumentException("Property '" + v.getKey() + "': '" + path[i] + "' of " + d.getName()
                            + " is not a configured component");
                }
                if (references(config, child.getName()) > 1) {
                    String copyName = uniqueName(config, child.getName() + SEARCHED_SUFFIX);
                    ConfigurationData copy = new ConfigurationData(copyName, child.getClassName(), new LinkedHashMap<>(child.getProperties()));
                    config.add(config.indexOf(child), copy);
                    d.add(path[i], new SimpleProperty(copyName));
                    child = copy;
                }
                d = child;
            }
            d.add(path[path.length - 1], new SimpleProperty(v.getValue()));
        }
    }

    /** The suffix of the name of a nested component copied to receive searched values. */
    private static final String SEARCHED_SUFFIX = "-searched";

    /** How many properties of the configuration name a component (as a value or a list item). */
    private static int references(List<ConfigurationData> config, String name) {
        int n = 0;
        for (ConfigurationData d : config) {
            for (Property p : d.getProperties().values()) {
                if (p instanceof SimpleProperty sp && sp.getValue().equals(name)) {
                    n++;
                } else if (p instanceof ListProperty lp) {
                    n += (int) lp.getSimpleList().stream().filter(item -> item.getValue().equals(name)).count();
                } else if (p instanceof MapProperty mp) {
                    n += (int) mp.getMap().values().stream().filter(item -> item.getValue().equals(name)).count();
                }
            }
        }
        return n;
    }

    private static String uniqueName(List<ConfigurationData> config, String name) {
        String candidate = name;
        for (int i = 2; findOrNull(config, candidate) != null; i++) {
            candidate = name + "-" + i;
        }
        return candidate;
    }

    private static ConfigurationData find(List<ConfigurationData> config, String name) {
        ConfigurationData d = findOrNull(config, name);
        if (d == null) {
            throw new IllegalStateException("The configuration has no component named '" + name + "'");
        }
        return d;
    }

    private static ConfigurationData findOrNull(List<ConfigurationData> config, String name) {
        for (ConfigurationData d : config) {
            if (d.getName().equals(name)) {
                return d;
            }
        }
        return null;
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
        List<ConfigurationData> config = ProvenanceUtil.extractConfiguration(base.getProvenance());
        String[] path = property.split("\\.", -1);
        ConfigurationData d = config.get(0);
        for (int i = 0; i < path.length - 1 && d != null; i++) {
            String ref = simple(d, path[i]).orElse(null);
            d = ref == null ? null : findOrNull(config, ref);
        }
        return d == null ? Optional.empty() : simple(d, path[path.length - 1]);
    }

    private static Optional<String> simple(ConfigurationData d, String property) {
        return d.get(property).filter(SimpleProperty.class::isInstance).map(v -> ((SimpleProperty) v).getValue());
    }

    /**
     * Whether a trainer class has a simple (number, boolean, text, enum or path valued) {@code @Config} property of a
     * name, or, for a dotted path, whether each earlier part is a {@code @Config} field holding a configurable
     * component whose class has the next part (e.g. {@code architecture.hiddenDim}).
     * @param type The trainer class.
     * @param property The property or dotted path.
     * @return True if a search dimension may set it.
     */
    public static boolean hasSimpleProperty(Class<?> type, String property) {
        String[] path = property.split("\\.", -1);
        Class<?> c = type;
        for (int i = 0; i < path.length - 1; i++) {
            Field f = configField(c, path[i]);
            if (f == null || !Configurable.class.isAssignableFrom(f.getType())) {
                return false;
            }
            c = f.getType();
        }
        Field f = configField(c, path[path.length - 1]);
        if (f == null) {
            return false;
        }
        Class<?> t = f.getType();
        return t.isPrimitive() || Number.class.isAssignableFrom(t) || t == Boolean.class || t == String.class
                || t.isEnum() || t == Path.class;
    }

    private static Field configField(Class<?> type, String name) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (f.getName().equals(name) && f.isAnnotationPresent(Config.class)) {
                    return f;
                }
            }
        }
        return null;
    }
}
