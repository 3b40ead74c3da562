/**
 * Reproducing a saved CIDer model from its provenance: {@link dev.cider.repro.ModelReproducer} rebuilds the trainer
 * and the data sources the model records (through OLCUT's {@code ProvenanceUtil.extractConfiguration} and a fresh
 * {@code ConfigurationManager}), restores the trainer's invocation count, retrains, and compares the retrained model
 * with the saved one in a {@link dev.cider.repro.ReproductionReport}: the provenance differences, the saved model's
 * recorded numerics environment against the reproducing process's ({@link dev.cider.repro.EnvironmentComparison}),
 * whether the parameters are bit-identical (else the largest difference per parameter tensor), the agreement of the
 * test split's predictions, and which recorded data files changed since training.
 * <p>
 * {@link dev.cider.repro.ParameterComparison}, {@link dev.cider.repro.PredictionAgreement} and
 * {@link dev.cider.repro.EnvironmentComparison} compare any two CIDer models as well ({@code cider diff-models}).
 */
package dev.cider.repro;
