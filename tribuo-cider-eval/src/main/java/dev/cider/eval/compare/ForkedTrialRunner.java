package dev.cider.eval.compare;

import com.oracle.labs.mlrg.olcut.config.ConfigurationData;
import dev.cider.util.AtomicFiles;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Runs each trial in a child JVM ({@link TrialWorker}), so that trials can run side by side: DJL allows one gradient
 * collector per process, and PyTorch's thread pool and allocator are process-wide. The child rebuilds the experiment from
 * its configuration as recorded in its provenance ({@link ExperimentConfiguration}), expands the same plan,
 * runs the one trial on one PyTorch thread and hands back its {@link TrialResult}; the numbers are those the trial gives
 * in this process. The child inherits this JVM's class path, its options (heap size and the like, without agents) and
 * environment (allocator and numerics settings); its output lines are passed on as progress.
 */
public final class ForkedTrialRunner implements Function<Trial, TrialResult>, AutoCloseable {

    /** How many of a failed child's last output lines its error message quotes. */
    private static final int TAIL_LINES = 15;

    private final Path directory;
    private final Path configuration;
    private final String experimentName;
    private final Consumer<String> progress;
    private final String classPath;

    private ForkedTrialRunner(Path directory, Path configuration, String experimentName, String classPath, Consumer<String> progress) {
        this.directory = directory;
        this.configuration = configuration;
        this.experimentName = experimentName;
        this.classPath = classPath;
        this.progress = progress;
    }

    /**
     * Prepares to run the trials of an experiment in child JVMs: records its configuration in a temporary directory.
     * @param experiment The experiment.
     * @param progress Receives the children's output lines.
     * @return The runner; close it to delete its temporary files.
     * @throws IllegalArgumentException if the experiment cannot be rebuilt from its provenance (a component that is not
     *     configurable); the message says so, and trials can still run one at a time in this process.
     */
    public static ForkedTrialRunner of(ComparisonExperiment experiment, Consumer<String> progress) {
        List<ConfigurationData> config;
        try {
            config = ExperimentConfiguration.extract(experiment.getProvenance());
            ExperimentConfiguration.experimentName(config);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The experiment cannot be rebuilt from its configuration, so its trials cannot run in"
                    + " separate processes (run them one at a time, --parallel 1): " + e.getMessage(), e);
        }
        return of(config, System.getProperty("java.class.path"), progress);
    }

    /**
     * Prepares to run the trials of an experiment given by its configuration in child JVMs with a class path (used where
     * the classes were not loaded from this JVM's class path, e.g. by a Spark executor from an application jar).
     * @param config The experiment's configuration ({@link ExperimentConfiguration#extract}).
     * @param classPath The children's class path.
     * @param progress Receives the children's output lines.
     * @return The runner; close it to delete its temporary files.
     * @throws IllegalArgumentException if the configuration holds no experiment, or several.
     */
    public static ForkedTrialRunner of(List<ConfigurationData> config, String classPath, Consumer<String> progress) {
        String name = ExperimentConfiguration.experimentName(config);
        Objects.requireNonNull(classPath, "classPath");
        try {
            Path dir = Files.createTempDirectory("cider-trials");
            Path file = dir.resolve("experiment.ser");
            AtomicFiles.write(file, out -> {
                try (ObjectOutputStream oos = new ObjectOutputStream(out)) {
                    oos.writeObject(new ArrayList<>(config));
                }
            });
            return new ForkedTrialRunner(dir, file, name, classPath, Objects.requireNonNull(progress));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the experiment's configuration for the trial processes", e);
        }
    }

    /**
     * Runs a trial in a child JVM and waits for it.
     * @param trial The trial.
     * @return Its result.
     * @throws IllegalStateException if the child fails; the message quotes its last output lines.
     */
    @Override
    public TrialResult apply(Trial trial) {
        Path result = directory.resolve("trial-" + trial.index() + ".ser");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!arg.startsWith("-agentlib") && !arg.startsWith("-javaagent") && !arg.startsWith("-Xrunjdwp") && !arg.startsWith("-Xdebug")) {
                command.add(arg);
            }
        }
        command.addAll(List.of("-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1", "-Dai.djl.pytorch.num_interop_threads=1",
                "-cp", classPath, TrialWorker.class.getName(), configuration.toString(), experimentName,
                Integer.toString(trial.index()), trial.label(), result.toString()));
        Deque<String> tail = new ArrayDeque<>();
        int exit;
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    progress.accept(line);
                    tail.addLast(line);
                    if (tail.size() > TAIL_LINES) {
                        tail.removeFirst();
                    }
                }
            }
            exit = p.waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the process of trial " + trial.label(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while trial " + trial.label() + " ran", e);
        }
        if (exit != 0) {
            throw new IllegalStateException("its process exited with code " + exit + "; its last lines:\n" + String.join("\n", tail));
        }
        return read(result, trial);
    }

    private static TrialResult read(Path file, Trial trial) {
        try (InputStream in = Files.newInputStream(file)) {
            TrialResult r = TrialResultStore.deserialize(in);
            if (!r.trial().equals(trial)) {
                throw new IllegalStateException("The result file of trial " + trial.label() + " holds another trial's result");
            }
            return r;
        } catch (IOException e) {
            throw new IllegalStateException("Could not read the result of trial " + trial.label() + " from " + file + ": " + e, e);
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a temporary file; the directory is deleted on close
            }
        }
    }

    /**
     * Writes a trial's result for {@link #apply} to read (used by {@link TrialWorker}).
     * @param file The file.
     * @param result The result.
     * @throws IOException on failure.
     */
    static void write(Path file, TrialResult result) throws IOException {
        AtomicFiles.write(file, out -> TrialResultStore.serialize(out, result));
    }

    /**
     * Reads the experiment configuration a runner recorded (used by {@link TrialWorker}).
     * @param file The file.
     * @return The configuration.
     * @throws IOException on failure.
     */
    @SuppressWarnings("unchecked")
    static List<ConfigurationData> readConfiguration(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file); ObjectInputStream ois = new ObjectInputStream(in)) {
            ois.setObjectInputFilter(ObjectInputFilter.Config.createFilter(
                    "java.lang.*;java.util.*;com.oracle.labs.mlrg.olcut.config.**;!*"));
            return (List<ConfigurationData>) ois.readObject();
        } catch (ClassNotFoundException e) {
            throw new IOException("Not an experiment configuration: " + file, e);
        }
    }

    /** Deletes the temporary directory. */
    @Override
    public void close() {
        try (Stream<Path> files = Files.list(directory)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            progress.accept("   could not delete the temporary directory " + directory + ": " + e.getMessage());
        }
    }
}
