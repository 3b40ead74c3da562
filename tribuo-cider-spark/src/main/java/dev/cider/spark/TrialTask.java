package dev.cider.spark;

import com.oracle.labs.mlrg.olcut.config.ConfigurationData;
import dev.cider.eval.compare.ForkedTrialRunner;
import dev.cider.eval.compare.Trial;
import dev.cider.eval.compare.TrialResult;
import dev.cider.eval.compare.TrialResultStore;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The Spark task of one trial, run on an executor: it carries the experiment's configuration and the trial, runs the
 * trial in a child JVM ({@link ForkedTrialRunner}: DJL allows one gradient collector per process, and an executor may
 * run several tasks at once) in the executor's temporary directory with the executor's class path, and returns the
 * trial's result in its stored form ({@link TrialResultStore#serialize}), which the driver reads back with the store's
 * class filter. The child's output lines go to the executor's standard output (the console, with a local master).
 */
final class TrialTask implements Function<Integer, byte[]> {
    private static final long serialVersionUID = 1L;

    private final ArrayList<ConfigurationData> configuration;
    private final Trial trial;

    /**
     * Creates the task of a trial.
     * @param configuration The experiment's configuration.
     * @param trial The trial.
     */
    TrialTask(List<ConfigurationData> configuration, Trial trial) {
        this.configuration = new ArrayList<>(configuration);
        this.trial = Objects.requireNonNull(trial, "trial");
    }

    @Override
    public byte[] call(Integer index) throws IOException {
        if (index != trial.index()) {
            throw new IllegalStateException("The task of trial " + trial.label() + " was given trial index " + index);
        }
        TaskContext context = TaskContext.get();
        String attempt = context == null ? "" : " (attempt " + (context.attemptNumber() + 1) + ")";
        System.out.println("   [" + trial.label() + "] running on this executor" + attempt);
        TrialResult result;
        try (ForkedTrialRunner runner = ForkedTrialRunner.of(configuration, classPath(), line -> {
            System.out.println(line);
            System.out.flush();
        })) {
            result = runner.apply(trial);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TrialResultStore.serialize(bytes, result);
        return bytes.toByteArray();
    }

    /*
     * The class path of the trial's JVM: the executor's own, plus the jars Spark added to the task's class loader (the
     * application jar given to spark-submit, --jars), which are not on the executor's java.class.path.
     */
    static String classPath() {
        Set<String> entries = new LinkedHashSet<>(List.of(System.getProperty("java.class.path").split(File.pathSeparator)));
        for (ClassLoader l = Thread.currentThread().getContextClassLoader(); l != null; l = l.getParent()) {
            if (l instanceof URLClassLoader u) {
                for (URL url : u.getURLs()) {
                    if ("file".equals(url.getProtocol())) {
                        try {
                            entries.add(Path.of(url.toURI()).toString());
                        } catch (URISyntaxException | IllegalArgumentException e) {
                            throw new UncheckedIOException(new IOException("A class path entry of the executor is not a file: " + url, e));
                        }
                    }
                }
            }
        }
        entries.remove("");
        return String.join(File.pathSeparator, entries);
    }
}
