/**
 * Tribuo baselines for the CIDer evaluation: standard Tribuo trainers (logistic regression, linear SVM,
 * random forest) configured in OLCUT XML and trained on the pooled features of
 * {@link dev.cider.data.MultimodalExample}, loaded through {@link dev.cider.eval.baseline.Baselines}.
 * Their models are ordinary {@code Model<Label>}s and are scored with {@link dev.cider.metrics}.
 */
package dev.cider.eval.baseline;
