package dev.cider.eval.reproduce;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cider.eval.report.ComparisonReport;
import dev.cider.eval.report.ReportedComparison;
import dev.cider.util.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a reproduction found: the recorded results, the rerun (as a report, to be written like any comparison, and as
 * read back from its JSON form), the data files against their recorded hashes, and the diff of every number.
 *
 * @param source      The results file's name.
 * @param recorded    The recorded results.
 * @param rerunReport The rerun's report.
 * @param rerun       The rerun's results, rendered to JSON and read back as the recorded ones were.
 * @param dataFiles   The data files against their recorded hashes.
 * @param diff        The rerun against the recorded results.
 */
public record ResultsReproductionReport(String source, ReportedComparison recorded, ComparisonReport rerunReport, ReportedComparison rerun,
                                 DataFileCheck dataFiles, ResultsDiff diff) {

    /** The value of the JSON form's {@code format} field. */
    public static final String FORMAT = "cider-reproduction";
    /** The version of the JSON form. */
    public static final int VERSION = 1;

    /**
     * Creates a report.
     */
    public ResultsReproductionReport {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(recorded, "recorded");
        Objects.requireNonNull(rerunReport, "rerunReport");
        Objects.requireNonNull(rerun, "rerun");
        Objects.requireNonNull(dataFiles, "dataFiles");
        Objects.requireNonNull(diff, "diff");
    }

    /** @return True if every data file is as recorded and every number and verdict of the rerun is identical. */
    public boolean identical() {
        return dataFiles.unchanged() && diff.identical();
    }

    /**
     * One line saying whether the rerun reproduced the recorded results, and if not, what differs.
     * @return The line, e.g. {@code Reproducing results.json: IDENTICAL} or {@code Reproducing results.json: NOT
     *     IDENTICAL (2 numbers differ, 1 data file not as recorded)}.
     */
    public String summary() {
        if (identical()) {
            return "Reproducing " + source + ": IDENTICAL";
        }
        List<String> what = new ArrayList<>();
        if (diff.numbersDiffering() > 0) {
            what.add(count(diff.numbersDiffering(), "number differs", "numbers differ"));
        }
        if (!diff.changedVerdicts().isEmpty()) {
            what.add(count(diff.changedVerdicts().size(), "verdict changed", "verdicts changed"));
        }
        if (!diff.unmatched().isEmpty()) {
            what.add(count(diff.unmatched().size(), "item on one side only", "items on one side only"));
        }
        if (!dataFiles.problems().isEmpty()) {
            what.add(count(dataFiles.problems().size(), "data file not as recorded", "data files not as recorded"));
        }
        return "Reproducing " + source + ": NOT IDENTICAL (" + String.join(", ", what) + ")";
    }

    private static String count(int n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    /**
     * Renders the report for people: the summary line, the data file check, then the diff.
     * @return The text, lines ending in '\n'.
     */
    public String render() {
        StringBuilder sb = new StringBuilder(summary()).append("\n\n");
        sb.append(dataFiles.render());
        if (!dataFiles.problems().isEmpty()) {
            sb.append("  (the rerun read data other than the recorded run did, so its numbers may differ for that reason)\n");
        }
        sb.append('\n').append(diff.render());
        return sb.toString();
    }

    /**
     * The JSON form: {@code format} ({@value #FORMAT}), {@code formatVersion}, {@code results} (the file), {@code title},
     * {@code identical}, {@code dataFiles} (each source, sourceClass, file, recordedSha256, currentSha256, status,
     * detail; hashes null where unknown) and {@code diff} (see {@link ResultsDiff#toJson()}).
     * @return The JSON object.
     */
    public ObjectNode toJson() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("format", FORMAT);
        root.put("formatVersion", VERSION);
        root.put("results", source);
        root.put("title", recorded.title());
        root.put("identical", identical());
        ArrayNode files = root.putArray("dataFiles");
        for (DataFile f : dataFiles.files()) {
            ObjectNode n = files.addObject();
            n.put("source", f.source());
            n.put("sourceClass", f.sourceClass());
            n.put("file", f.file());
            n.put("recordedSha256", f.recorded());
            n.put("currentSha256", f.current());
            n.put("status", f.status().name());
            n.put("detail", f.detail());
        }
        root.set("diff", diff.toJson());
        return root;
    }

    /**
     * Writes the JSON form atomically.
     * @param file The file (its parent directories are created).
     * @throws IOException on failure; a previous file is then unchanged.
     */
    public void writeJson(Path file) throws IOException {
        String text;
        try {
            text = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(toJson()) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not serialise the reproduction of " + source + " to JSON", e);
        }
        AtomicFiles.write(file, text.getBytes(StandardCharsets.UTF_8));
    }
}
