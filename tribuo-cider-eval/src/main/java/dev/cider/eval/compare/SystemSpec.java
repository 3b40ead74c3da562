package dev.cider.eval.compare;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.Configurable;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenancable;
import com.oracle.labs.mlrg.olcut.provenance.impl.ConfiguredObjectProvenanceImpl;
import dev.cider.eval.baseline.Baselines;
import dev.cider.eval.report.MarkdownReport;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One system of a comparison: a name and how to obtain its model: a configured trainer (CIDer, an ablation or any
 * Tribuo classifier on the pooled features), one of the bundled Tribuo baselines by name, or a saved model file.
 */
public final class SystemSpec implements Configurable, Provenancable<ConfiguredObjectProvenance> {

    @Config(mandatory = true, description = "The system's name in tables and plots.")
    private String name;

    @Config(description = "A trainer to train the system (CiderTrainer or any Tribuo classification trainer).")
    private Trainer<Label> trainer;

    @Config(description = "A bundled Tribuo baseline: logistic-regression, linear-svm, random-forest, logistic-regression-adaptive"
            + " or linear-svm-adaptive.")
    private String baseline;

    @Config(description = "A saved model file to evaluate instead of training.")
    private Path modelPath;

    @Config(description = "Name of an earlier CIDer system whose trained model this system reuses with 'debias' set (no training).")
    private String variantOf;

    @Config(description = "With variantOf: whether the reused CIDer model applies counterfactual debiasing.")
    private boolean debias = true;

    private SystemSpec() {
    }

    /**
     * Creates a system trained by a trainer.
     * @param name The name.
     * @param trainer The trainer.
     */
    public SystemSpec(String name, Trainer<Label> trainer) {
        this.name = name;
        this.trainer = trainer;
        postConfig();
    }

    @Override
    public void postConfig() {
        int given = (trainer != null ? 1 : 0) + (baseline != null ? 1 : 0) + (modelPath != null ? 1 : 0) + (variantOf != null ? 1 : 0);
        if (given != 1) {
            throw new PropertyException(name == null ? "" : name, "trainer", "System '" + name
                    + "' needs exactly one of trainer, baseline, modelPath or variantOf, found " + given);
        }
        if (baseline != null && !Baselines.BUNDLED.contains(baseline)) {
            throw new PropertyException(name, "baseline", "Unknown baseline '" + baseline + "', expected one of " + Baselines.BUNDLED);
        }
        if (modelPath != null && !Files.isRegularFile(modelPath)) {
            throw new PropertyException(name, "modelPath", "No model file at " + modelPath);
        }
    }

    /** @return The name. */
    public String name() {
        return name;
    }

    /**
     * The trainer of this system, or null when it is loaded from a file.
     * @return The trainer.
     */
    public Trainer<Label> trainer() {
        if (trainer != null) {
            return trainer;
        }
        return baseline != null ? Baselines.trainer(baseline) : null;
    }

    /** @return The model file, or null when the system is trained. */
    public Path modelPath() {
        return modelPath;
    }

    /**
     * Creates a system that reuses another CIDer system's model with debiasing switched on or off.
     * @param name The name.
     * @param variantOf The other system's name.
     * @param debias Whether the model debiases.
     * @return The system.
     */
    public static SystemSpec variant(String name, String variantOf, boolean debias) {
        SystemSpec s = new SystemSpec();
        s.name = name;
        s.variantOf = variantOf;
        s.debias = debias;
        s.postConfig();
        return s;
    }

    /**
     * Creates a system evaluated from a saved model file.
     * @param name The name.
     * @param modelPath The model file (it must exist).
     * @return The system.
     */
    public static SystemSpec loaded(String name, Path modelPath) {
        SystemSpec s = new SystemSpec();
        s.name = name;
        s.modelPath = modelPath;
        s.postConfig();
        return s;
    }

    /** @return The CIDer system this one reuses, or null. */
    public String variantOf() {
        return variantOf;
    }

    /** @return Whether a reused CIDer model debiases. */
    public boolean debias() {
        return debias;
    }

    /** @return A short description of how the system is obtained. */
    public String describe() {
        if (variantOf != null) {
            return "the model of " + variantOf + (debias ? " with" : " without") + " counterfactual debiasing";
        }
        if (modelPath != null) {
            return "loaded from " + modelPath;
        }
        return baseline != null ? "Tribuo baseline " + baseline + " on pooled features" : "trained by " + stableName(trainer);
    }

    /**
     * A trainer's own description, or for one that has none (Object's "Class@hash", which changes from run to run) its
     * class name with the trainers inside it, e.g. {@code TransformTrainer(LinearSGDTrainer)}.
     */
    private static String stableName(Trainer<Label> trainer) {
        String text = trainer.toString();
        return text.matches(".*@[0-9a-f]+") ? MarkdownReport.trainerName(trainer.getProvenance()) : text;
    }

    @Override
    public ConfiguredObjectProvenance getProvenance() {
        return new ConfiguredObjectProvenanceImpl(this, "SystemSpec");
    }
}
