package dev.cider.repro;

import dev.cider.runtime.NumericsEnvironment;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The outcome of reproducing a saved model: what was rebuilt, which recorded data files changed, the provenance
 * differences between the saved model and the retrained one, the saved model's recorded numerics environment against
 * the reproducing process's, the parameter comparison and the agreement of their test predictions. Immutable.
 * <p>
 * A reproduction is {@link #identical()} when the parameters are identical bit for bit, every test prediction is the
 * same (label and probabilities) and no data file changed since training.
 */
public final class ReproductionReport {

    private final String modelName;
    private final String trainer;
    private final String trainingData;
    private final String validationData;
    private final int invocationCount;
    private final List<SettingOverride> overrides;
    private final List<DataFileChange> dataFileChanges;
    private final List<ProvenanceDifference> provenanceDifferences;
    private final EnvironmentComparison environment;
    private final ParameterComparison parameters;
    private final PredictionAgreement predictions;
    private final Duration retrainingTime;

    /**
     * Creates a report ({@link ModelReproducer} does this).
     * @param modelName The saved model's name.
     * @param trainer The rebuilt trainer, described.
     * @param trainingData The rebuilt training data source, described.
     * @param validationData The rebuilt validation data source described, or null when the trainer held out part of
     *                       the training data.
     * @param invocationCount The trainer's invocation count restored from the provenance.
     * @param overrides The setting overrides applied before retraining.
     * @param dataFileChanges The data files that changed since training.
     * @param provenanceDifferences The differences between the saved and the retrained model's provenance.
     * @param environment The saved model's recorded numerics environment against the reproducing process's.
     * @param parameters The parameter comparison.
     * @param predictions The agreement of the test predictions.
     * @param retrainingTime How long the retraining took.
     */
    public ReproductionReport(String modelName, String trainer, String trainingData, String validationData, int invocationCount,
                              List<SettingOverride> overrides, List<DataFileChange> dataFileChanges,
                              List<ProvenanceDifference> provenanceDifferences, EnvironmentComparison environment,
                              ParameterComparison parameters,
                              PredictionAgreement predictions, Duration retrainingTime) {
        this.modelName = modelName;
        this.trainer = trainer;
        this.trainingData = trainingData;
        this.validationData = validationData;
        this.invocationCount = invocationCount;
        this.overrides = List.copyOf(overrides);
        this.dataFileChanges = List.copyOf(dataFileChanges);
        this.provenanceDifferences = List.copyOf(provenanceDifferences);
        this.environment = environment;
        this.parameters = parameters;
        this.predictions = predictions;
        this.retrainingTime = retrainingTime;
    }

    /**
     * Whether the retrained model is the saved one: identical parameters, identical test predictions and unchanged
     * data files.
     * @return True when identical.
     */
    public boolean identical() {
        return parameters.identical() && predictions.identical() && dataFileChanges.isEmpty();
    }

    /**
     * The differences that can explain a reproduction that is not identical: each changed data file, each provenance
     * difference that is not {@linkplain ProvenanceDifference#isExpected() expected} and not an environment entry
     * (data hashes are already named by the data file changes), then each entry of the numerics environment in which
     * the saved model and the reproducing process differ ({@code numerics.KEY: saved | this process}). When the
     * reproduction differs and none is found, one line says so, and whether the environments agree.
     * @return The causes; empty for an identical reproduction.
     */
    public List<String> causes() {
        if (identical()) {
            return List.of();
        }
        List<String> causes = new ArrayList<>();
        for (DataFileChange c : dataFileChanges) {
            causes.add(c.message());
        }
        for (ProvenanceDifference d : significantDifferences()) {
            if (d.kind() != ProvenanceDifference.Kind.DATA_HASH) {
                causes.add(d.describe());
            }
        }
        for (String d : environment.differences()) {
            causes.add(NumericsEnvironment.PROVENANCE_PREFIX + d + " (saved model | this process)");
        }
        if (causes.isEmpty()) {
            causes.add(nothingFound());
        }
        return Collections.unmodifiableList(causes);
    }

    private String nothingFound() {
        String prefix = "no difference in configuration, data or recorded machine facts was found";
        if (environment.bothRecorded()) {
            return prefix + ", and this process's numerics environment (CPU, ATen kernels, threads, numerics mode, versions) is the"
                    + " one the saved model records: the training is not deterministic here, or the saved provenance does not"
                    + " describe how the model was trained";
        }
        return prefix + "; the saved model records no numerics environment, so another one (e.g. another number of PyTorch"
                + " threads or another CPU) may explain it, or the training is not deterministic here, or the saved provenance"
                + " does not describe how the model was trained";
    }

    /**
     * The provenance differences that are not expected from any retraining (not timestamps, not the reproduction's
     * own settings) and are not entries of the numerics environment (those are in {@link #environment()}).
     * @return The differences.
     */
    public List<ProvenanceDifference> significantDifferences() {
        List<ProvenanceDifference> out = new ArrayList<>();
        for (ProvenanceDifference d : provenanceDifferences) {
            if (!d.isExpected() && d.kind() != ProvenanceDifference.Kind.NUMERICS_ENVIRONMENT) {
                out.add(d);
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** @return The saved model's name. */
    public String modelName() {
        return modelName;
    }

    /** @return The rebuilt trainer, described. */
    public String trainer() {
        return trainer;
    }

    /** @return The rebuilt training data source, described. */
    public String trainingData() {
        return trainingData;
    }

    /** @return The rebuilt validation data source described, or null when the trainer held out part of the training data. */
    public String validationData() {
        return validationData;
    }

    /** @return The trainer's invocation count restored from the provenance. */
    public int invocationCount() {
        return invocationCount;
    }

    /** @return The setting overrides applied before retraining. */
    public List<SettingOverride> overrides() {
        return overrides;
    }

    /** @return The recorded data files that changed since training. */
    public List<DataFileChange> dataFileChanges() {
        return dataFileChanges;
    }

    /** @return Every provenance difference between the saved and the retrained model, expected ones included. */
    public List<ProvenanceDifference> provenanceDifferences() {
        return provenanceDifferences;
    }

    /** @return The saved model's recorded numerics environment against the reproducing process's. */
    public EnvironmentComparison environment() {
        return environment;
    }

    /** @return The parameter comparison. */
    public ParameterComparison parameters() {
        return parameters;
    }

    /** @return The agreement of the two models' test predictions. */
    public PredictionAgreement predictions() {
        return predictions;
    }

    /** @return How long the retraining took. */
    public Duration retrainingTime() {
        return retrainingTime;
    }
}
