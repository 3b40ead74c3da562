package dev.cider.eval.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Finds a {@link TrialEngine} by name: {@code local} is built in ({@link LocalTrialEngine}); any other name is looked up
 * among the {@link TrialEngineProvider}s on the class path.
 */
public final class TrialEngines {

    /** The name of the built-in engine. */
    public static final String LOCAL = "local";

    private TrialEngines() {
    }

    /**
     * Creates the engine of a name.
     * @param name The engine's name (e.g. "local" or "spark").
     * @param settings Its settings.
     * @return The engine; the caller closes it.
     * @throws IllegalArgumentException if no engine of that name is on the class path; the message lists the engines
     *     that are, and for Spark says how to get it.
     */
    public static TrialEngine named(String name, TrialEngineSettings settings) {
        if (LOCAL.equals(name)) {
            return new LocalTrialEngine(settings.parallel(), settings.retries());
        }
        List<String> known = new ArrayList<>(List.of(LOCAL));
        for (TrialEngineProvider p : ServiceLoader.load(TrialEngineProvider.class, TrialEngines.class.getClassLoader())) {
            if (p.name().equals(name)) {
                return p.create(settings);
            }
            known.add(p.name());
        }
        String hint = "spark".equals(name)
                ? " The Spark engine is in the optional module tribuo-cider-spark: build it (mvn -o -pl tribuo-cider-spark -am package"
                        + " -DskipTests) and run ./cider, which then puts it and Spark on the class path, or spark-submit its"
                        + " assembly jar, tribuo-cider-spark/target/tribuo-cider-spark-<version>-assembly.jar, with --class"
                        + " dev.cider.eval.cli.CiderMain (see README, \"Running on a cluster\")."
                : "";
        throw new IllegalArgumentException("No trial engine named '" + name + "' on the class path (found: " + String.join(", ", known) + ")." + hint);
    }
}
