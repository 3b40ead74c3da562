package dev.cider.spark;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import org.tribuo.Dataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.sgd.linear.LinearSGDModel;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * A logistic regression trainer that fails its first {@code failures} trainings, counted across processes in a file
 * (one line per attempt): a trial whose task Spark retries, or one that keeps failing.
 */
public final class FlakyTrainer extends LogisticRegressionTrainer {

    @Config(mandatory = true, description = "The file counting the training attempts, one line each.")
    private Path attemptsFile;

    @Config(description = "How many trainings fail before one succeeds.")
    private int failures = 1;

    /** For OLCUT. */
    private FlakyTrainer() {
    }

    /**
     * Creates the trainer.
     * @param attemptsFile The attempts file.
     * @param failures Failing trainings before one succeeds.
     */
    public FlakyTrainer(Path attemptsFile, int failures) {
        this.attemptsFile = attemptsFile;
        this.failures = failures;
        postConfig();
    }

    @Override
    public synchronized void postConfig() {
        super.postConfig();
        if (failures < 0) {
            throw new PropertyException("", "failures", "failures must be at least 0, found " + failures);
        }
    }

    /**
     * The attempts so far.
     * @param file The attempts file.
     * @return Its line count (0 when absent).
     * @throws IOException if it cannot be read.
     */
    public static long attempts(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file).size() : 0;
    }

    @Override
    public LinearSGDModel train(Dataset<Label> examples, Map<String, Provenance> runProvenance, int invocationCount) {
        long attempt;
        try {
            attempt = attempts(attemptsFile) + 1;
            Files.writeString(attemptsFile, "attempt " + attempt + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (attempt <= failures) {
            throw new IllegalStateException("training attempt " + attempt + " fails on purpose");
        }
        return super.train(examples, runProvenance, invocationCount);
    }
}
