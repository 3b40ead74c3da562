package dev.cider.eval.reproduce;

import dev.cider.eval.compare.ExperimentRunner;
import dev.cider.eval.compare.LocalTrialEngine;
import dev.cider.eval.report.ComparisonReport;
import dev.cider.eval.report.JsonResults;
import dev.cider.eval.report.JsonResultsReader;
import dev.cider.eval.report.ReportedComparison;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Reproduces a comparison from its {@code results.json}: reads the file, rebuilds the experiment from the configuration
 * it records ({@link ExperimentRebuilder}), checks the data files against their recorded hashes, runs the experiment
 * again with the given {@link LocalTrialEngine} (trials one at a time in this process, or side by side in child JVMs),
 * and compares every number of the rerun with the recorded one ({@link ResultsDiff}). The rerun is rendered to JSON and
 * read back, so both sides are compared in the form the results file holds.
 * <p>
 * A changed data file does not stop the rerun (its numbers then may differ, and the report says so); a missing one
 * does, before anything runs.
 */
public final class ResultsReproduction {

    private final LocalTrialEngine engine;
    private final Consumer<String> progress;

    /**
     * Creates a reproduction.
     * @param engine Runs the trials (its parallelism decides whether they run in this process or in child JVMs).
     * @param progress Receives progress lines (may be a no-op).
     */
    public ResultsReproduction(LocalTrialEngine engine, Consumer<String> progress) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    /**
     * Reproduces the comparison of a results file.
     * @param resultsFile The results file ({@code results.json}).
     * @param commandLine The command line to record in the rerun's report.
     * @return What the reproduction found.
     * @throws IOException if the file cannot be read.
     * @throws IllegalArgumentException if it is not a results file of the current version, records no experiment
     *     provenance, its experiment cannot be rebuilt, or recorded data files are missing; the message says which.
     * @throws dev.cider.eval.compare.TrialFailedException if trials of the rerun failed.
     */
    public ResultsReproductionReport reproduce(Path resultsFile, List<String> commandLine) throws IOException {
        return reproduce(JsonResultsReader.read(resultsFile), resultsFile.toString(), commandLine);
    }

    /**
     * Reproduces recorded results.
     * @param recorded The recorded results.
     * @param source Their file's name, for messages.
     * @param commandLine The command line to record in the rerun's report.
     * @return What the reproduction found.
     * @throws IOException if the rerun fails to read a file.
     * @throws IllegalArgumentException if the results record no experiment provenance, the experiment cannot be
     *     rebuilt, or recorded data files are missing; the message says which.
     * @throws dev.cider.eval.compare.TrialFailedException if trials of the rerun failed.
     */
    public ResultsReproductionReport reproduce(ReportedComparison recorded, String source, List<String> commandLine) throws IOException {
        progress.accept("== rebuilding the experiment recorded in " + source);
        RebuiltExperiment rebuilt = ExperimentRebuilder.rebuild(recorded, source);
        String check = rebuilt.dataFiles().render();
        check.lines().forEach(progress);
        List<DataFile> missing = rebuilt.dataFiles().missing();
        if (!missing.isEmpty()) {
            StringBuilder sb = new StringBuilder("Cannot rerun the experiment of " + source + ": ");
            sb.append(missing.size()).append(missing.size() == 1 ? " recorded data file is" : " recorded data files are").append(" missing:");
            missing.forEach(f -> sb.append("\n  ").append(f.describe()));
            throw new IllegalArgumentException(sb.toString());
        }
        ComparisonReport report = new ExperimentRunner(rebuilt.experiment(), progress, engine).run(null, commandLine);
        progress.accept("== comparing every number with " + source);
        ReportedComparison rerun = JsonResultsReader.parse(JsonResults.render(report), "the rerun of " + source);
        return new ResultsReproductionReport(source, recorded, report, rerun, rebuilt.dataFiles(), ResultsDiff.between(recorded, rerun));
    }
}
