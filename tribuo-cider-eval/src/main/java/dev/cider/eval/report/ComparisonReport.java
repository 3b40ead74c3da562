package dev.cider.eval.report;

import com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance;
import dev.cider.data.SentimentTask;
import dev.cider.eval.stats.HierarchicalBootstrap;
import dev.cider.eval.stats.MultipleComparisons;
import dev.cider.eval.stats.PairedDifference;
import dev.cider.eval.stats.Quantity;
import dev.cider.eval.sweep.SweepResult;
import dev.cider.metrics.SentimentMetric;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * An immutable comparison of systems (CIDer, ablations, Tribuo baselines) over settings (e.g. IID and OOD test
 * splits, each with a missing pattern): a title, a description, one {@link ComparisonRow} per run (setting, system,
 * training seed, mask seed), the curves aggregated over the seeds (every number a mean with its spread and a 95%
 * bootstrap interval, see {@link SweepCurve}), the paired comparisons of the declared pairs with Holm-adjusted
 * p-values, free-form metadata about the run (configuration file and its SHA-256, command line, wall time) and a
 * free-form note per system on how it was obtained. {@link ComparisonReportWriter} writes it as Markdown, CSV, JSON
 * and PNG plots.
 */
public final class ComparisonReport {

    /** Metadata key of the configuration file path. */
    public static final String CONFIG_FILE = "configFile";
    /** Metadata key of the configuration file's SHA-256. */
    public static final String CONFIG_SHA256 = "configSha256";
    /** Metadata key of the training seeds. */
    public static final String TRAINING_SEEDS = "trainingSeeds";
    /** Metadata key of the mask seeds. */
    public static final String MASK_SEEDS = "maskSeeds";
    /** Metadata key of the command line. */
    public static final String COMMAND_LINE = "commandLine";
    /** Metadata key of the wall time. */
    public static final String WALL_TIME = "wallTime";

    private final String title;
    private final String description;
    private final List<ComparisonRow> rows;
    private final Map<String, String> metadata;
    private final Map<String, String> trainingNotes;
    private final List<Long> trainingSeeds;
    private final List<Long> maskSeeds;
    private final HierarchicalBootstrap bootstrap;
    private final List<SystemPair> pairs;
    private final List<String> referenceSystems;
    private final List<PairComparison> floors;
    private final ObjectProvenance experiment;
    private final Map<String, String> environment;
    private final ComparisonView view;
    private final List<PairComparison> comparisons;

    private ComparisonReport(Builder b) {
        this.title = b.title;
        this.description = b.description;
        this.rows = Collections.unmodifiableList(new ArrayList<>(b.rows));
        this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(b.metadata));
        this.trainingNotes = Collections.unmodifiableMap(new LinkedHashMap<>(b.trainingNotes));
        this.trainingSeeds = List.copyOf(b.trainingSeeds);
        this.maskSeeds = List.copyOf(b.maskSeeds);
        this.bootstrap = b.bootstrap;
        this.pairs = List.copyOf(b.pairs);
        this.experiment = b.experiment;
        this.environment = Collections.unmodifiableMap(new LinkedHashMap<>(b.environment));
        this.view = new ComparisonView(aggregate(rows, bootstrap));
        this.comparisons = compare(view, pairs);
        this.referenceSystems = List.copyOf(b.referenceSystems);
        this.floors = floors(view, referenceSystems);
    }

    /** The runs grouped by (setting, system, task) in order of first appearance, each aggregated into a curve. */
    private static List<SweepCurve> aggregate(List<ComparisonRow> rows, HierarchicalBootstrap bootstrap) {
        Map<String, List<SweepResult>> groups = new LinkedHashMap<>();
        Map<String, String> settings = new LinkedHashMap<>();
        for (ComparisonRow r : rows) {
            String key = r.setting() + "\u0000" + r.result().system() + "\u0000" + r.result().points().get(0).metrics().task();
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(r.result());
            settings.put(key, r.setting());
        }
        List<String> keys = new ArrayList<>(groups.keySet());
        // Each curve's bootstrap is independent of the others, so they run in parallel; the order is kept.
        return keys.parallelStream().map(k -> SweepCurve.aggregate(settings.get(k), groups.get(k), bootstrap)).toList();
    }

    /**
     * The paired comparisons: for each setting and declared pair present in it (with the same task), the AUILC and the
     * complete-input value of every metric; p-values adjusted by Holm over every comparison of the same metric and
     * quantity in the report.
     */
    private static List<PairComparison> compare(ComparisonView view, List<SystemPair> pairs) {
        record Raw(String setting, SystemPair pair, PairedDifference difference) {
        }
        List<Raw> raw = new ArrayList<>();
        for (String setting : view.settings()) {
            for (SystemPair pair : pairs) {
                for (SentimentTask task : SentimentTask.values()) {
                    Optional<SweepCurve> a = view.curve(setting, pair.first(), task);
                    Optional<SweepCurve> b = view.curve(setting, pair.second(), task);
                    if (a.isEmpty() || b.isEmpty() || a.get().summary() == null || b.get().summary() == null) {
                        continue;
                    }
                    for (Quantity q : Quantity.values()) {
                        if (!a.get().summary().has(q) || !b.get().summary().has(q)) {
                            continue;
                        }
                        for (SentimentMetric m : SentimentMetric.forTask(task)) {
                            raw.add(new Raw(setting, pair, PairedDifference.between(a.get().summary(), b.get().summary(), m, q)));
                        }
                    }
                }
            }
        }
        Map<String, List<Integer>> families = new LinkedHashMap<>();
        for (int i = 0; i < raw.size(); i++) {
            PairedDifference d = raw.get(i).difference();
            families.computeIfAbsent(d.metric() + "/" + d.quantity(), k -> new ArrayList<>()).add(i);
        }
        double[] adjusted = new double[raw.size()];
        int[] family = new int[raw.size()];
        for (List<Integer> members : families.values()) {
            double[] p = members.stream().mapToDouble(i -> raw.get(i).difference().pValue()).toArray();
            double[] adj = MultipleComparisons.holm(p);
            for (int j = 0; j < members.size(); j++) {
                adjusted[members.get(j)] = adj[j];
                family[members.get(j)] = members.size();
            }
        }
        List<PairComparison> out = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            out.add(new PairComparison(raw.get(i).setting(), raw.get(i).pair(), raw.get(i).difference(), adjusted[i], family[i]));
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * Every system against every reference line on the headline metric of each task (AUILC, or complete input where a
     * setting has no AUILC), one Holm family of its own so that the declared comparisons keep their power.
     */
    private static List<PairComparison> floors(ComparisonView view, List<String> references) {
        List<String> settings = new ArrayList<>();
        List<SystemPair> pairs = new ArrayList<>();
        List<PairedDifference> differences = new ArrayList<>();
        for (String setting : view.settings()) {
            if (view.isSubsetSetting(setting)) {
                continue;
            }
            Quantity q = view.hasAuilc(setting) ? Quantity.AUILC : Quantity.COMPLETE_INPUT;
            for (String system : view.systems(setting)) {
                if (references.contains(system)) {
                    continue;
                }
                for (String reference : references) {
                    for (SentimentTask task : SentimentTask.values()) {
                        Optional<SweepCurve> a = view.curve(setting, system, task);
                        Optional<SweepCurve> b = view.curve(setting, reference, task);
                        if (a.isEmpty() || b.isEmpty() || a.get().summary() == null || b.get().summary() == null
                                || !a.get().summary().has(q) || !b.get().summary().has(q)) {
                            continue;
                        }
                        settings.add(setting);
                        pairs.add(new SystemPair(system, reference));
                        differences.add(PairedDifference.between(a.get().summary(), b.get().summary(), SentimentMetric.headline(task), q));
                    }
                }
            }
        }
        double[] adjusted = MultipleComparisons.holm(differences.stream().mapToDouble(PairedDifference::pValue).toArray());
        List<PairComparison> out = new ArrayList<>();
        for (int i = 0; i < differences.size(); i++) {
            out.add(new PairComparison(settings.get(i), pairs.get(i), differences.get(i), adjusted[i], differences.size()));
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * Starts a report.
     * @param title The title (not blank).
     * @return A builder.
     */
    public static Builder builder(String title) {
        return new Builder(title);
    }

    /** @return The title. */
    public String title() {
        return title;
    }

    /** @return The description of what was run (may be empty). */
    public String description() {
        return description;
    }

    /** @return The rows in the order added. */
    public List<ComparisonRow> rows() {
        return rows;
    }

    /** @return The run's metadata, in the order added. */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** @return System name to a note on how it was obtained, in the order added. */
    public Map<String, String> trainingNotes() {
        return trainingNotes;
    }

    /** @return The numbers of every row, aggregated over seeds, indexed by setting and system. */
    public ComparisonView view() {
        return view;
    }

    /** @return The training seeds (empty: every system once, with its configured seed). */
    public List<Long> trainingSeeds() {
        return trainingSeeds;
    }

    /** @return The mask seeds. */
    public List<Long> maskSeeds() {
        return maskSeeds;
    }

    /** @return The bootstrap behind every interval and paired test. */
    public HierarchicalBootstrap bootstrap() {
        return bootstrap;
    }

    /** @return The provenance of the experiment that made the report (its whole configuration), or null. */
    public ObjectProvenance experiment() {
        return experiment;
    }

    /**
     * What moves CPU numerics in the process that ran the experiment (processor, ATen kernel set, numerics mode, threads,
     * allocator, versions; see {@code dev.cider.runtime.NumericsEnvironment}); every model records its own as well.
     * @return The values, empty if not recorded.
     */
    public Map<String, String> environment() {
        return environment;
    }

    /** @return The reference-line systems (the floors), empty if the experiment has none. */
    public List<String> referenceSystems() {
        return referenceSystems;
    }

    /**
     * Every system against every reference line on the headline metrics (AUILC, or complete input without one), with
     * Holm-adjusted p-values over these comparisons alone.
     * @return The comparisons, system first, in report order.
     */
    public List<PairComparison> floors() {
        return floors;
    }

    /** @return The declared pairs. */
    public List<SystemPair> pairs() {
        return pairs;
    }

    /** @return Every paired comparison, in setting, pair, task, quantity and metric order. */
    public List<PairComparison> comparisons() {
        return comparisons;
    }

    /**
     * The comparisons of one metric and quantity (e.g. the headline AUILC), in order.
     * @param metric The metric.
     * @param quantity The quantity.
     * @return The comparisons.
     */
    public List<PairComparison> comparisons(SentimentMetric metric, Quantity quantity) {
        return comparisons.stream().filter(c -> c.difference().metric() == metric && c.difference().quantity() == quantity).toList();
    }

    /**
     * Builds a {@link ComparisonReport}.
     */
    public static final class Builder {
        private final String title;
        private String description = "";
        private final List<ComparisonRow> rows = new ArrayList<>();
        private final Map<String, String> metadata = new LinkedHashMap<>();
        private final Map<String, String> trainingNotes = new LinkedHashMap<>();
        private List<Long> trainingSeeds = List.of();
        private List<Long> maskSeeds = List.of();
        private List<SystemPair> pairs = List.of();
        private List<String> referenceSystems = List.of();
        private HierarchicalBootstrap bootstrap = new HierarchicalBootstrap();
        private ObjectProvenance experiment;
        private Map<String, String> environment = Map.of();

        private Builder(String title) {
            Objects.requireNonNull(title, "title");
            if (title.isBlank()) {
                throw new IllegalArgumentException("A report needs a title");
            }
            this.title = title.strip();
        }

        /**
         * Sets the description of what was run.
         * @param description Free text (Markdown is kept as is in report.md).
         * @return This builder.
         */
        public Builder description(String description) {
            this.description = Objects.requireNonNull(description, "description").strip();
            return this;
        }

        /**
         * Adds the sweep of one system in one setting.
         * @param setting The setting's name.
         * @param result The result.
         * @return This builder.
         */
        public Builder add(String setting, SweepResult result) {
            rows.add(new ComparisonRow(setting, result));
            return this;
        }

        /**
         * Adds a metadata entry (replacing an earlier value of the key).
         * @param key The key.
         * @param value The value.
         * @return This builder.
         */
        public Builder metadata(String key, String value) {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value for metadata key " + key);
            metadata.put(key, value);
            return this;
        }

        /**
         * Records the configuration file and its SHA-256 ({@link #CONFIG_FILE}, {@link #CONFIG_SHA256}).
         * @param configFile The file.
         * @return This builder.
         * @throws IOException if the file cannot be read.
         */
        public Builder configFile(Path configFile) throws IOException {
            metadata(CONFIG_FILE, configFile.toString());
            return metadata(CONFIG_SHA256, sha256(configFile));
        }

        /**
         * Records the seeds of the experiment ({@link #TRAINING_SEEDS}, {@link #MASK_SEEDS}).
         * @param training The training seeds (empty: every system trained once with its configured seed).
         * @param masks The mask seeds.
         * @return This builder.
         */
        public Builder seeds(List<Long> training, List<Long> masks) {
            this.trainingSeeds = List.copyOf(training);
            this.maskSeeds = List.copyOf(masks);
            metadata(TRAINING_SEEDS, training.isEmpty() ? "none (each system trained once with its configured seed)"
                    : training.stream().map(String::valueOf).collect(Collectors.joining(", ")));
            return metadata(MASK_SEEDS, masks.stream().map(String::valueOf).collect(Collectors.joining(", ")));
        }

        /**
         * Records the provenance of the experiment (its whole configuration), so that the report can be rerun from its
         * results file alone.
         * @param provenance The experiment's provenance.
         * @return This builder.
         */
        public Builder experiment(ObjectProvenance provenance) {
            this.experiment = Objects.requireNonNull(provenance, "provenance");
            return this;
        }

        /**
         * Records what moves CPU numerics in the process that ran the experiment.
         * @param values The values (e.g. {@code NumericsEnvironment.current().values()}).
         * @return This builder.
         */
        public Builder environment(Map<String, String> values) {
            this.environment = new LinkedHashMap<>(values);
            return this;
        }

        /**
         * Declares the pairs to compare (first minus second).
         * @param pairs The pairs.
         * @return This builder.
         */
        public Builder pairs(List<SystemPair> pairs) {
            this.pairs = List.copyOf(pairs);
            return this;
        }

        /**
         * Names the reference-line systems (the floors every other system is compared with).
         * @param names The names (systems of the report's rows).
         * @return This builder.
         */
        public Builder referenceSystems(List<String> names) {
            this.referenceSystems = List.copyOf(names);
            return this;
        }

        /**
         * Sets the bootstrap behind every interval and paired test (default: {@link HierarchicalBootstrap#DEFAULT_REPLICATES}
         * replicates with {@link HierarchicalBootstrap#DEFAULT_SEED}).
         * @param replicates The number of replicates.
         * @param seed The bootstrap seed.
         * @return This builder.
         */
        public Builder bootstrap(int replicates, long seed) {
            this.bootstrap = new HierarchicalBootstrap(replicates, seed, HierarchicalBootstrap.DEFAULT_LEVEL);
            return this;
        }

        /**
         * Records the command line ({@link #COMMAND_LINE}), arguments joined by spaces.
         * @param args The arguments.
         * @return This builder.
         */
        public Builder commandLine(List<String> args) {
            return metadata(COMMAND_LINE, String.join(" ", args));
        }

        /**
         * Records the wall time ({@link #WALL_TIME}) in seconds with one decimal.
         * @param wallTime The elapsed time.
         * @return This builder.
         */
        public Builder wallTime(Duration wallTime) {
            return metadata(WALL_TIME, String.format(Locale.ROOT, "%.1f s", wallTime.toMillis() / 1000.0));
        }

        /**
         * Records how a system was obtained, e.g. "trained with configs/cider.xml (sha256 ...), 30 epochs" or
         * "loaded from models/lr.model".
         * @param system The system's name.
         * @param note The note.
         * @return This builder.
         */
        public Builder trainingNote(String system, String note) {
            trainingNotes.put(Objects.requireNonNull(system, "system"), Objects.requireNonNull(note, "note"));
            return this;
        }

        /**
         * Builds the report: aggregates the runs of each (setting, system, task) over the seeds with the bootstrap, and
         * compares the declared pairs.
         * @return The report.
         * @throws IllegalArgumentException if there are no rows, the runs of a (setting, system, task) are not one full
         *     grid of training seeds by mask seeds, or a setting mixes rate and subset sweeps.
         */
        public ComparisonReport build() {
            if (rows.isEmpty()) {
                throw new IllegalArgumentException("Report '" + title + "' has no results");
            }
            return new ComparisonReport(this);
        }
    }

    /**
     * The SHA-256 of a file's bytes, in lower-case hex.
     * @param file The file.
     * @return The digest.
     * @throws IOException if the file cannot be read.
     */
    public static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This JVM has no SHA-256", e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
