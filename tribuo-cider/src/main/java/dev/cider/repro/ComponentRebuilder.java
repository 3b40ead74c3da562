package dev.cider.repro;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.Configurable;
import com.oracle.labs.mlrg.olcut.config.ConfigurationData;
import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.property.Property;
import com.oracle.labs.mlrg.olcut.config.property.SimpleProperty;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Rebuilds configurable objects from their recorded provenance: the configuration is extracted with
 * {@link ProvenanceUtil#extractConfiguration}, adjusted (a legacy trainer configuration upgraded by
 * {@link LegacyTrainerConfiguration}, fields unset, {@link SettingOverride}s applied) and
 * instantiated by a fresh {@link ConfigurationManager}, one per rebuilt object so that the generated component names
 * of different objects never collide. {@link #close()} closes every rebuilt component that holds native resources
 * (e.g. text encoders).
 */
final class ComponentRebuilder implements AutoCloseable {
    private static final Logger logger = Logger.getLogger(ComponentRebuilder.class.getName());

    private record Managed(ConfigurationManager manager, List<ConfigurationData> configurations) {
    }

    private final List<Managed> managed = new ArrayList<>();

    /**
     * Rebuilds an object from its provenance.
     * @param role What the object is, for messages (e.g. "the trainer").
     * @param provenance Its recorded provenance.
     * @param type The type the object must have.
     * @param overrides Changes to apply, each to this object's root configuration (or a component it names).
     * @param unset Fields of the root configuration to leave at their defaults.
     * @param <T> The type.
     * @return The new object.
     * @throws ReproductionException naming what is missing when the provenance cannot be turned into the object.
     */
    <T> T rebuild(String role, Object provenance, Class<T> type, List<SettingOverride> overrides, Set<String> unset) {
        if (!(provenance instanceof ConfiguredObjectProvenance)) {
            throw new ReproductionException(capitalised(role) + " records no configuration (its provenance is a "
                    + (provenance == null ? "null" : provenance.getClass().getSimpleName() + ": " + provenance)
                    + "), so it cannot be rebuilt");
        }
        ConfiguredObjectProvenance p = (ConfiguredObjectProvenance) provenance;
        List<ConfigurationData> extracted;
        try {
            extracted = ProvenanceUtil.extractConfiguration(p);
        } catch (RuntimeException e) {
            throw new ReproductionException("Cannot read the configuration of " + role + " from its provenance: " + describe(e), e);
        }
        Map<String, ConfigurationData> configurations = new LinkedHashMap<>();
        for (ConfigurationData recorded : extracted) {
            ConfigurationData d = MovedClasses.current(recorded);
            classOf(d, role);
            configurations.put(d.getName(), d);
        }
        ConfigurationData root = configurations.get(extracted.get(0).getName());
        if (!root.getClassName().equals(MovedClasses.current(p.getClassName()))) {
            throw new ReproductionException("Cannot find the root configuration of " + role + " (" + p.getClassName() + ") in its provenance");
        }
        if (!type.isAssignableFrom(classOf(root, role))) {
            throw new ReproductionException(capitalised(role) + " is a " + root.getClassName() + ", not a " + type.getSimpleName());
        }
        LegacyTrainerConfiguration.upgrade(configurations, root.getName());
        unsetFields(configurations, root.getName(), unset);
        for (SettingOverride o : overrides) {
            apply(configurations, root.getName(), o);
        }
        ConfigurationManager cm = new ConfigurationManager();
        List<ConfigurationData> adjusted = new ArrayList<>(configurations.values());
        managed.add(new Managed(cm, adjusted));
        Configurable component;
        try {
            cm.addConfiguration(adjusted);
            component = cm.lookup(root.getName());
        } catch (RuntimeException e) {
            throw new ReproductionException("Cannot rebuild " + role + " (" + simpleName(root.getClassName()) + ") from its provenance: "
                    + describe(e), e);
        }
        if (component == null) {
            throw new ReproductionException("Cannot rebuild " + role + " (" + simpleName(root.getClassName()) + ") from its provenance");
        }
        return type.cast(component);
    }

    private static Class<?> classOf(ConfigurationData d, String role) {
        try {
            return Class.forName(d.getClassName());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new ReproductionException(capitalised(role) + " needs the class " + d.getClassName() + ", which is not on the classpath", e);
        }
    }

    private static void unsetFields(Map<String, ConfigurationData> configurations, String rootName, Set<String> unset) {
        ConfigurationData root = configurations.get(rootName);
        Map<String, Property> properties = new LinkedHashMap<>(root.getProperties());
        if (properties.keySet().removeAll(unset)) {
            configurations.put(rootName, new ConfigurationData(root.getName(), root.getClassName(), properties));
        }
    }

    private static void apply(Map<String, ConfigurationData> configurations, String rootName, SettingOverride o) {
        String current = rootName;
        List<String> path = o.fieldPath();
        for (String component : path.subList(0, path.size() - 1)) {
            ConfigurationData d = configurations.get(current);
            Optional<Property> p = d.get(component);
            if (p.isEmpty() || !(p.get() instanceof SimpleProperty) || !configurations.containsKey(((SimpleProperty) p.get()).getValue())) {
                throw new ReproductionException("Setting override " + o + ": '" + component + "' of " + simpleName(d.getClassName())
                        + " is not a recorded component");
            }
            current = ((SimpleProperty) p.get()).getValue();
        }
        ConfigurationData d = configurations.get(current);
        String field = path.get(path.size() - 1);
        Set<String> fields = configFields(d.getClassName());
        if (!fields.contains(field)) {
            throw new ReproductionException("Setting override " + o + ": " + simpleName(d.getClassName()) + " has no configurable field '"
                    + field + "'; its fields are " + fields);
        }
        Map<String, Property> properties = new LinkedHashMap<>(d.getProperties());
        properties.put(field, new SimpleProperty(o.value()));
        configurations.put(current, new ConfigurationData(d.getName(), d.getClassName(), properties));
    }

    private static Set<String> configFields(String className) {
        Set<String> names = new TreeSet<>();
        Class<?> c;
        try {
            c = Class.forName(className);
        } catch (ClassNotFoundException e) {
            return names;
        }
        for (; c != null; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (f.isAnnotationPresent(Config.class)) {
                    names.add(f.getName());
                }
            }
        }
        return names;
    }

    /**
     * Closes the rebuilt components that hold native resources, then the configuration managers.
     */
    @Override
    public void close() {
        for (Managed m : managed) {
            for (ConfigurationData d : m.configurations()) {
                try {
                    if (AutoCloseable.class.isAssignableFrom(Class.forName(d.getClassName()))) {
                        ((AutoCloseable) m.manager().lookup(d.getName())).close();
                    }
                } catch (Exception | LinkageError e) {
                    logger.log(Level.FINE, "Could not close the rebuilt component " + d.getName(), e);
                }
            }
            m.manager().close();
        }
        managed.clear();
    }

    /**
     * The messages of an exception and its causes, without repeats.
     * @param e The exception.
     * @return The joined messages.
     */
    static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String m = t.getMessage();
            if (m != null && !m.isBlank() && !sb.toString().contains(m)) {
                sb.append(sb.length() == 0 ? "" : ": ").append(m);
            }
        }
        return sb.length() == 0 ? e.getClass().getSimpleName() : sb.toString();
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    private static String capitalised(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
