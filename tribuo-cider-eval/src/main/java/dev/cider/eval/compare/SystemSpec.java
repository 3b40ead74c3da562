package dev.cider.eval.compare;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.Configurable;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenancable;
import com.oracle.labs.mlrg.olcut.provenance.impl.ConfiguredObjectProvenanceImpl;
import dev.cider.eval.baseline.Baselines;
import dev.cider.eval.report.MarkdownReport;
import dev.cider.train.CiderTrainer;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One system of a comparison: a name and how to obtain its model: a configured trainer (CIDer, an ablation or any
 * Tribuo classifier on the pooled features), one of the bundled Tribuo baselines by name, or a saved model file.
 * <p>
 * A CIDer model is used with the counterfactual debiasing it was trained with: a loaded model keeps the debiasing switch
 * it was saved with and, when tau is chosen again per setting, the tau range its trainer used (0 for a model trained
 * without counterfactual debiasing, which therefore stays undebiased). {@code debias} and {@code maxTau} override both.
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

    @Config(description = "Whether the CIDer model applies counterfactual debiasing: true, false, or empty (the default): a variant debiases, a loaded model"
            + " debiases as it was saved (and chooses tau only if it was trained with maxTau > 0), a trained model as its trainer says.")
    private String debias = "";

    @Config(description = "Largest tau tried when tau is chosen again on a setting's valid split (tauPerSetting), in [0, 10];"
            + " 0 never re-chooses it. Negative (the default): the maxTau the model was trained with (for a loaded model, from its provenance).")
    private double maxTau = -1;

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
        if (!debias.isEmpty() && !debias.equalsIgnoreCase("true") && !debias.equalsIgnoreCase("false")) {
            throw new PropertyException(name, "debias", "debias must be true, false or empty, found '" + debias + "'");
        }
        boolean notCider = baseline != null || (trainer != null && !(trainer instanceof CiderTrainer));
        if (notCider && (!debias.isEmpty() || maxTau >= 0)) {
            throw new PropertyException(name, !debias.isEmpty() ? "debias" : "maxTau", "System '" + name
                    + "' is not a CIDer system: debias and maxTau only apply to CIDer models");
        }
        if (!(maxTau < 0 || maxTau <= 10)) {
            throw new PropertyException(name, "maxTau", "maxTau must be in [0, 10], found " + maxTau);
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
        s.debias = String.valueOf(debias);
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

    /** @return Whether a reused CIDer model (a variant) debiases: the configured value, true when unset. */
    public boolean debias() {
        return !debias.equalsIgnoreCase("false");
    }

    /** @return The configured debiasing switch, empty when the model keeps its own. */
    public Optional<Boolean> debiasOverride() {
        return debias.isEmpty() ? Optional.empty() : Optional.of(Boolean.parseBoolean(debias.toLowerCase(Locale.ROOT)));
    }

    /** @return The configured largest tau of a per-setting tau choice, empty when the model's own applies. */
    public OptionalDouble maxTauOverride() {
        return maxTau < 0 ? OptionalDouble.empty() : OptionalDouble.of(maxTau);
    }

    /**
     * This system with its CIDer debiasing settings overridden (a copy; this one is unchanged).
     * @param debiasing Whether the model debiases, or null to keep the model's own.
     * @param largestTau The largest tau of a per-setting tau choice, or null to keep the model's own.
     * @return The new system.
     * @throws PropertyException if the system is not a CIDer system or largestTau is out of range.
     */
    public SystemSpec withDebiasing(Boolean debiasing, Double largestTau) {
        SystemSpec s = new SystemSpec();
        s.name = name;
        s.trainer = trainer;
        s.baseline = baseline;
        s.modelPath = modelPath;
        s.variantOf = variantOf;
        s.debias = debiasing == null ? "" : debiasing.toString();
        s.maxTau = largestTau == null ? -1 : largestTau;
        s.postConfig();
        return s;
    }

    /** @return A short description of how the system is obtained. */
    public String describe() {
        if (variantOf != null) {
            return "the model of " + variantOf + (debias() ? " with" : " without") + " counterfactual debiasing" + overrides(false);
        }
        if (modelPath != null) {
            return "loaded from " + modelPath + overrides(true);
        }
        return baseline != null ? "Tribuo baseline " + baseline + " on pooled features" : "trained by " + stableName(trainer) + overrides(true);
    }

    private String overrides(boolean withDebias) {
        StringBuilder b = new StringBuilder();
        if (withDebias && !debias.isEmpty()) {
            b.append(debias() ? ", debiasing on" : ", debiasing off");
        }
        if (maxTau >= 0) {
            b.append(String.format(Locale.ROOT, ", tau re-chosen up to %.1f", maxTau));
        }
        return b.toString();
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
