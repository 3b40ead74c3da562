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
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;

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
     * Starts (or joins, under spark-submit) a Spark context for the settings: the master is the settings' master, else
     * the {@code spark.master} property (set by spark-submit), else {@code local[parallel]}.
     * @param settings The settings.
     * @return The engine; closing it stops the context.
     */
    public static SparkTrialEngine start(TrialEngineSettings settings) {
        SparkConf conf = new SparkConf().setIfMissing("spark.app.name", "cider trials");
        String master = settings.master() != null ? settings.master() : conf.get("spark.master", "local[" + settings.parallel() + "]");
        conf.setMaster(withTaskRetries(master, settings.retries()));
        conf.set("spark.task.maxFailures", Integer.toString(settings.retries() + 1));
        settings.conf().forEach(conf::set);
        return new SparkTrialEngine(JavaSparkContext.fromSparkContext(SparkContext.getOrCreate(conf)), true);
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
