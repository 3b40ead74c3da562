package dev.cider.spark;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Spark installation for the tests, as a cluster's machines have one: a Spark home whose {@code jars} directory holds
 * Spark and everything Spark depends on, and nothing else. The jars are those of this JVM's class path whose Maven
 * coordinates appear under one of Spark's modules (spark-core, spark-common-utils) in the module's verbose dependency tree (written at build time), so Spark's
 * dependencies that the project shares (slf4j, Jackson) are there too, as in a Spark distribution.
 */
final class SparkInstallation {

    private static final Pattern NODE = Pattern.compile("([\\w.\\-]+):([\\w.\\-]+):jar:");
    private static final Pattern TREE_PREFIX = Pattern.compile("^[|+\\\\\\- ]*");

    private SparkInstallation() {
    }

    /**
     * The group and artifact ids of Spark's modules that the module declares (spark-core, and spark-common-utils, whose
     * Java function interfaces it names) and of everything under them in a dependency tree. A dependency of Spark's that
     * one of those modules reaches first (e.g. log4j through spark-common-utils) is listed under that module only, so
     * every Spark subtree is collected.
     * @param tree The lines of {@code mvn dependency:tree -Dverbose}.
     * @return "group/as/path/artifact/" for each.
     */
    static Set<String> sparkArtifacts(List<String> tree) {
        Set<String> artifacts = new LinkedHashSet<>();
        int depth = -1;
        for (String line : tree) {
            int d = prefixLength(line);
            if (depth >= 0 && d <= depth) {
                depth = -1;
            }
            if (depth < 0) {
                if (line.substring(d).startsWith("org.apache.spark:")) {
                    depth = d;
                } else {
                    continue;
                }
            }
            Matcher m = NODE.matcher(line.substring(d));
            if (m.find()) {
                artifacts.add(m.group(1).replace('.', '/') + "/" + m.group(2) + "/");
            }
        }
        if (!artifacts.contains("org/apache/spark/spark-core_2.12/")) {
            throw new IllegalStateException("No spark-core in the dependency tree");
        }
        return artifacts;
    }

    private static int prefixLength(String line) {
        Matcher m = TREE_PREFIX.matcher(line);
        return m.find() ? m.end() : 0;
    }

    /**
     * Creates a Spark home with Spark's jars (links to this JVM's class path entries).
     * @param dir The Spark home to create.
     * @param tree The module's verbose dependency tree.
     * @return The Spark home.
     * @throws IOException if it cannot be written.
     */
    static Path create(Path dir, Path tree) throws IOException {
        Set<String> artifacts = sparkArtifacts(Files.readAllLines(tree));
        Path jars = Files.createDirectories(dir.resolve("jars"));
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String unix = entry.replace(File.separatorChar, '/');
            if (unix.endsWith(".jar") && artifacts.stream().anyMatch(a -> unix.contains("/" + a))) {
                Path jar = Path.of(entry);
                Files.createSymbolicLink(jars.resolve(jar.getFileName()), jar.toAbsolutePath());
            }
        }
        return dir;
    }

    /**
     * The class path of a Spark process of an installation (the JVM expands the wildcard).
     * @param home The Spark home.
     * @return The class path.
     */
    static String classPath(Path home) {
        return home.resolve("jars") + File.separator + "*";
    }
}
