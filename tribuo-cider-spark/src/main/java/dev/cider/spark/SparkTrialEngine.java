package dev.cider.spark;

import com.oracle.labs.mlrg.olcut.config.ConfigurationData;
import dev.cider.eval.compare.ComparisonExperiment;
import dev.cider.eval.compare.ExperimentConfiguration;
import dev.cider.eval.compare.Trial;
import dev.cider.eval.compare.TrialEngine;
import dev.cider.eval.compare.TrialEngineSettings;
import dev.cider.eval.compare.TrialFailedException;
import dev.cider.eval.compare.TrialListener;
import dev.cider.eval.compare.TrialResult;
import dev.cider.eval.compare.TrialResultStore;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkContext$;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import scala.Option;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the trials of an experiment on Apache Spark. Each trial is one Spark job of one task ({@link TrialTask}) whose
 * closure carries the experiment's configuration and the trial; the task runs the trial in a child JVM on an executor
 * and returns its result. The jobs are submitted together (Spark runs as many at once as the cluster has task slots, in
 * plan order), and the driver hands each result to the {@link TrialListener} as soon as its job finishes, so finished
 * trials are stored while the others still run.
 * <p>
 * A failed task is retried by Spark ({@code spark.task.maxFailures}, set to the engine's retries plus one; for a local
 * master {@code local[N]} becomes {@code local[N,retries+1]}, as Spark does not retry tasks of a local master
 * otherwise). A trial whose task still fails is reported by name with its error once all others have finished.
 */
public final class SparkTrialEngine implements TrialEngine {

    private static final Pattern LOCAL_WITHOUT_RETRIES = Pattern.compile("local(\\[(\\d+|\\*)])?");
    private static final Pattern LOCAL_MASTER = Pattern.compile("local(\\[(\\d+|\\*)(,\\d+)?])?");
    /** The Spark property that holds the master, set by spark-submit. */
    static final String MASTER_PROPERTY = "spark.master";
    /** How often the driver looks for finished trials, in milliseconds. */
    private static final long POLL_MILLIS = 100;

    private final JavaSparkContext context;
    private final boolean owned;

    /**
     * Runs trials on an existing Spark context (which the engine does not stop).
     * @param context The context.
     */
    public SparkTrialEngine(JavaSparkContext context) {
        this(context, false);
    }

    private SparkTrialEngine(JavaSparkContext context, boolean owned) {
        this.context = Objects.requireNonNull(context, "context");
        this.owned = owned;
    }

    /**
     * The engine for the settings. If this JVM already has an active Spark context (e.g. a notebook's, or one the caller
     * started), the engine runs on it and leaves it running; the settings' master must then be absent or the context's,
     * and the settings' Spark properties must agree with the context's, as a running context cannot change them.
     * Otherwise it starts a context: the master is the {@code spark.master} property when spark-submit set it (the
     * settings' master must then be absent or the same), else the settings' master, else {@code local[parallel]};
     * {@code spark.task.maxFailures} is the retries plus one, and the settings' Spark properties are applied last.
     * @param settings The settings.
     * @return The engine; closing it stops the context if the engine started it.
     * @throws IllegalArgumentException if the settings disagree with the active context or with spark-submit's master.
     */
    public static SparkTrialEngine start(TrialEngineSettings settings) {
        Option<SparkContext> active = SparkContext$.MODULE$.getActive();
        if (active.isDefined()) {
            SparkContext running = active.get();
            requireSameMaster(settings.master(), running.master(), "the active Spark context's");
            List<String> conflicts = new ArrayList<>();
            settings.conf().forEach((key, value) -> {
                String current = running.getConf().get(key, null);
                if (!value.equals(current)) {
                    conflicts.add(key + "=" + value + " (the context has " + (current == null ? "none" : current) + ")");
                }
            });
            if (!conflicts.isEmpty()) {
                throw new IllegalArgumentException("A Spark context is already running in this JVM and cannot take other Spark"
                        + " properties: " + String.join(", ", conflicts) + "; set them where that context is created");
            }
            return new SparkTrialEngine(JavaSparkContext.fromSparkContext(running), false);
        }
        SparkConf conf = new SparkConf().setIfMissing("spark.app.name", "cider trials");
        String submitted = conf.get(MASTER_PROPERTY, null);
        if (submitted != null) {
            requireSameMaster(settings.master(), submitted, "spark-submit's (" + MASTER_PROPERTY + ")");
        }
        String master = submitted != null ? submitted : settings.master() != null ? settings.master() : "local[" + settings.parallel() + "]";
        conf.setMaster(withTaskRetries(master, settings.retries()));
        conf.set("spark.task.maxFailures", Integer.toString(settings.retries() + 1));
        settings.conf().forEach(conf::set);
        return new SparkTrialEngine(JavaSparkContext.fromSparkContext(SparkContext.getOrCreate(conf)), true);
    }

    /*
     * A master given on the command line must be the one Spark already has: a second one would be silently ignored (a
     * running context) or would override what spark-submit was told.
     */
    private static void requireSameMaster(String requested, String existing, String whose) {
        if (requested != null && !withoutTaskRetries(requested).equals(withoutTaskRetries(existing))) {
            throw new IllegalArgumentException("--master " + requested + " differs from " + whose + " master " + existing
                    + "; leave --master out to use that one");
        }
    }

    /**
     * A master URL that lets Spark retry failed tasks: a local master without a failure count gets one.
     * @param master The master URL.
     * @param retries Retries per task.
     * @return The master URL to use.
     */
    static String withTaskRetries(String master, int retries) {
        Matcher m = LOCAL_WITHOUT_RETRIES.matcher(master.trim());
        if (!m.matches()) {
            return master;
        }
        return "local[" + (m.group(2) == null ? "1" : m.group(2)) + "," + (retries + 1) + "]";
    }

    /**
     * A master URL without the failure count of a local master ({@code local[2,3]} and {@code local[2]} are the same
     * master; {@code local} is {@code local[1]}), for comparing masters.
     * @param master The master URL.
     * @return The master URL to compare.
     */
    static String withoutTaskRetries(String master) {
        Matcher m = LOCAL_MASTER.matcher(master.trim());
        if (!m.matches()) {
            return master.trim();
        }
        return "local[" + (m.group(2) == null ? "1" : m.group(2)) + "]";
    }

    /** @return The Spark context. */
    public JavaSparkContext context() {
        return context;
    }

    @Override
    public String describe(int trials) {
        return String.format(Locale.ROOT, "on Spark (master %s, %d task slots), each trial one task in its own process on an executor",
                context.master(), context.sc().defaultParallelism());
    }

    @Override
    public List<TrialResult> run(ComparisonExperiment experiment, List<Trial> trials, TrialListener listener) {
        List<ConfigurationData> configuration;
        try {
            configuration = ExperimentConfiguration.extract(experiment.getProvenance());
            ExperimentConfiguration.experimentName(configuration);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The experiment cannot be rebuilt from its configuration, so its trials cannot run on Spark"
                    + " (run them with --engine local --parallel 1): " + e.getMessage(), e);
        }
        Map<Trial, JavaFutureAction<List<byte[]>>> jobs = new LinkedHashMap<>();
        for (Trial t : trials) {
            context.setJobDescription("cider trial " + (t.index() + 1) + ": " + t.label());
            listener.started(t);
            jobs.put(t, context.parallelize(List.of(t.index()), 1).map(new TrialTask(configuration, t)).collectAsync());
        }
        context.setJobDescription(null);
        Map<Integer, TrialResult> results = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        Throwable firstCause = null;
        Map<Trial, JavaFutureAction<List<byte[]>>> running = new LinkedHashMap<>(jobs);
        try {
            while (!running.isEmpty()) {
                boolean any = false;
                for (var it = running.entrySet().iterator(); it.hasNext(); ) {
                    var job = it.next();
                    if (!job.getValue().isDone()) {
                        continue;
                    }
                    it.remove();
                    any = true;
                    Trial t = job.getKey();
                    try {
                        TrialResult r = read(job.getValue().get(), t);
                        results.put(t.index(), r);
                        listener.finished(r);
                    } catch (ExecutionException e) {
                        Throwable cause = e.getCause() == null ? e : e.getCause();
                        failures.add(t.label() + ": " + cause.getMessage());
                        firstCause = firstCause == null ? cause : firstCause;
                    } catch (IOException | RuntimeException e) {
                        failures.add(t.label() + ": " + e.getMessage());
                        firstCause = firstCause == null ? e : firstCause;
                    }
                }
                if (!any) {
                    Thread.sleep(POLL_MILLIS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.values().forEach(f -> f.cancel(true));
            throw new IllegalStateException("Interrupted while " + running.size() + " trials ran on Spark", e);
        }
        if (!failures.isEmpty()) {
            throw new TrialFailedException(String.format(Locale.ROOT, "%d of %d trials failed: %s", failures.size(), trials.size(),
                    String.join("; ", failures)), firstCause);
        }
        List<TrialResult> out = new ArrayList<>();
        for (Trial t : trials) {
            out.add(results.get(t.index()));
        }
        return out;
    }

    private static TrialResult read(List<byte[]> shipped, Trial trial) throws IOException {
        if (shipped.size() != 1) {
            throw new IOException("the task of trial " + trial.label() + " returned " + shipped.size() + " results, expected one");
        }
        TrialResult r = TrialResultStore.deserialize(new ByteArrayInputStream(shipped.get(0)));
        if (!r.trial().equals(trial)) {
            throw new IOException("the task of trial " + trial.label() + " returned the result of " + r.trial().label());
        }
        return r;
    }

    /** Stops the Spark context if this engine started it. */
    @Override
    public void close() {
        if (owned) {
            context.stop();
        }
    }
}
