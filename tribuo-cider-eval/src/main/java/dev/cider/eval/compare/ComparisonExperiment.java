package dev.cider.eval.compare;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.Configurable;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenancable;
import com.oracle.labs.mlrg.olcut.provenance.impl.ConfiguredObjectProvenanceImpl;
import dev.cider.data.MultimodalSource;
import dev.cider.eval.sweep.MissingRateSweep;
import dev.cider.missing.MissingPattern;
import dev.cider.missing.Rmfm;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A comparison experiment: systems (CIDer, ablations, Tribuo baselines) trained on a corpus and swept over missing
 * rates with one or more patterns, on the corpus's own test split ("IID") and optionally on an out-of-distribution
 * corpus ("OOD": another partition or a test split with shifted statistics).
 */
public final class ComparisonExperiment implements Configurable, Provenancable<ConfiguredObjectProvenance> {

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
            + " (it must have the same feature layout).")
    private MultimodalSource crossData;

    @Config(description = "Name of the cross-dataset setting in the report.")
    private String crossDataName = "cross-dataset";

    @Config(mandatory = true, description = "The systems to compare.")
    private List<SystemSpec> systems;

    @Config(description = "Missing patterns of the sweeps (default RMFM).")
    private List<MissingPattern> patterns = new ArrayList<>(List.of(new Rmfm()));

    @Config(description = "Missing rates of the sweeps (default 0.0, 0.1, ..., 1.0).")
    private double[] rates = MissingRateSweep.DEFAULT_RATES.clone();

    @Config(description = "Seed of the evaluation masks.")
    private long maskSeed = 0;

    @Config(description = "If true, CIDer's tau is chosen again on the validation split of each setting it is tested in"
            + " (e.g. the valid split of an OOD partition: a small labelled sample of the shifted distribution), never on a"
            + " test split; models are then reused across settings whose train splits are equal, and their epoch stays the"
            + " one selected on the first setting's valid split. If false, each model keeps the tau chosen when it was trained.")
    private boolean tauPerSetting = false;

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
        Set<String> names = new HashSet<>();
        for (SystemSpec s : systems) {
            if (!names.add(s.name())) {
                throw new PropertyException("", "systems", "Two systems are named '" + s.name() + "'");
            }
        }
        if (patterns == null || patterns.isEmpty()) {
            throw new PropertyException("", "patterns", "An experiment needs at least one missing pattern");
        }
        try {
            new MissingRateSweep(patterns.get(0), rates, maskSeed);
        } catch (IllegalArgumentException e) {
            throw new PropertyException(e, "", "rates", e.getMessage());
        }
        if (crossData != null && crossData.getTask() != data.getTask()) {
            throw new PropertyException("", "crossData", "crossData is labelled for " + crossData.getTask() + ", data for " + data.getTask());
        }
        if (oodData != null && oodData.getTask() != data.getTask()) {
            throw new PropertyException("", "oodData", "oodData is labelled for " + oodData.getTask() + ", data for " + data.getTask());
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

    /** @return The cross-dataset corpus, or null. */
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

    /** @return The systems. */
    public List<SystemSpec> systems() {
        return systems;
    }

    /** @return The patterns. */
    public List<MissingPattern> patterns() {
        return patterns;
    }

    /** @return The rates. */
    public double[] rates() {
        return rates.clone();
    }

    /** @return The mask seed. */
    public long maskSeed() {
        return maskSeed;
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

    @Override
    public ConfiguredObjectProvenance getProvenance() {
        return new ConfiguredObjectProvenanceImpl(this, "ComparisonExperiment");
    }
}
