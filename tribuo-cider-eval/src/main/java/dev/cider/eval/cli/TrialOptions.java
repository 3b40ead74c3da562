package dev.cider.eval.cli;

import com.oracle.labs.mlrg.olcut.config.Option;
import com.oracle.labs.mlrg.olcut.config.Options;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import dev.cider.eval.compare.ComparisonExperiment;
import dev.cider.eval.compare.LocalTrialEngine;
import dev.cider.eval.compare.TrialEngine;
import dev.cider.eval.compare.TrialEngineSettings;
import dev.cider.eval.compare.TrialEngines;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the trials of a comparison run, shared by {@code compare} and {@code demo}: on which engine (this machine, or
 * Spark with the optional module), how many side by side, how often a failed trial is retried, and the training and
 * mask seeds that replace the experiment's.
 */
public final class TrialOptions implements Options {

    /** Trials run side by side. */
    @Option(longName = "parallel", usage = "Trials (one system and training seed each) run side by side, each in its own process"
            + " on one PyTorch thread (default: the number of cores; 1 runs them one after the other in this process).")
    public int parallel = Runtime.getRuntime().availableProcessors();

    /** The engine that runs the trials. */
    @Option(longName = "engine", usage = "Where the trials run: local (this machine, the default) or spark (Apache Spark, with the"
            + " optional module tribuo-cider-spark on the class path; see --master).")
    public String engine = TrialEngines.LOCAL;

    /** The Spark master. */
    @Option(longName = "master", usage = "With --engine spark: the Spark master, e.g. local[2] (embedded, two trials at a time) or"
            + " spark://host:7077 (default: the spark.master property, else local[N] with N the --parallel value).")
    public String master;

    /** The long name of {@link #conf}, which may be repeated on the command line (see {@link CiderMain}). */
    static final String CONF_OPTION = "conf";

    /** Engine properties. */
    @Option(longName = CONF_OPTION, usage = "With --engine spark: a Spark property KEY=VALUE (e.g. spark.executor.memory=4g), passed on"
            + " to the Spark configuration; repeat the option for several.")
    public List<String> conf;

    /** Retries of a failed trial. */
    @Option(longName = "retries", usage = "How many times a failed trial is tried again before it is reported as failed (default: "
            + LocalTrialEngine.DEFAULT_RETRIES + "; on Spark, task retries).")
    public int retries = LocalTrialEngine.DEFAULT_RETRIES;

    /** Training seeds replacing the experiment's. */
    @Option(longName = "training-seeds", usage = "Comma-separated training seeds, replacing the experiment's (every system is"
            + " trained once per seed, with the same seeds for every system).")
    public long[] trainingSeeds;

    /** Mask seeds replacing the experiment's. */
    @Option(longName = "mask-seeds", usage = "Comma-separated mask seeds, replacing the experiment's (every sweep runs once per seed).")
    public long[] maskSeeds;

    /**
     * For OLCUT.
     */
    public TrialOptions() {
    }

    @Override
    public String getOptionsDescription() {
        return "How the trials run: side by side, and with which seeds.";
    }

    /**
     * The engine that runs the trials.
     * @return The engine; the caller closes it.
     * @throws IllegalArgumentException if --parallel is below 1, --retries below 0, --master or --conf given to the local engine, or
     *     the engine is not on the class path.
     */
    public TrialEngine engine() {
        if (parallel < 1) {
            throw new IllegalArgumentException("--parallel must be at least 1, found " + parallel);
        }
        if (retries < 0) {
            throw new IllegalArgumentException("--retries must be at least 0, found " + retries);
        }
        if (master != null && TrialEngines.LOCAL.equals(engine)) {
            throw new IllegalArgumentException("--master " + master + " is for a distributed engine; add --engine spark");
        }
        Map<String, String> properties = engineProperties();
        if (!properties.isEmpty() && TrialEngines.LOCAL.equals(engine)) {
            throw new IllegalArgumentException("--conf " + properties.keySet().iterator().next() + "=... is for a distributed engine;"
                    + " add --engine spark");
        }
        return TrialEngines.named(engine, new TrialEngineSettings(parallel, retries, master, properties));
    }

    /**
     * The engine properties given with {@code --conf KEY=VALUE}, in order.
     * @return Key to value.
     * @throws IllegalArgumentException if a value has no key, or a key is given twice.
     */
    public Map<String, String> engineProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        for (String entry : conf == null ? List.<String>of() : conf) {
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--conf takes KEY=VALUE (e.g. spark.executor.memory=4g), found '" + entry + "'");
            }
            String key = entry.substring(0, eq).trim();
            if (properties.put(key, entry.substring(eq + 1)) != null) {
                throw new IllegalArgumentException("--conf gives " + key + " twice");
            }
        }
        return properties;
    }

    /**
     * The experiment with the seeds given on the command line, where given.
     * @param experiment The experiment.
     * @return The experiment.
     * @throws IllegalArgumentException if the seeds are not valid (e.g. repeated).
     */
    public ComparisonExperiment apply(ComparisonExperiment experiment) {
        if (trainingSeeds == null && maskSeeds == null) {
            return experiment;
        }
        List<Long> t = trainingSeeds == null ? experiment.trainingSeeds() : Arrays.stream(trainingSeeds).boxed().toList();
        List<Long> m = maskSeeds == null ? experiment.maskSeeds() : Arrays.stream(maskSeeds).boxed().toList();
        try {
            return experiment.withSeeds(t, m);
        } catch (PropertyException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
