package dev.cider.util;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.ConfigurationData;
import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.property.Property;
import com.oracle.labs.mlrg.olcut.config.property.SimpleProperty;

import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Makes the file paths of a configuration independent of the working directory: a relative value of a
 * {@code Path} or {@code File} valued {@code @Config} field, written in a configuration file, is resolved against
 * the folder of that file (an included file's own folder for its components), so that
 * {@code <property name="path" value="../data/label.csv"/>} in {@code configs/x.xml} names {@code data/label.csv} next
 * to {@code configs/} whichever directory the program runs in. Global properties ({@code ${name}}) inside a value are
 * expanded first; a value that starts with one set on the command line ({@code value="${pickle}"} with
 * {@code --@pickle PATH}) is relative to the working directory, as typed, and is left alone like absolute values, values a
 * command line override changed ({@code --@component.field VALUE}, relative to the working
 * directory as typed) and components built from code are left alone. The resolved absolute paths are what the
 * components receive and so what their provenance records.
 * <p>
 * Call {@link #resolve(ConfigurationManager, List)} after loading and before the first lookup of a component.
 */
public final class ConfigFilePaths {

    private static final String COMPONENT = "component";
    private static final String PROPERTY = "property";
    private static final String NAME = "name";
    private static final String VALUE = "value";
    private static final String FILE = "file";

    /** The simple properties of one component as a file declares them, and that file's folder. */
    private record Declared(Path folder, Map<String, String> properties) {
    }

    private ConfigFilePaths() {
    }

    /**
     * Rewrites every relative path property of the components declared in the manager's configuration files to the
     * absolute path it names relative to its file's folder.
     * @param cm The configuration manager, no component of which has been looked up yet.
     * @param files The configuration files it loaded, named as OLCUT accepts them (a class-path resource, a file
     *              path or a URL), in loading order; only files on disk have a folder to resolve against.
     * @return Component and property name ({@code component.property}) to the absolute path, in file order.
     * @throws IllegalArgumentException if a configuration file cannot be read.
     */
    public static Map<String, Path> resolve(ConfigurationManager cm, List<String> files) {
        Map<String, Declared> declared = new LinkedHashMap<>();
        Map<String, String> fileGlobals = new LinkedHashMap<>();
        Deque<URL> pending = new ArrayDeque<>(cm.getConfigURLs());
        for (String name : files) {
            URL url = SafeConfigFiles.locate(name);
            if (url != null) {
                pending.add(url);
            }
        }
        Set<String> seen = new HashSet<>();
        while (!pending.isEmpty()) {
            URL url = pending.poll();
            if ("file".equals(url.getProtocol()) && seen.add(url.toString())) {
                pending.addAll(read(url, declared, fileGlobals));
            }
        }
        Map<String, Path> resolved = new LinkedHashMap<>();
        for (Map.Entry<String, Declared> component : declared.entrySet()) {
            String name = component.getKey();
            ConfigurationData data = cm.getConfigurationData(name).orElse(null);
            Class<?> type = data == null ? null : loadClass(data.getClassName());
            if (type == null) {
                continue;
            }
            for (Map.Entry<String, String> property : component.getValue().properties().entrySet()) {
                String field = property.getKey();
                String raw = property.getValue();
                Property current = data.get(field).orElse(null);
                if (!isPathField(type, field) || !(current instanceof SimpleProperty simple) || !simple.getValue().equals(raw)
                        || startsWithCommandLineGlobal(cm, name, field, raw.strip(), fileGlobals)) {
                    continue;
                }
                Path path = relativePath(cm.getImmutableGlobalProperties().replaceGlobalProperties(name, field, raw));
                if (path != null) {
                    Path absolute = component.getValue().folder().resolve(path).normalize();
                    cm.overrideConfigurableProperty(name, field, new SimpleProperty(absolute.toString()));
                    resolved.put(name + "." + field, absolute);
                }
            }
        }
        return resolved;
    }

    /**
     * Whether a value starts with a global property whose value came from the command line ({@code --@pickle PATH}): one
     * the configuration files declare with another value. Such a path is relative to the working directory, as typed.
     */
    private static boolean startsWithCommandLineGlobal(ConfigurationManager cm, String component, String field, String raw,
                                                       Map<String, String> fileGlobals) {
        int end = raw.indexOf('}');
        if (!raw.startsWith("${") || end < 0) {
            return false;
        }
        String global = raw.substring(2, end);
        String inFile = fileGlobals.get(global);
        if (inFile == null) {
            return false; // a system property such as ${user.home}, or one OLCUT itself will report as unknown
        }
        return !inFile.equals(cm.getImmutableGlobalProperties().replaceGlobalProperties(component, field, "${" + global + "}"));
    }

    private static Path relativePath(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            Path p = Path.of(value.strip());
            return p.isAbsolute() ? null : p;
        } catch (InvalidPathException e) {
            return null;
        }
    }

    private static Class<?> loadClass(String className) {
        try {
            return Class.forName(className, false, ConfigFilePaths.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    private static boolean isPathField(Class<?> type, String name) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (f.getName().equals(name) && f.isAnnotationPresent(Config.class)) {
                    return f.getType() == Path.class || f.getType() == File.class;
                }
            }
        }
        return false;
    }

    /**
     * Records the simple properties of the components one XML file declares (a later declaration of a name replaces
     * an earlier one) and returns the files it includes. Files that are not XML are skipped.
     */
    private static Deque<URL> read(URL url, Map<String, Declared> declared, Map<String, String> fileGlobals) {
        Deque<URL> includes = new ArrayDeque<>();
        Path folder;
        try {
            folder = Path.of(url.toURI()).toAbsolutePath().getParent();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return includes;
        }
        XMLStreamReader reader = null;
        try (InputStream in = url.openStream()) {
            reader = SafeConfigFiles.hardenedFactory().createXMLStreamReader(url.toString(), in);
            Map<String, String> properties = null;
            int depth = 0;
            int componentDepth = -1;
            while (reader.hasNext()) {
                int event = reader.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    depth++;
                    String element = reader.getLocalName();
                    if (COMPONENT.equals(element)) {
                        properties = new LinkedHashMap<>();
                        componentDepth = depth;
                        String component = reader.getAttributeValue(null, NAME);
                        if (component != null) {
                            declared.put(component, new Declared(folder, properties));
                        }
                    } else if (PROPERTY.equals(element) && properties != null && depth == componentDepth + 1) {
                        String name = reader.getAttributeValue(null, NAME);
                        String value = reader.getAttributeValue(null, VALUE);
                        if (name != null && value != null) {
                            properties.put(name, value);
                        }
                    } else if (PROPERTY.equals(element) && properties == null && depth == 2) {
                        String name = reader.getAttributeValue(null, NAME);
                        String value = reader.getAttributeValue(null, VALUE);
                        if (name != null && value != null) {
                            fileGlobals.put(name, value);
                        }
                    } else if (FILE.equals(element) && properties == null) {
                        String value = reader.getAttributeValue(null, VALUE);
                        URL included = value == null ? null : SafeConfigFiles.resolveInclude(url, value);
                        if (included != null) {
                            includes.add(included);
                        }
                    }
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    if (depth == componentDepth) {
                        properties = null;
                        componentDepth = -1;
                    }
                    depth--;
                }
            }
        } catch (XMLStreamException e) {
            return includes;
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read configuration file " + url + ": " + e.getMessage(), e);
        } finally {
            SafeConfigFiles.closeQuietly(reader);
        }
        return includes;
    }
}
