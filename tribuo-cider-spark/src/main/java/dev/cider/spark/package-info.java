/**
 * An optional {@link dev.cider.eval.compare.TrialEngine} that runs the trials of a tribuo-cider experiment on Apache
 * Spark: {@code cider compare --engine spark --master URL}. Each trial is one Spark task that runs the trial in a child
 * JVM on its executor and returns the result to the driver, which stores it as it finishes.
 */
package dev.cider.spark;
