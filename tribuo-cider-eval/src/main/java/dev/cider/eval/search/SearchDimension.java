package dev.cider.eval.search;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.Configurable;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenancable;
import com.oracle.labs.mlrg.olcut.provenance.impl.ConfiguredObjectProvenanceImpl;

import java.util.SplittableRandom;

/**
 * One axis of a hyper-parameter search space: the trainer property it sets and how its values are drawn. Values are
 * the text of an OLCUT property, so a candidate's configuration is the base trainer's with these properties replaced.
 * A property of the network is named through the trainer's architecture component, e.g. {@code architecture.heads}.
 */
public abstract class SearchDimension implements Configurable, Provenancable<ConfiguredObjectProvenance> {

    @Config(mandatory = true, description = "The trainer property this dimension sets: a @Config field of the base trainer (e.g."
            + " learningRate) or a dotted path to a field of a component the trainer holds (e.g. architecture.hiddenDim, the network's"
            + " hidden size in the trainer's CiderArchitecture).")
    private String property;

    /** For OLCUT. */
    protected SearchDimension() {
    }

    /**
     * Creates a dimension.
     * @param property The trainer property.
     */
    protected SearchDimension(String property) {
        this.property = property;
    }

    @Override
    public void postConfig() {
        if (property == null || property.isBlank()) {
            throw new PropertyException("", "property", "A search dimension needs the name of the trainer property it sets");
        }
    }

    /** @return The trainer property this dimension sets. */
    public String property() {
        return property;
    }

    /**
     * Draws one value.
     * @param rng The search's generator.
     * @return The value, as the text of a configuration property.
     */
    public abstract String sample(SplittableRandom rng);

    /** @return The space in words, e.g. "log-uniform in [1e-4, 3e-3]". */
    public abstract String describe();

    /**
     * A property error of this dimension.
     * @param field The offending field.
     * @param message What is wrong.
     * @return The exception.
     */
    protected PropertyException invalid(String field, String message) {
        return new PropertyException("", field, "Search dimension on '" + property + "': " + message);
    }

    @Override
    public ConfiguredObjectProvenance getProvenance() {
        return new ConfiguredObjectProvenanceImpl(this, getClass().getSimpleName());
    }
}
