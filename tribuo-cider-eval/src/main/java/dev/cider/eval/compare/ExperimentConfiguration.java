package dev.cider.eval.compare;

import com.oracle.labs.mlrg.olcut.config.ConfigurationData;
import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.Configurable;
import com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;

import java.util.List;

/**
 * Turns an experiment into its configuration and back: the configuration is extracted from the experiment's provenance
 * ({@link ProvenanceUtil#extractConfiguration}), and an experiment is rebuilt from a configuration by a fresh
 * {@link ConfigurationManager}. Trials in child JVMs ({@link ForkedTrialRunner}, {@link TrialWorker}) and reruns of a
 * results file ({@code dev.cider.eval.reproduce}) rebuild their experiments this way.
 */
public final class ExperimentConfiguration {

    private ExperimentConfiguration() {
    }

    /**
     * The configuration of an experiment, as recorded in its provenance.
     * @param provenance The experiment's provenance (live, or rebuilt from a results file).
     * @return The configuration: the experiment's component and every component it refers to.
     * @throws IllegalArgumentException if the configuration cannot be extracted (e.g. a component that is not
     *     configurable); the message says why.
     */
    public static List<ConfigurationData> extract(ObjectProvenance provenance) {
        try {
            return ProvenanceUtil.extractConfiguration(provenance);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("The experiment's configuration cannot be extracted from its provenance: " + e.getMessage(), e);
        }
    }

    /**
     * The name of the experiment's component in a configuration.
     * @param configuration The configuration.
     * @return The name of its only {@link ComparisonExperiment} component.
     * @throws IllegalArgumentException if it holds no experiment, or several.
     */
    public static String experimentName(List<ConfigurationData> configuration) {
        List<String> names = configuration.stream().filter(c -> ComparisonExperiment.class.getName().equals(c.getClassName()))
                .map(ConfigurationData::getName).toList();
        if (names.size() != 1) {
            throw new IllegalArgumentException("The configuration holds " + names.size() + " ComparisonExperiment components "
                    + names + ", expected exactly one");
        }
        return names.get(0);
    }

    /**
     * Rebuilds an experiment from a configuration, in a fresh configuration manager.
     * @param configuration The configuration.
     * @param name The experiment's component name.
     * @return The experiment.
     * @throws IllegalArgumentException if the component cannot be built or is not an experiment; the message says why.
     */
    public static ComparisonExperiment rebuild(List<ConfigurationData> configuration, String name) {
        Configurable component;
        try {
            ConfigurationManager cm = new ConfigurationManager();
            cm.addConfiguration(configuration);
            component = cm.lookup(name);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Could not rebuild the experiment '" + name + "' from its configuration: " + e.getMessage(), e);
        }
        if (!(component instanceof ComparisonExperiment experiment)) {
            throw new IllegalArgumentException("Component '" + name + "' is "
                    + (component == null ? "not in the configuration" : "a " + component.getClass().getName()) + ", not a ComparisonExperiment");
        }
        return experiment;
    }

    /**
     * Rebuilds an experiment from its provenance.
     * @param provenance The experiment's provenance.
     * @return A new experiment with the same configuration.
     * @throws IllegalArgumentException if it cannot be rebuilt; the message says why.
     */
    public static ComparisonExperiment rebuild(ObjectProvenance provenance) {
        List<ConfigurationData> configuration = extract(provenance);
        return rebuild(configuration, experimentName(configuration));
    }
}
