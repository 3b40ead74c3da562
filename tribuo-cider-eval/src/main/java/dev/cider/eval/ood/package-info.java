/**
 * Out-of-distribution evaluation: generating an OOD re-partition of a corpus from its text
 * ({@link dev.cider.eval.ood.OodSplitGenerator}, cider-spec section 7) and reading or writing split assignments
 * ({@link dev.cider.eval.ood.SplitAssignments}).
 */
package dev.cider.eval.ood;
