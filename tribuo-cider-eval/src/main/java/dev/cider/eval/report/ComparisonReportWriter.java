package dev.cider.eval.report;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a whole comparison into a directory: {@value #REPORT_NAME}, {@value #CSV_NAME}, {@value #PAIRS_NAME}, {@value #JSON_NAME} and
 * the PNG plots under {@value ReportPlots#DIRECTORY}/. Every file is written atomically (a temporary file beside
 * it, then a rename), so an existing report is replaced file by file and never left half-written; missing
 * directories are created. Plots an earlier report left in the directory under names this report does not use are
 * deleted ({@link ReportPlots#removeStale}); no other file of the directory is touched.
 */
public final class ComparisonReportWriter {

    /** The Markdown report's file name. */
    public static final String REPORT_NAME = "report.md";
    /** The CSV results' file name. */
    public static final String CSV_NAME = "results.csv";
    /** The JSON results' file name. */
    public static final String JSON_NAME = "results.json";
    /** The paired comparisons' file name. */
    public static final String PAIRS_NAME = "pairs.csv";

    /**
     * The files of a written report.
     *
     * @param directory The report directory.
     * @param markdown  The Markdown report.
     * @param csv       The CSV results.
     * @param pairs     The CSV paired comparisons.
     * @param json      The JSON results.
     * @param plots     The plots, paths relative to the directory.
     * @param removedPlots The plots of an earlier report in the same directory that were deleted because this report
     *                     has none of that name (relative paths); no plot of an earlier report remains.
     */
    public record WrittenReport(Path directory, Path markdown, Path csv, Path pairs, Path json, List<ReportPlot> plots,
                                List<String> removedPlots) {
    }

    private ComparisonReportWriter() {
    }

    /**
     * Writes every file of a report.
     * @param report The report.
     * @param directory The output directory; created with its parents if missing, reused if it exists.
     * @return The files written.
     * @throws IOException if the directory is an existing regular file (or lies under one), or on a write failure.
     */
    public static WrittenReport write(ComparisonReport report, Path directory) throws IOException {
        Path dir = directory.toAbsolutePath().normalize();
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IOException("Cannot write the report into " + directory + ": it is an existing file, not a directory");
        }
        try {
            Files.createDirectories(dir);
        } catch (FileSystemException e) {
            for (Path p = dir.getParent(); p != null; p = p.getParent()) {
                if (Files.exists(p) && !Files.isDirectory(p)) {
                    throw new IOException("Cannot create the report directory " + directory + ": " + p
                            + " is an existing file, not a directory", e);
                }
            }
            throw e;
        }
        List<ReportPlot> plots = ReportPlots.write(dir, report.view(), report.referenceSystems());
        List<String> removedPlots = ReportPlots.removeStale(dir, plots);
        Path csv = dir.resolve(CSV_NAME);
        CsvResults.write(csv, report.view());
        Path pairs = dir.resolve(PAIRS_NAME);
        CsvResults.writePairs(pairs, report.comparisons());
        Path json = dir.resolve(JSON_NAME);
        JsonResults.write(json, report);
        Path md = dir.resolve(REPORT_NAME);
        MarkdownReport.write(md, report, plots);
        return new WrittenReport(dir, md, csv, pairs, json, plots, removedPlots);
    }
}
