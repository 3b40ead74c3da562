package dev.cider.repro;

import dev.cider.data.DataSplit;
import dev.cider.model.CiderModel;
import dev.cider.model.ModelFiles;
import dev.cider.runtime.NumericsEnvironment;
import org.tribuo.Model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reproduces a saved CIDer model from its provenance and reports how close the result is.
 * <p>
 * The trainer's and the data sources' configurations are extracted from the model's provenance with OLCUT's
 * {@code ProvenanceUtil.extractConfiguration} and instantiated by fresh {@code ConfigurationManager}s (after any
 * {@link SettingOverride}s); the trainer's invocation count is restored with {@code setInvocationCount}, so its random
 * state is the one it had. Tribuo's {@code ReproUtil} does this for models trained on one dataset; a CIDer model
 * also records its validation data (the run provenance entry {@code validation-data}), which selects the epoch and
 * tau, and is rebuilt the same way. The test split is the one of the training data's corpus.
 * <p>
 * The retrained model is serialised and read back, so it is compared as it would be saved. Checkpointing is off in
 * the reproduction. Every data file the sources read is hashed again: a file whose SHA-256 differs from the recorded
 * one is reported (the retraining still runs, and the reproduction is then not identical).
 * <p>
 * The numerics environment the saved model records (processor, ATen kernel set, thread counts, numerics mode...) is
 * compared with this process's as it is after the retraining ({@link NumericsEnvironment#currentWithEngine()}); the
 * entries that differ are named among the causes of a reproduction that is not identical.
 */
public final class ModelReproducer {

    private final List<SettingOverride> overrides;
    private final Consumer<String> progress;

    /**
     * A reproducer that retrains exactly as recorded and reports no progress.
     */
    public ModelReproducer() {
        this(List.of(), line -> { });
    }

    /**
     * A reproducer with setting overrides and a progress sink.
     * @param overrides Changes to the recorded trainer and data settings (e.g. a data file that moved).
     * @param progress Receives one line per step (what was rebuilt, changed data files).
     */
    public ModelReproducer(List<SettingOverride> overrides, Consumer<String> progress) {
        this.overrides = List.copyOf(overrides);
        this.progress = progress;
    }

    /**
     * Reads a saved CIDer model.
     * @param file The model file (Tribuo protobuf, as {@code cider train} writes it).
     * @return The model.
     * @throws ReproductionException if there is no such file, it is not a Tribuo model, or the model is not a CIDer model.
     */
    public static CiderModel load(Path file) {
        Model<?> model;
        try {
            model = ModelFiles.read(file);
        } catch (IOException e) {
            throw new ReproductionException(e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new ReproductionException(file + " is not a readable Tribuo model file: " + ComponentRebuilder.describe(e), e);
        }
        if (!(model instanceof CiderModel)) {
            throw new ReproductionException(file + " holds a " + model.getClass().getName() + "; only CIDer models (CiderModel, as"
                    + " cider train saves them) can be reproduced");
        }
        return (CiderModel) model;
    }

    /**
     * Reads a saved CIDer model and reproduces it.
     * @param file The model file.
     * @return The report.
     * @throws ReproductionException if the model cannot be read or its provenance cannot be rebuilt.
     */
    public ReproductionReport reproduce(Path file) {
        try (CiderModel model = load(file)) {
            return reproduce(model);
        }
    }

    /**
     * Reproduces a model: rebuilds its trainer and data from its provenance, retrains and compares.
     * @param original The saved model.
     * @return The report.
     * @throws ReproductionException naming what is missing when the provenance cannot be rebuilt.
     */
    public ReproductionReport reproduce(CiderModel original) {
        try (ComponentRebuilder rebuilder = new ComponentRebuilder()) {
            TrainingRecipe recipe = TrainingRecipe.of(original.getProvenance(), overrides, rebuilder);
            String trainer = recipe.trainer().toString();
            String trainData = recipe.trainSource().toString();
            String validData = recipe.validSource() == null ? null : recipe.validSource().toString();
            progress.accept("Trainer: " + trainer + ", invocation count " + recipe.invocationCount());
            progress.accept("Data: " + trainData + (validData == null ? " (validation held out by the trainer)" : ", validation " + validData));
            for (SettingOverride o : overrides) {
                progress.accept("Override: " + o);
            }
            List<DataFileChange> changes = recipe.dataFileChanges();
            for (DataFileChange c : changes) {
                progress.accept("Warning: " + c.message());
            }
            long t0 = System.nanoTime();
            CiderModel reproduced;
            try (CiderModel retrained = recipe.retrain()) {
                reproduced = (CiderModel) Model.deserialize(retrained.serialize());
            }
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            EnvironmentComparison environment = EnvironmentComparison.ofProcess(original, NumericsEnvironment.currentWithEngine());
            try (CiderModel r = reproduced) {
                List<ProvenanceDifference> differences = ProvenanceDiff.between(original.getProvenance(), r.getProvenance(),
                        reproductionSettingPaths());
                ParameterComparison parameters = ParameterComparison.between(original, r);
                PredictionAgreement predictions = PredictionAgreement.between(original, r, recipe.testExamples(),
                        DataSplit.TEST.canonicalName());
                return new ReproductionReport(original.getName(), trainer, trainData, validData, recipe.invocationCount(), overrides,
                        changes, differences, environment, parameters, predictions, took);
            }
        }
    }

    private static Set<String> reproductionSettingPaths() {
        Set<String> paths = new LinkedHashSet<>();
        for (String field : TrainingRecipe.NON_TRAINING_FIELDS) {
            paths.add("trainer." + field);
        }
        return paths;
    }
}
