package dev.cider.eval.baseline;

import com.oracle.labs.mlrg.olcut.config.ConfigurationData;
import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.Configurable;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import dev.cider.util.SafeConfigFiles;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Loads the Tribuo baseline trainers from an OLCUT XML configuration.
 * <p>
 * The bundled configuration ({@code configs/baselines/baselines.xml} in the repository, on the class path as
 * {@value #DEFAULT_CONFIG_RESOURCE}) defines {@value #LOGISTIC_REGRESSION}, {@value #LINEAR_SVM} and
 * {@value #RANDOM_FOREST}, and the two linear models adapted to the corpus, {@value #LOGISTIC_REGRESSION_ADAPTIVE} and
 * {@value #LINEAR_SVM_ADAPTIVE} ({@link ValidationSelectedTrainer} over learning rates, with and without
 * {@link ClassBalancedTrainer}). They train on the pooled Tribuo features every
 * {@link dev.cider.data.MultimodalExample} carries, so they accept the same datasets as CIDer. Every call
 * builds the trainer from a fresh {@link ConfigurationManager}, so two loaded trainers share no state, and
 * the trained model's provenance records the configured trainer.
 */
public final class Baselines {

    /** Multinomial logistic regression (SGD with AdaGrad) on the pooled features, summaries scaled to [0, 1]. */
    public static final String LOGISTIC_REGRESSION = "logistic-regression";
    /** Linear SVM (hinge loss, SGD with AdaGrad) on the pooled features, summaries scaled to [0, 1]. */
    public static final String LINEAR_SVM = "linear-svm";
    /** Random forest of CART trees with majority voting. */
    public static final String RANDOM_FOREST = "random-forest";
    /** Logistic regression with the learning rate and class balancing chosen on the corpus's valid split. */
    public static final String LOGISTIC_REGRESSION_ADAPTIVE = "logistic-regression-adaptive";
    /** Linear SVM with the learning rate and class balancing chosen on the corpus's valid split. */
    public static final String LINEAR_SVM_ADAPTIVE = "linear-svm-adaptive";
    /** The baselines of the bundled configuration, in report order. */
    public static final List<String> NAMES = List.of(LOGISTIC_REGRESSION, LINEAR_SVM, RANDOM_FOREST);
    /** Every baseline of the bundled configuration a system may name: {@link #NAMES} and the two adaptive ones. */
    public static final List<String> BUNDLED = List.of(LOGISTIC_REGRESSION, LINEAR_SVM, RANDOM_FOREST, LOGISTIC_REGRESSION_ADAPTIVE,
            LINEAR_SVM_ADAPTIVE);
    /** The class-path location of the bundled configuration. */
    public static final String DEFAULT_CONFIG_RESOURCE = "/dev/cider/eval/baseline/baselines.xml";

    private Baselines() {
    }

    /**
     * Loads a baseline from the bundled configuration.
     * @param name One of {@link #NAMES} (any trainer component of the file is accepted).
     * @return A fresh trainer.
     * @throws IllegalArgumentException if no trainer has that name.
     */
    public static Trainer<Label> trainer(String name) {
        return trainer(new ConfigurationManager(defaultConfig()), name);
    }

    /**
     * Loads a trainer from an OLCUT configuration file.
     * @param configFile The XML (or other OLCUT format) file.
     * @param name The component name of a trainer in that file.
     * @return A fresh trainer.
     * @throws IllegalArgumentException if the file does not exist, declares a DOCTYPE or an entity (refused by
     *                                  {@link SafeConfigFiles}), or no trainer has that name.
     */
    public static Trainer<Label> trainer(Path configFile, String name) {
        if (!Files.isRegularFile(configFile)) {
            throw new IllegalArgumentException("Baseline configuration file " + configFile + " does not exist");
        }
        SafeConfigFiles.check(configFile);
        return trainer(new ConfigurationManager(configFile.toString()), name);
    }

    /**
     * Looks up a trainer in a loaded configuration.
     * <p>
     * The configuration cannot state the output type, so the caller vouches that the trainer is a
     * classification ({@link Label}) trainer.
     * @param cm The configuration manager.
     * @param name The component name.
     * @return The trainer (the configuration manager's instance of it).
     * @throws IllegalArgumentException naming the trainers the configuration does define if {@code name}
     *     is not a trainer component.
     */
    @SuppressWarnings("unchecked") // OLCUT configurations are untyped.
    public static Trainer<Label> trainer(ConfigurationManager cm, String name) {
        Objects.requireNonNull(name, "name");
        Optional<ConfigurationData> data = cm.getConfigurationData(name);
        if (data.isEmpty() || !isTrainer(data.get())) {
            throw new IllegalArgumentException("No trainer named '" + name + "' in the baseline configuration; it defines "
                    + trainerNames(cm));
        }
        Configurable c;
        try {
            c = cm.lookup(name);
        } catch (PropertyException e) {
            throw new IllegalArgumentException("Invalid configuration of baseline '" + name + "': " + e.getMessage(), e);
        }
        return (Trainer<Label>) c;
    }

    /**
     * Loads every baseline of the bundled configuration.
     * @return Name to fresh trainer, in the order of {@link #NAMES}.
     */
    public static Map<String, Trainer<Label>> all() {
        Map<String, Trainer<Label>> out = new LinkedHashMap<>();
        for (String name : NAMES) {
            out.put(name, trainer(name));
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * The names of the trainer components of a configuration, sorted.
     * @param cm The configuration manager.
     * @return The names.
     */
    public static List<String> trainerNames(ConfigurationManager cm) {
        List<String> names = new ArrayList<>();
        for (String n : cm.getComponentNames()) {
            Optional<ConfigurationData> d = cm.getConfigurationData(n);
            if (d.isPresent() && isTrainer(d.get())) {
                names.add(n);
            }
        }
        Collections.sort(names);
        return names;
    }

    /**
     * The bundled configuration.
     * @return Its URL on the class path.
     * @throws IllegalStateException if the resource is missing from the build.
     */
    public static URL defaultConfig() {
        URL url = Baselines.class.getResource(DEFAULT_CONFIG_RESOURCE);
        if (url == null) {
            throw new IllegalStateException("The bundled baseline configuration " + DEFAULT_CONFIG_RESOURCE + " is not on the class path");
        }
        return url;
    }

    private static boolean isTrainer(ConfigurationData data) {
        try {
            return Trainer.class.isAssignableFrom(Class.forName(data.getClassName(), false, Baselines.class.getClassLoader()));
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
