package dev.cider.eval.compare;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.Configurable;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenancable;
import com.oracle.labs.mlrg.olcut.provenance.impl.ConfiguredObjectProvenanceImpl;
import dev.cider.data.DataSplit;
import dev.cider.data.MultimodalSource;
import dev.cider.eval.report.SystemPair;
import dev.cider.eval.sweep.MissingRateSweep;
import dev.cider.missing.MissingPattern;
import dev.cider.missing.Rmfm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A comparison experiment: systems (CIDer, ablations, Tribuo baselines) trained on a corpus and swept over missing
 * rates with one or more patterns, on the corpus's own test split ("IID"), optionally on an out-of-distribution
 * corpus ("OOD": another partition or a test split with shifted statistics), and optionally on the test splits of other
 * corpora ("cross-dataset": {@code crossData} and {@code crossDatasets}, train on A, test on B).
 * <p>
 * How sure a comparison is: every system is trained once per training seed ({@code trainingSeeds}, the same seeds for
 * every system: a paired design) and every sweep runs once per mask seed ({@code maskSeeds}). The report gives every
 * number as a mean over the seeds with its spread and a 95% interval from a bootstrap over training seeds and test
 * utterances ({@code bootstrapReplicates}, {@code bootstrapSeed}), and compares the declared {@code pairs} with paired
 * tests. Without training seeds every system is trained once with the seed its trainer is configured with.
 */
public final class ComparisonExperiment implements Configurable, Provenancable<ConfiguredObjectProvenance> {

    /** The default number of bootstrap replicates. */
    public static final int DEFAULT_BOOTSTRAP_REPLICATES = 2000;
    /** The default bootstrap seed. */
    public static final long DEFAULT_BOOTSTRAP_SEED = 20261207L;

    @Config(description = "Title of the report.")
    private String title = "CIDer comparison";

    @Config(description = "What the experiment shows (a paragraph for the report).")
    private String description = "";

    @Config(mandatory = true, description = "The corpus: systems train on its train split (CIDer selects on valid) and are tested on its test split.")
    private MultimodalSource data;

    @Config(description = "Name of the setting of 'data' in the report.")
    private String dataName = "IID";

    @Config(description = "An out-of-distribution corpus (another partition, or shifted test statistics); systems are trained on its train split.")
    private MultimodalSource oodData;

    @Config(description = "Name of the setting of 'oodData' in the report.")
    private String oodDataName = "OOD";

    @Config(description = "Cross-dataset evaluation: the models trained on 'data' are also tested on this corpus's test split"
            + " (the same feature dimensions; time steps are padded or truncated to the training corpus's). One corpus;"
            + " several are given with crossDatasets.")
    private MultimodalSource crossData;

    @Config(description = "Name of the cross-dataset setting of 'crossData' in the report.")
    private String crossDataName = "cross-dataset";

    @Config(description = "Further cross-dataset corpora, each named: the models trained on 'data' are also tested on each test"
            + " split (after crossData, if set).")
    private List<CrossDataset> crossDatasets = new ArrayList<>();

    @Config(mandatory = true, description = "The systems to compare.")
    private List<SystemSpec> systems;

    @Config(description = "Missing patterns of the sweeps (default RMFM).")
    private List<MissingPattern> patterns = new ArrayList<>(List.of(new Rmfm()));

    @Config(description = "Missing rates of the sweeps (default 0.0, 0.1, ..., 1.0).")
    private double[] rates = MissingRateSweep.DEFAULT_RATES.clone();

    @Config(description = "Seed of the evaluation masks (used when maskSeeds is empty).")
    private long maskSeed = 0;

    @Config(description = "Seeds of the evaluation masks: every sweep runs once per mask seed and the values of a training"
            + " seed are averaged over them. Empty: maskSeed alone.")
    private long[] maskSeeds = new long[0];

    @Config(description = "Training seeds: every trained system is trained once per seed, with the same seeds for every system"
            + " (a paired design); the seed replaces every 'seed' property of the system's trainer and of the components inside"
            + " it. Empty: every system is trained once with the seed its trainer is configured with.")
    private long[] trainingSeeds = new long[0];

    @Config(description = "The comparisons that matter, each 'A vs B' with two system names; the report gives each pair's"
            + " difference with its interval and a paired test. Empty: the first system against every other system.")
    private List<String> pairs = new ArrayList<>();

    @Config(description = "Bootstrap replicates behind every interval and paired test (at least 100).")
    private int bootstrapReplicates = DEFAULT_BOOTSTRAP_REPLICATES;

    @Config(description = "Seed of the bootstrap resampling (intervals and p-values are reproducible for a given seed).")
    private long bootstrapSeed = DEFAULT_BOOTSTRAP_SEED;

    @Config(description = "If true, CIDer's tau is chosen again on the validation split of each setting it is tested in"
            + " (e.g. the valid split of an OOD partition: a small labelled sample of the shifted distribution), never on a"
            + " test split; models are then reused across settings whose train splits are equal, and their epoch stays the"
            + " one selected on the first setting's valid split. If false, each model keeps the tau chosen when it was trained.")
    private boolean tauPerSetting = false;

    @Config(description = "If true (the default), the report adds the floors every system must beat: the majority class and a"
            + " classifier of the modalities' valid lengths alone (see ReferenceLines), each trained once, and says which"
            + " systems are detectably above them.")
    private boolean referenceLines = true;

    @Config(description = "The split every setting's sweeps are scored on: TEST (the default) or VALID (what a hyper-parameter"
            + " search scores, so that no test utterance takes part in a choice). With VALID the epoch, tau and the score all come"
            + " from the same valid split, so the scores are optimistic; a chosen system is then tested on TEST.")
    private DataSplit evaluationSplit = DataSplit.TEST;

    private List<SystemSpec> referenceSystems = List.of();

    private ComparisonExperiment() {
    }

    /**
     * Creates an experiment.
     * @param title The title.
     * @param data The corpus.
     * @param oodData The OOD corpus, or null.
     * @param systems The systems.
     * @param patterns The patterns.
     * @param rates The rates.
     * @param maskSeed The mask seed.
     */
    public ComparisonExperiment(String title, MultimodalSource data, MultimodalSource oodData, List<SystemSpec> systems,
                                List<MissingPattern> patterns, double[] rates, long maskSeed) {
        this.title = title;
        this.data = data;
        this.oodData = oodData;
        this.systems = new ArrayList<>(systems);
        this.patterns = new ArrayList<>(patterns);
        this.rates = rates.clone();
        this.maskSeed = maskSeed;
        postConfig();
    }

    @Override
    public void postConfig() {
        if (systems == null || systems.isEmpty()) {
            throw new PropertyException("", "systems", "An experiment needs at least one system");
        }
        if (evaluationSplit == DataSplit.TRAIN) {
            throw new PropertyException("", "evaluationSplit", "evaluationSplit must be TEST or VALID, found TRAIN");
        }
        Set<String> names = new HashSet<>();
        for (SystemSpec s : systems) {
            if (ReferenceLines.isReference(s.name())) {
                throw new PropertyException("", "systems", "The name '" + s.name() + "' is reserved for a reference line"
                        + " (set referenceLines to false to leave the reference lines out)");
            }
            if (!names.add(s.name())) {
                throw new PropertyException("", "systems", "Two systems are named '" + s.name() + "'");
            }
            if (s.variantOf() != null) {
                SystemSpec base = systems.stream().filter(b -> b.name().equals(s.variantOf())).findFirst().orElse(null);
                if (base == null || base.variantOf() != null || !names.contains(base.name())) {
                    throw new PropertyException("", "systems", "System '" + s.name() + "' is a variant of '" + s.variantOf()
                            + "', which must be a trained or loaded CIDer system listed before it");
                }
            }
        }
        referenceSystems = referenceLines ? ReferenceLines.systems() : List.of();
        if (patterns == null || patterns.isEmpty()) {
            throw new PropertyException("", "patterns", "An experiment needs at least one missing pattern");
        }
        try {
            new MissingRateSweep(patterns.get(0), rates, maskSeeds().get(0));
        } catch (IllegalArgumentException e) {
            throw new PropertyException(e, "", "rates", e.getMessage());
        }
        distinct("trainingSeeds", trainingSeeds);
        distinct("maskSeeds", maskSeeds);
        if (bootstrapReplicates < 100) {
            throw new PropertyException("", "bootstrapReplicates", "bootstrapReplicates must be at least 100, found " + bootstrapReplicates);
        }
        systemPairs();
        Set<String> settings = new HashSet<>(List.of(dataName));
        if (oodData != null && !settings.add(oodDataName)) {
            throw new PropertyException("", "oodDataName", "oodDataName '" + oodDataName + "' is also the name of 'data'");
        }
        for (CrossDataset c : crossCorpora()) {
            String field = c.data() == crossData ? "crossData" : "crossDatasets";
            if (c.data().getTask() != data.getTask()) {
                throw new PropertyException("", field, "Cross-dataset corpus '" + c.name() + "' is labelled for " + c.data().getTask()
                        + ", data for " + data.getTask());
            }
            if (!settings.add(c.name())) {
                throw new PropertyException("", field, "Two settings are named '" + c.name() + "': every cross-dataset corpus needs its own name");
            }
        }
        if (oodData != null && oodData.getTask() != data.getTask()) {
            throw new PropertyException("", "oodData", "oodData is labelled for " + oodData.getTask() + ", data for " + data.getTask());
        }
    }

    private static void distinct(String field, long[] seeds) {
        if (Arrays.stream(seeds).distinct().count() != seeds.length) {
            throw new PropertyException("", field, field + " must be distinct, found " + Arrays.toString(seeds));
        }
    }

    /** @return The title. */
    public String title() {
        return title;
    }

    /** @return The description. */
    public String description() {
        return description;
    }

    /** @return The corpus. */
    public MultimodalSource data() {
        return data;
    }

    /** @return The IID setting's name. */
    public String dataName() {
        return dataName;
    }

    /** @return The OOD corpus, or null. */
    public MultimodalSource oodData() {
        return oodData;
    }

    /** @return The OOD setting's name. */
    public String oodDataName() {
        return oodDataName;
    }

    /**
     * Every cross-dataset corpus: {@code crossData} (named {@code crossDataName}) if set, then {@code crossDatasets}.
     * @return The corpora, in order.
     */
    public List<CrossDataset> crossCorpora() {
        List<CrossDataset> out = new ArrayList<>();
        if (crossData != null) {
            out.add(new CrossDataset(crossDataName, crossData));
        }
        out.addAll(crossDatasets);
        return out;
    }

    /**
     * Adds cross-dataset corpora after the configured ones.
     * @param corpora The corpora, each named.
     * @return This experiment.
     * @throws PropertyException if a name is taken or a corpus is labelled for another task.
     */
    public ComparisonExperiment withCrossDatasets(List<CrossDataset> corpora) {
        List<CrossDataset> before = crossDatasets;
        crossDatasets = new ArrayList<>(before);
        crossDatasets.addAll(corpora);
        try {
            postConfig();
        } catch (PropertyException e) {
            crossDatasets = before;
            throw e;
        }
        return this;
    }

    /** @return The cross-dataset corpus of {@code crossData}, or null (see {@link #crossCorpora()} for all of them). */
    public MultimodalSource crossData() {
        return crossData;
    }

    /** @return The cross-dataset setting's name. */
    public String crossDataName() {
        return crossDataName;
    }

    /**
     * Sets a cross-dataset corpus.
     * @param name The setting's name.
     * @param corpus The corpus whose test split the models trained on 'data' are tested on.
     * @return This experiment.
     */
    public ComparisonExperiment withCrossData(String name, MultimodalSource corpus) {
        this.crossDataName = name;
        this.crossData = corpus;
        postConfig();
        return this;
    }

    /** @return The systems: the configured ones, then the reference lines (if the experiment has them). */
    public List<SystemSpec> systems() {
        List<SystemSpec> all = new ArrayList<>(systems);
        all.addAll(referenceSystems);
        return Collections.unmodifiableList(all);
    }

    /** @return The names of the reference-line systems ({@link ReferenceLines}), empty if the experiment leaves them out. */
    public List<String> referenceSystemNames() {
        return referenceSystems.stream().map(SystemSpec::name).toList();
    }

    /**
     * Sets whether the report adds the reference lines (majority class, lengths only).
     * @param include True to add them.
     * @return This experiment.
     */
    public ComparisonExperiment withReferenceLines(boolean include) {
        this.referenceLines = include;
        postConfig();
        return this;
    }

    /**
     * The system of a name.
     * @param name The name.
     * @return The system.
     * @throws IllegalArgumentException if no system has that name.
     */
    public SystemSpec system(String name) {
        for (SystemSpec s : systems()) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("The experiment has no system named '" + name + "'");
    }

    /** @return The patterns. */
    public List<MissingPattern> patterns() {
        return patterns;
    }

    /** @return The rates. */
    public double[] rates() {
        return rates.clone();
    }

    /** @return The mask seed (the first of {@link #maskSeeds()}). */
    public long maskSeed() {
        return maskSeeds().get(0);
    }

    /** @return The mask seeds: every sweep runs once per seed. */
    public List<Long> maskSeeds() {
        return maskSeeds.length == 0 ? List.of(maskSeed) : Arrays.stream(maskSeeds).boxed().toList();
    }

    /** @return The training seeds (empty: every system once, with its trainer's configured seed). */
    public List<Long> trainingSeeds() {
        return Arrays.stream(trainingSeeds).boxed().toList();
    }

    /**
     * Sets the seeds: every system is trained once per training seed, and swept once per mask seed.
     * @param training The training seeds (empty: the trainers' configured seeds).
     * @param masks The mask seeds (at least one).
     * @return This experiment.
     */
    public ComparisonExperiment withSeeds(List<Long> training, List<Long> masks) {
        if (masks.isEmpty()) {
            throw new IllegalArgumentException("An experiment needs at least one mask seed");
        }
        this.trainingSeeds = training.stream().mapToLong(Long::longValue).toArray();
        this.maskSeeds = masks.stream().mapToLong(Long::longValue).toArray();
        postConfig();
        return this;
    }

    /**
     * The pairs the report compares: as configured, or the first system against every other configured system (the
     * reference lines are compared with every system separately, see {@link dev.cider.eval.report.ComparisonReport#floors()}).
     * @return The pairs, in order.
     * @throws PropertyException if a configured pair is malformed or names an unknown system.
     */
    public List<SystemPair> systemPairs() {
        List<String> names = systems().stream().map(SystemSpec::name).toList();
        List<SystemPair> out = new ArrayList<>();
        if (pairs.isEmpty()) {
            names = systems.stream().map(SystemSpec::name).toList();
            for (int i = 1; i < names.size(); i++) {
                out.add(new SystemPair(names.get(0), names.get(i)));
            }
            return out;
        }
        for (String p : pairs) {
            int at = p.indexOf(SystemPair.SEPARATOR);
            if (at < 0) {
                throw new PropertyException("", "pairs", "A pair must be written 'A" + SystemPair.SEPARATOR + "B', found '" + p + "'");
            }
            SystemPair pair = new SystemPair(p.substring(0, at).strip(), p.substring(at + SystemPair.SEPARATOR.length()).strip());
            for (String n : List.of(pair.first(), pair.second())) {
                if (!names.contains(n)) {
                    throw new PropertyException("", "pairs", String.format(Locale.ROOT, "Pair '%s' names system '%s', which is not"
                            + " one of %s", p, n, names));
                }
            }
            if (pair.first().equals(pair.second())) {
                throw new PropertyException("", "pairs", "Pair '" + p + "' compares a system with itself");
            }
            if (out.contains(pair)) {
                throw new PropertyException("", "pairs", "Pair '" + p + "' is listed twice");
            }
            out.add(pair);
        }
        return out;
    }

    /**
     * Sets the pairs to compare.
     * @param declared Each "A vs B".
     * @return This experiment.
     */
    public ComparisonExperiment withPairs(List<String> declared) {
        this.pairs = new ArrayList<>(declared);
        postConfig();
        return this;
    }

    /** @return The number of bootstrap replicates. */
    public int bootstrapReplicates() {
        return bootstrapReplicates;
    }

    /** @return The bootstrap seed. */
    public long bootstrapSeed() {
        return bootstrapSeed;
    }

    /**
     * Sets the bootstrap.
     * @param replicates The number of replicates (at least 100).
     * @param seed The seed.
     * @return This experiment.
     */
    public ComparisonExperiment withBootstrap(int replicates, long seed) {
        this.bootstrapReplicates = replicates;
        this.bootstrapSeed = seed;
        postConfig();
        return this;
    }

    /** @return Whether CIDer's tau is chosen on each setting's own validation split. */
    public boolean tauPerSetting() {
        return tauPerSetting;
    }

    /**
     * Sets whether CIDer's tau is chosen again on each setting's validation split.
     * @param perSetting True to choose tau per setting.
     * @return This experiment.
     */
    public ComparisonExperiment withTauPerSetting(boolean perSetting) {
        this.tauPerSetting = perSetting;
        return this;
    }

    /** @return The split the sweeps are scored on (TEST, or VALID for a hyper-parameter search). */
    public DataSplit evaluationSplit() {
        return evaluationSplit;
    }

    /**
     * Sets the split the sweeps are scored on.
     * @param split TEST or VALID.
     * @return This experiment.
     * @throws PropertyException for TRAIN.
     */
    public ComparisonExperiment withEvaluationSplit(DataSplit split) {
        DataSplit before = evaluationSplit;
        evaluationSplit = java.util.Objects.requireNonNull(split, "split");
        try {
            postConfig();
        } catch (PropertyException e) {
            evaluationSplit = before;
            throw e;
        }
        return this;
    }

    @Override
    public ConfiguredObjectProvenance getProvenance() {
        return new ConfiguredObjectProvenanceImpl(this, "ComparisonExperiment");
    }
}
