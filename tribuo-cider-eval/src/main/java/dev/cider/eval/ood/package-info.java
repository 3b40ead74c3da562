/**
 * Out-of-distribution evaluation: generating an OOD re-partition of a corpus from its text
 * ({@link dev.cider.eval.ood.OodSplitGenerator}, cider-spec section 7), written as split assignments
 * ({@link dev.cider.data.source.SplitAssignments}) that {@link dev.cider.data.source.ReassignedSource} applies to any
 * data source.
 */
package dev.cider.eval.ood;
