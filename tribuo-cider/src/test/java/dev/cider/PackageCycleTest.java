package dev.cider;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The {@code dev.cider} packages depend on each other one way only, so the layers of the data flow (data, sources,
 * text, missing patterns, network, causal head, trainer, model; in the evaluation module metrics, sweeps, reports,
 * comparisons, the command line) can be read and changed from the bottom up.
 * <p>
 * The dependencies are read from the main sources of every module of the build: each {@code import} of a
 * {@code dev.cider} class and each fully qualified {@code dev.cider} class name in code (comments and string literals
 * do not count). Two graphs must be acyclic: the packages themselves, and the layers, where a package's sub-packages
 * count as part of it ({@code dev.cider.data.source} is part of {@code dev.cider.data}, {@code dev.cider.eval.report}
 * is a layer of the evaluation module).
 */
class PackageCycleTest {

    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?(dev\\.cider(?:\\.[a-z_]\\w*)*)\\.[A-Z]",
            Pattern.MULTILINE);
    private static final Pattern QUALIFIED = Pattern.compile("\\bdev\\.cider(?:\\.[a-z_]\\w*)*(?=\\.[A-Z])");
    private static final Pattern COMMENT_OR_STRING = Pattern.compile(
            "/\\*.*?\\*/|//[^\\n]*|\"\"\".*?\"\"\"|\"(?:\\\\.|[^\"\\\\\\n])*\"|'(?:\\\\.|[^'\\\\\\n])*'", Pattern.DOTALL);

    /** Package (or layer) to the packages it uses, each with the source files that use it. */
    private record Graph(Map<String, Map<String, Set<String>>> edges) {
        Graph() {
            this(new TreeMap<>());
        }

        void add(String from, String to, String file) {
            edges.computeIfAbsent(from, k -> new TreeMap<>());
            if (!from.equals(to)) {
                edges.get(from).computeIfAbsent(to, k -> new TreeSet<>()).add(file);
            }
        }

        Set<String> nodes() {
            return edges.keySet();
        }
    }

    /**
     * The packages a source file uses, from its imports and the qualified names in its code.
     * @param source The text of a Java source file.
     * @return The package of the file and the {@code dev.cider} packages it refers to.
     */
    static Map.Entry<String, Set<String>> dependencies(String source) {
        Matcher p = PACKAGE.matcher(source);
        String pkg = p.find() ? p.group(1) : "";
        Set<String> used = new TreeSet<>();
        Matcher i = IMPORT.matcher(source);
        while (i.find()) {
            used.add(i.group(1));
        }
        String code = COMMENT_OR_STRING.matcher(source).replaceAll(" ");
        code = code.replaceAll("(?m)^(package|import)\\s[^;]*;", " ");
        Matcher q = QUALIFIED.matcher(code);
        while (q.find()) {
            used.add(q.group());
        }
        return Map.entry(pkg, used);
    }

    /**
     * The layer of a package: {@code dev.cider.X} in the library, {@code dev.cider.eval.X} in the evaluation module.
     * @param pkg A package name.
     * @return Its layer.
     */
    static String layer(String pkg) {
        String[] parts = pkg.split("\\.");
        int depth = parts.length > 2 && parts[2].equals("eval") ? 4 : 3;
        return String.join(".", List.of(parts).subList(0, Math.min(depth, parts.length)));
    }

    /**
     * A cycle of the graph, if it has one (depth-first search).
     * @param graph The graph.
     * @return The nodes of a cycle, the first repeated at the end.
     */
    static Optional<List<String>> findCycle(Graph graph) {
        Map<String, Integer> state = new TreeMap<>(); // 1 on the current path, 2 finished
        for (String start : graph.nodes()) {
            List<String> path = new ArrayList<>();
            Optional<List<String>> c = visit(graph, start, state, path);
            if (c.isPresent()) {
                return c;
            }
        }
        return Optional.empty();
    }

    private static Optional<List<String>> visit(Graph graph, String node, Map<String, Integer> state, List<String> path) {
        Integer s = state.get(node);
        if (s != null && s == 2) {
            return Optional.empty();
        }
        if (s != null) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(node), path.size()));
            cycle.add(node);
            return Optional.of(cycle);
        }
        state.put(node, 1);
        path.add(node);
        for (String next : graph.edges().getOrDefault(node, Map.of()).keySet()) {
            Optional<List<String>> c = visit(graph, next, state, path);
            if (c.isPresent()) {
                return c;
            }
        }
        path.remove(path.size() - 1);
        state.put(node, 2);
        return Optional.empty();
    }

    private static String describe(Graph graph, List<String> cycle) {
        StringBuilder sb = new StringBuilder(String.join(" -> ", cycle));
        for (int k = 0; k + 1 < cycle.size(); k++) {
            sb.append("\n  ").append(cycle.get(k)).append(" -> ").append(cycle.get(k + 1)).append(" in ")
                    .append(graph.edges().get(cycle.get(k)).get(cycle.get(k + 1)));
        }
        return sb.toString();
    }

    /** The main source directories of every module of the build this test runs in. */
    private static List<Path> mainSourceDirectories() throws IOException {
        Path module = Path.of("").toAbsolutePath();
        Path root = Files.exists(module.resolve("../pom.xml")) ? module.getParent() : module;
        try (Stream<Path> modules = Files.list(root)) {
            return modules.map(m -> m.resolve("src/main/java")).filter(Files::isDirectory).sorted().toList();
        }
    }

    private static Graph[] readGraphs() throws IOException {
        Graph packages = new Graph();
        Graph layers = new Graph();
        for (Path dir : mainSourceDirectories()) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    String name = dir.relativize(f).toString();
                    Map.Entry<String, Set<String>> deps;
                    try {
                        deps = dependencies(Files.readString(f, StandardCharsets.UTF_8));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    if (!deps.getKey().startsWith("dev.cider")) {
                        continue;
                    }
                    packages.add(deps.getKey(), deps.getKey(), name);
                    layers.add(layer(deps.getKey()), layer(deps.getKey()), name);
                    for (String used : deps.getValue()) {
                        packages.add(deps.getKey(), used, name);
                        layers.add(layer(deps.getKey()), layer(used), name);
                    }
                }
            }
        }
        return new Graph[] {packages, layers};
    }

    @Test
    void packagesAndLayersHaveNoCycles() throws IOException {
        Graph[] graphs = readGraphs();
        Graph packages = graphs[0];
        Graph layers = graphs[1];
        // the sources were found and read: the library and the evaluation module, with their known dependencies
        assertTrue(packages.nodes().containsAll(Set.of("dev.cider.data", "dev.cider.nn", "dev.cider.train", "dev.cider.eval.cli")),
                packages.nodes().toString());
        assertTrue(packages.edges().get("dev.cider.model").containsKey("dev.cider.data"));
        assertTrue(layers.edges().get("dev.cider.eval.cli").containsKey("dev.cider.train"));
        findCycle(packages).ifPresent(c -> fail("Package dependency cycle: " + describe(packages, c)));
        findCycle(layers).ifPresent(c -> fail("Layer dependency cycle (sub-packages count as their parent's layer): "
                + describe(layers, c)));
    }

    @Test
    void importsAndQualifiedNamesInCodeCountButCommentsAndStringsDoNot() {
        String source = """
                package dev.cider.a.b;

                import dev.cider.c.Thing;
                import static dev.cider.d.Util.helper;
                import java.util.List;

                /** Mentions {@link dev.cider.e.Doc} only in a comment. */
                class Sample {
                    Object x = new dev.cider.f.g.Other();
                    String s = "dev.cider.h.Named";
                    // dev.cider.i.Commented
                }
                """;
        Map.Entry<String, Set<String>> deps = dependencies(source);
        assertEquals("dev.cider.a.b", deps.getKey());
        assertEquals(Set.of("dev.cider.c", "dev.cider.d", "dev.cider.f.g"), deps.getValue());
        assertEquals("dev.cider.data", layer("dev.cider.data.source.pickle"));
        assertEquals("dev.cider.eval.report", layer("dev.cider.eval.report"));
        assertEquals("dev.cider.util", layer("dev.cider.util"));
    }

    @Test
    void aCycleIsFoundAndAnAcyclicGraphPasses() {
        Graph acyclic = new Graph();
        acyclic.add("a", "b", "A.java");
        acyclic.add("b", "c", "B.java");
        acyclic.add("a", "c", "A.java");
        assertFalse(findCycle(acyclic).isPresent());

        Graph cyclic = new Graph();
        cyclic.add("a", "b", "A.java");
        cyclic.add("b", "c", "B.java");
        cyclic.add("c", "a", "C.java");
        cyclic.add("c", "d", "C.java");
        List<String> cycle = findCycle(cyclic).orElseThrow();
        assertEquals(List.of("a", "b", "c", "a"), cycle);
        assertTrue(describe(cyclic, cycle).contains("c -> a in [C.java]"));
    }
}
