package dev.cider.eval.compare;

import dev.cider.eval.report.ComparisonReport;
import dev.cider.eval.report.ComparisonRow;
import dev.cider.runtime.NumericsEnvironment;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Runs a {@link ComparisonExperiment}: expands it into independent {@link Trial}s (one per trained system and training
 * seed, see {@link TrialPlan}), runs them with a {@link TrialEngine} (by default a {@link LocalTrialEngine}: one at a time
 * in this process, with the corpora loaded once, or several side by side, each in its own process; or a distributed
 * engine found by {@link TrialEngines}), and assembles a
 * {@link ComparisonReport} from the trials' results in plan order, so the report is the same however the trials ran.
 * Every system sees the same deterministic evaluation masks.
 * <p>
 * Given a trials directory, the runner keeps a {@link TrialResultStore} there: each trial is stored as it finishes
 * (whether it ran in this process or in a child), so an experiment that dies keeps what it finished, and a rerun of the
 * same experiment reads those trials back and runs only the others; the report is the same either way.
 */
public final class ExperimentRunner {

    /** The report's metadata key naming the split the sweeps were scored on (test, or valid in a search round). */
    public static final String EVALUATION_SPLIT = "evaluationSplit";

    private final ComparisonExperiment experiment;
    private final Consumer<String> progress;
    private final TrialEngine engine;
    private final Path trialsDirectory;

    /**
     * Creates a runner that runs one trial at a time.
     * @param experiment The experiment.
     * @param progress Receives progress lines (may be a no-op).
     */
    public ExperimentRunner(ComparisonExperiment experiment, Consumer<String> progress) {
        this(experiment, progress, new LocalTrialEngine(1));
    }

    /**
     * Creates a runner.
     * @param experiment The experiment.
     * @param progress Receives progress lines (may be a no-op; called from the trials' threads, one line at a time).
     * @param engine Runs the trials.
     */
    public ExperimentRunner(ComparisonExperiment experiment, Consumer<String> progress, TrialEngine engine) {
        this(experiment, progress, engine, null);
    }

    /**
     * Creates a runner that stores every trial as it finishes in a {@link TrialResultStore}, and reads back the trials a
     * previous run of the same experiment finished there instead of running them again.
     * @param experiment The experiment.
     * @param progress Receives progress lines (may be a no-op; called from the trials' threads, one line at a time).
     * @param engine Runs the trials.
     * @param trialsDirectory The store's directory (e.g. {@code <out>/trials}), or null to store nothing.
     */
    public ExperimentRunner(ComparisonExperiment experiment, Consumer<String> progress, TrialEngine engine, Path trialsDirectory) {
        this.trialsDirectory = trialsDirectory;
        this.experiment = Objects.requireNonNull(experiment, "experiment");
        Objects.requireNonNull(progress, "progress");
        this.progress = line -> {
            synchronized (this) {
                progress.accept(line);
            }
        };
        this.engine = Objects.requireNonNull(engine, "engine");
    }

    /**
     * Runs the experiment.
     * @param configFile The configuration file to record (may be null).
     * @param commandLine The command line to record.
     * @return The report.
     * @throws IOException if the configuration file cannot be hashed.
     * @throws TrialFailedException if trials failed (every failed trial is named).
     */
    public ComparisonReport run(Path configFile, List<String> commandLine) throws IOException {
        long t0 = System.nanoTime();
        List<Trial> trials = TrialPlan.expand(experiment);
        TrialResultStore store = trialsDirectory == null ? null : TrialResultStore.open(trialsDirectory, ExperimentFingerprint.of(experiment));
        Map<Integer, TrialResult> stored = store == null ? Map.of() : store.readAll(trials, progress);
        if (!stored.isEmpty()) {
            progress.accept(String.format(Locale.ROOT, "== %d of %d trials read back from %s", stored.size(), trials.size(), store.directory()));
        }
        List<Trial> pending = trials.stream().filter(t -> !stored.containsKey(t.index())).toList();
        Map<Integer, TrialResult> ran = new LinkedHashMap<>();
        if (pending.isEmpty()) {
            progress.accept("== every trial was read back; none runs");
        } else {
            progress.accept(String.format(Locale.ROOT, "== %d trials (%s), %s", pending.size(), seedsText(), engine.describe(pending.size())));
            engine.run(experiment, pending, listener(trials.size(), store)).forEach(r -> ran.put(r.trial().index(), r));
        }
        List<TrialResult> results = new ArrayList<>(trials.size());
        for (Trial t : trials) {
            results.add(stored.containsKey(t.index()) ? stored.get(t.index()) : ran.get(t.index()));
        }
        progress.accept("== computing intervals and paired tests (" + experiment.bootstrapReplicates() + " bootstrap replicates)");
        ComparisonReport.Builder report = ComparisonReport.builder(experiment.title()).description(experiment.description())
                .seeds(experiment.trainingSeeds(), experiment.maskSeeds()).pairs(experiment.systemPairs())
                .referenceSystems(experiment.referenceSystemNames())
                .bootstrap(experiment.bootstrapReplicates(), experiment.bootstrapSeed()).commandLine(commandLine)
                .experiment(experiment.getProvenance()).environment(NumericsEnvironment.current().values());
        report.metadata(EVALUATION_SPLIT, experiment.evaluationSplit().canonicalName());
        if (configFile != null) {
            report.configFile(configFile);
        }
        Map<String, List<String>> notes = new LinkedHashMap<>();
        for (TrialResult r : results) {
            for (ComparisonRow row : r.rows()) {
                report.add(row.setting(), row.result());
            }
            r.notes().forEach((system, note) -> {
                List<String> parts = notes.computeIfAbsent(system, k -> new ArrayList<>(List.of(describe(experiment.system(system)))));
                if (!note.isEmpty()) {
                    parts.add(r.trial().trainingSeed() == null ? note : "seed " + r.trial().trainingSeed() + ": " + note);
                }
            });
        }
        for (Map.Entry<String, List<String>> e : notes.entrySet()) {
            report.trainingNote(e.getKey(), String.join("; ", e.getValue()));
        }
        report.wallTime(Duration.ofNanos(System.nanoTime() - t0));
        return report.build();
    }

    /* Progress lines for each trial as it starts and finishes and, with a store, the trial stored as soon as it finishes. */
    private TrialListener listener(int count, TrialResultStore store) {
        return new TrialListener() {
            @Override
            public void started(Trial trial) {
                progress.accept("-- trial " + (trial.index() + 1) + "/" + count + ": " + trial.label());
            }

            @Override
            public void finished(TrialResult r) {
                if (store != null) {
                    store.write(r);
                }
                progress.accept(String.format(Locale.ROOT, "-- trial %s done in %.1f s", r.trial().label(), r.seconds()));
            }

            @Override
            public void progress(String line) {
                progress.accept(line);
            }
        };
    }

    /** How a system was obtained; for a trained system of a seeded experiment, that its seed was replaced. */
    private String describe(SystemSpec system) {
        if (experiment.referenceSystemNames().contains(system.name())) {
            return "reference line: " + system.describe() + ", trained once (deterministic)";
        }
        boolean seeded = !experiment.trainingSeeds().isEmpty() && system.trainer() != null;
        return system.describe() + (seeded ? " (every seed replaced by each training seed)" : "");
    }

    private String seedsText() {
        List<Long> seeds = experiment.trainingSeeds();
        return seeds.isEmpty() ? "each system once, with its configured seed" : seeds.size() + " training seeds " + seeds;
    }
}
