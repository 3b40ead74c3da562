package dev.cider.eval.compare;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.Configurable;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenancable;
import com.oracle.labs.mlrg.olcut.provenance.impl.ConfiguredObjectProvenanceImpl;
import dev.cider.data.MultimodalSource;

import java.util.Objects;

/**
 * A named corpus of a {@link ComparisonExperiment} on whose test split the models trained on the experiment's
 * {@code data} are also tested ("train on A, test on B"). Its time steps are padded or truncated to the training
 * corpus's layout where they differ (see {@link dev.cider.data.LayoutAdapter}); its feature dimensions must be the same.
 * With {@code tauPerSetting}, CIDer's tau is chosen on its valid split.
 */
public final class CrossDataset implements Configurable, Provenancable<ConfiguredObjectProvenance> {

    @Config(mandatory = true, description = "The setting's name in the report, e.g. 'MOSI -> MOSEI'.")
    private String name;

    @Config(mandatory = true, description = "The corpus (any split of it): the models are tested on its test split.")
    private MultimodalSource data;

    private CrossDataset() {
    }

    /**
     * Creates a cross-dataset corpus.
     * @param name The setting's name.
     * @param data The corpus.
     */
    public CrossDataset(String name, MultimodalSource data) {
        this.name = name;
        this.data = Objects.requireNonNull(data, "data");
        postConfig();
    }

    @Override
    public void postConfig() {
        if (name == null || name.isBlank()) {
            throw new PropertyException("", "name", "A cross-dataset corpus needs a non-empty name");
        }
    }

    /** @return The setting's name. */
    public String name() {
        return name;
    }

    /** @return The corpus. */
    public MultimodalSource data() {
        return data;
    }

    @Override
    public ConfiguredObjectProvenance getProvenance() {
        return new ConfiguredObjectProvenanceImpl(this, "CrossDataset");
    }
}
