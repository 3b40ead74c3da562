package dev.cider.util;

import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;

import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A hardened check run on OLCUT configuration files before OLCUT loads them.
 * <p>
 * OLCUT's XML loader uses a default SAX parser, which expands external entities: a configuration declaring
 * {@code <!DOCTYPE config [<!ENTITY x SYSTEM "file:///etc/passwd">]>} would make the process read a local file (or
 * fetch a URL) into a property value. Configuration files never need a DOCTYPE, so this check refuses any file
 * that declares one, or an entity reference, with a clear message. It reads the file with a StAX parser that
 * neither processes DTDs nor resolves external entities, and follows OLCUT's {@code <file value="..."/>} includes
 * the way OLCUT resolves them (a class-path resource, else a path relative to the including file's folder).
 * <p>
 * Files that are not XML (another OLCUT format) and malformed XML are left for OLCUT to load or report.
 */
public final class SafeConfigFiles {

    private static final String FILE_ELEMENT = "file";
    private static final String FILE_VALUE = "value";

    private SafeConfigFiles() {
    }

    /**
     * Checks a configuration file and the files it includes.
     * @param file The file.
     * @throws IllegalArgumentException if a file declares a DOCTYPE or an entity, or cannot be read.
     */
    public static void check(Path file) {
        try {
            check(file.toUri().toURL());
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("Configuration file " + file + " has no URL: " + e.getMessage(), e);
        }
    }

    /**
     * Checks a configuration file given as OLCUT accepts it on a command line ({@code --config-file}): a
     * class-path resource, a file path or a URL. Names OLCUT would not find are left for OLCUT to report.
     * @param name The name.
     * @throws IllegalArgumentException if a file declares a DOCTYPE or an entity, or cannot be read.
     */
    public static void checkNamed(String name) {
        URL url = locate(name);
        if (url != null) {
            check(url);
        }
    }

    /**
     * Checks a configuration file and the files it includes.
     * @param url The file's location.
     * @throws IllegalArgumentException if a file declares a DOCTYPE or an entity, or cannot be read.
     */
    public static void check(URL url) {
        Deque<URL> pending = new ArrayDeque<>();
        Set<String> seen = new HashSet<>();
        pending.push(url);
        while (!pending.isEmpty()) {
            URL next = pending.pop();
            if (seen.add(next.toString())) {
                for (URL included : scan(next)) {
                    pending.push(included);
                }
            }
        }
    }

    /**
     * Where OLCUT's command line finds a configuration: a class-path resource, an existing file, else a URL.
     */
    static URL locate(String name) {
        URL resource = ConfigurationManager.class.getResource(name);
        if (resource != null) {
            return resource;
        }
        try {
            File file = new File(name);
            if (file.exists()) {
                return file.toURI().toURL();
            }
            return new URI(name).toURL();
        } catch (URISyntaxException | MalformedURLException | IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * A StAX factory that neither processes DTDs nor resolves external entities.
     * @return The factory.
     */
    static XMLInputFactory hardenedFactory() {
        // The JDK's own StAX implementation, whatever else is on the class path (Spark brings Woodstox, which does not
        // know the JAXP access properties): the hardening below must hold everywhere.
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setXMLResolver((publicId, systemId, base, namespace) -> {
            throw new XMLStreamException("external entity " + systemId + " refused");
        });
        return factory;
    }

    /**
     * Reads one file, refusing a DOCTYPE or entity reference, and returns the files it includes.
     */
    private static List<URL> scan(URL url) {
        List<URL> includes = new ArrayList<>();
        XMLStreamReader reader = null;
        try (InputStream in = url.openStream()) {
            reader = hardenedFactory().createXMLStreamReader(url.toString(), in);
            while (reader.hasNext()) {
                int event = reader.next();
                if (event == XMLStreamConstants.DTD || event == XMLStreamConstants.ENTITY_DECLARATION
                        || event == XMLStreamConstants.ENTITY_REFERENCE) {
                    throw refused(url, reader.getLocation().getLineNumber());
                }
                if (event == XMLStreamConstants.START_ELEMENT && FILE_ELEMENT.equals(reader.getLocalName())) {
                    String value = reader.getAttributeValue(null, FILE_VALUE);
                    URL included = value == null ? null : resolveInclude(url, value);
                    if (included != null) {
                        includes.add(included);
                    }
                }
            }
        } catch (XMLStreamException e) {
            // not XML, or malformed: OLCUT loads it with another format or reports the error itself
            return includes;
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read configuration file " + url + ": " + e.getMessage(), e);
        } finally {
            SafeConfigFiles.closeQuietly(reader);
        }
        return includes;
    }

    /**
     * Closes a StAX reader (not its stream, which its owner closes), ignoring a failure to.
     * @param reader The reader, or null.
     */
    static void closeQuietly(XMLStreamReader reader) {
        if (reader != null) {
            try {
                reader.close();
            } catch (XMLStreamException ignored) {
                // the stream itself is closed by its owner
            }
        }
    }

    private static IllegalArgumentException refused(URL url, int line) {
        return new IllegalArgumentException("Configuration file " + url + " declares a DOCTYPE or an entity (line " + line
                + "), which is refused: an external entity can make the loader read local files or fetch URLs. "
                + "Remove the <!DOCTYPE ...> declaration and any &entity; references.");
    }

    /**
     * Where OLCUT finds a {@code <file value="..."/>} include: a class-path resource, else a path, relative to the
     * including file's folder when it is not absolute.
     */
    static URL resolveInclude(URL from, String value) {
        URL resource = ConfigurationManager.class.getResource(value);
        if (resource != null) {
            return resource;
        }
        try {
            File file = new File(value);
            if (!file.isAbsolute() && "file".equals(from.getProtocol())) {
                file = new File(new File(from.toURI()).getParentFile(), value);
            }
            return file.exists() ? file.toURI().toURL() : null;
        } catch (URISyntaxException | MalformedURLException | IllegalArgumentException e) {
            return null;
        }
    }
}
