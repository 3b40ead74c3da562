package dev.cider.eval.utterance;

import dev.cider.data.Modality;
import dev.cider.model.UtterancePrediction;
import dev.cider.util.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes the predictions of new utterances, atomically: JSON lines (one {@link UtteranceJson#toJson prediction object}
 * per line) when the file name ends in {@code .jsonl} or {@code .json}, otherwise CSV with the columns
 * {@code id,predicted,score_<class>...,missing,notes} (missing modalities and notes separated by {@code ;}).
 */
public final class PredictionFiles {

    private PredictionFiles() {
    }

    /**
     * Whether a file gets JSON lines.
     * @param file The file.
     * @return True for {@code .jsonl} and {@code .json} names.
     */
    public static boolean isJsonLines(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".jsonl") || name.endsWith(".json");
    }

    /**
     * Writes predictions.
     * @param file The file.
     * @param predictions The predictions (at least one).
     * @throws IOException if it cannot be written.
     */
    public static void write(Path file, List<UtterancePrediction> predictions) throws IOException {
        String text = isJsonLines(file) ? jsonLines(predictions) : csv(predictions);
        AtomicFiles.write(file, text.getBytes(StandardCharsets.UTF_8));
    }

    static String jsonLines(List<UtterancePrediction> predictions) {
        StringBuilder sb = new StringBuilder();
        for (UtterancePrediction p : predictions) {
            sb.append(UtteranceJson.toJson(p)).append('\n');
        }
        return sb.toString();
    }

    static String csv(List<UtterancePrediction> predictions) {
        StringBuilder sb = new StringBuilder("id,predicted");
        for (String c : predictions.get(0).probabilities().keySet()) {
            sb.append(",score_").append(c);
        }
        sb.append(",missing,notes\n");
        for (UtterancePrediction p : predictions) {
            sb.append(field(p.id())).append(',').append(field(p.label()));
            for (double s : p.probabilities().values()) {
                sb.append(',').append(String.format(Locale.ROOT, "%.6f", s));
            }
            sb.append(',').append(p.missing().stream().map(Modality::displayName).collect(Collectors.joining(";")));
            sb.append(',').append(field(String.join("; ", p.notes()))).append('\n');
        }
        return sb.toString();
    }

    private static String field(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r") ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }

    /**
     * The console line of a prediction, e.g. {@code u1: positive (negative 0.100, neutral 0.050, positive 0.850);
     * missing: audio, vision}, followed by one indented line per note.
     * @param p The prediction.
     * @return The text, ending with a newline.
     */
    public static String consoleLines(UtterancePrediction p) {
        StringBuilder sb = new StringBuilder(p.id()).append(": ").append(p.label()).append(" (");
        boolean first = true;
        for (Map.Entry<String, Double> e : p.probabilities().entrySet()) {
            sb.append(first ? "" : ", ").append(e.getKey()).append(' ').append(String.format(Locale.ROOT, "%.3f", e.getValue()));
            first = false;
        }
        sb.append("); missing: ").append(p.missing().isEmpty() ? "none"
                : p.missing().stream().map(Modality::displayName).collect(Collectors.joining(", "))).append('\n');
        for (String note : p.notes()) {
            sb.append("    note: ").append(note).append('\n');
        }
        return sb.toString();
    }
}
